/**
 * Arbitraries for what people (and forgers) can put in front of the bot: unicode of every kind, control
 * characters, Slack markup that would ping a channel, mrkdwn, HTML entities, JSON, SQL-ish text, numbers that are
 * almost ids, and very long strings. Shared by the fuzz tests of the command, the shortcut and the buttons.
 */
import fc from 'fast-check';

/** Slack markup that pings or links when it reaches a message unescaped. */
export const PINGS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<!subteam^S123>',
  '<!subteam^S0123ABCD|@oncall>',
  '<@U123>',
  '<@W0BOB2222|bob>',
  '<#C123>',
  '<#C0123456|deploys>',
  '<http://x|y>',
  '<https://evil.example/?a=1&b=2|click me>',
  '<mailto:a@example.com|mail>',
  '<!date^1700000000^{date}|today>',
  '&lt;!channel&gt;',
  '&lt;@U123&gt;',
];

/** Text that means something to mrkdwn, HTML, JSON, SQL or a template engine. */
export const MARKUP = [
  '*bold*',
  '_it_',
  '~gone~',
  '`code`',
  '```block```',
  '> quote',
  '&gt; quote',
  '&amp;',
  '&lt;',
  '&#60;',
  '&#x3C;',
  '&nbsp;',
  '<b>x</b>',
  '<script>alert(1)</script>',
  '{"id":29476}',
  '[29476]',
  '{"__proto__":{"polluted":1}}',
  "'; DROP TABLE watches; --",
  '" OR 1=1 --',
  '29476; DELETE FROM watches',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection attempt, as a user would type it
  '${7*7}',
  '{{7*7}}',
  '%s%n%d',
  '\\u0000',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'toString',
];

/** Unicode that breaks naive code: RTL, combining marks, ZWJ sequences, CJK, lone surrogates, odd spaces. */
export const UNICODE = [
  '\u202e', // right-to-left override
  '\u200f',
  'مرحبا',
  'שלום',
  'e\u0301\u0301\u0301',
  'Z̸̡̛̖̗̀a̴̬̅l̶g̵o̴',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🚀',
  '订单服务',
  '镜像构建',
  'パイプライン',
  '\ud800',
  '\udfff',
  '\ud83d',
  '\ufeff',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u3000',
  '٢٩٤٧٦', // Arabic-Indic digits
  '２９４７６', // full-width digits
];

/** C0 and C1 controls, DEL, and the whitespace that breaks layouts. */
export const CONTROLS = [
  '\u0000',
  '\u0001',
  '\u0007',
  '\b',
  '\t',
  '\n',
  '\v',
  '\f',
  '\r',
  '\u001b',
  '\u007f',
  '\u0085',
];

/** Numbers that are almost pipeline ids. */
export const ID_LIKE = [
  '29476',
  '029476',
  '0000029476',
  '0',
  '000',
  '-29476',
  '+29476',
  '29476.0',
  '2.9476e4',
  '1e400',
  '0x7324',
  '29476n',
  '#29476',
  '#-1',
  '#0',
  '999999999999999999',
  '9999999999999999999',
  '9'.repeat(40),
  'NaN',
  'Infinity',
  'null',
  'undefined',
  'true',
];

/** Words the command parser reacts to, and ids the simulator knows (and one it does not). */
export const COMMAND_WORDS = ['watch', 'unwatch', 'list', 'help', '?', 'share', 'SHARE', 'changes', 'failures', 'all'];
export const KNOWN_IDS = ['29476', '29501', '29502', '29503', '29504', '29505', '99999'];

const token = fc.oneof(
  { arbitrary: fc.constantFrom(...PINGS), weight: 3 },
  { arbitrary: fc.constantFrom(...MARKUP), weight: 2 },
  { arbitrary: fc.constantFrom(...UNICODE), weight: 2 },
  { arbitrary: fc.constantFrom(...CONTROLS), weight: 1 },
  { arbitrary: fc.constantFrom(...ID_LIKE), weight: 2 },
  { arbitrary: fc.constantFrom(...COMMAND_WORDS, ...KNOWN_IDS), weight: 3 },
  { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
);

const separator = fc.constantFrom(' ', ' ', ' ', '', '  ', '\n', '\t', '\u00a0', '|', '/', '#', ':', '=');

/** A few tokens glued with separators: reaches the parser's branches far more often than random bytes. */
export const tokenText: fc.Arbitrary<string> = fc
  .array(fc.tuple(token, separator), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([t, s]) => t + s).join(''));

/** Text up to `max` characters, 10,000 by default: every kind above, random strings, and long repeats. */
export function hostileText(max = 10_000): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: tokenText, weight: 8 },
    { arbitrary: fc.string({ maxLength: 40, unit: 'grapheme' }), weight: 2 },
    { arbitrary: fc.string({ maxLength: 40, unit: 'binary' }), weight: 2 },
    { arbitrary: fc.string({ maxLength: 40, unit: 'binary-ascii' }), weight: 1 },
    { arbitrary: fc.constantFrom(...PINGS, ...MARKUP, ...UNICODE, ...ID_LIKE), weight: 2 },
    {
      // Up to `max` characters: a token repeated (a pasted log, a stuck key).
      arbitrary: fc
        .tuple(fc.constantFrom(...PINGS, ...MARKUP, ...UNICODE, ...CONTROLS, 'x', '9'), fc.nat({ max }))
        .map(([t, n]) => t.repeat(Math.max(1, Math.floor(n / t.length))).slice(0, max)),
      weight: 1,
    },
    { arbitrary: fc.constant('x'.repeat(max)), weight: 1 },
  );
}

/** Any JSON-ish value a forged payload field may hold instead of a string. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
