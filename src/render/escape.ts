/**
 * Text that did not come from us (pipeline, stage, group, reviewer names, descriptions, log lines, unknown statuses)
 * goes through here: `&`, `<`, `>` escaped so `<!channel>` in a stage name pings nobody, links broken so a
 * description cannot carry a phishing link Slack would make clickable, whitespace collapsed so a name cannot break a
 * card's lines, and lengths cut without splitting an entity or an emoji.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const NEEDS_ESCAPE = /[&<>]/;

/** Escapes the three characters Slack's mrkdwn reads as control characters. */
export function escapeMrkdwn(raw: string): string {
  return NEEDS_ESCAPE.test(raw) ? raw.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c) : raw;
}

// Control characters and any run of whitespace (newlines included) become one space.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const LAYOUT_BREAKERS = /[\s\u0000-\u001f\u007f\u2028\u2029]+/g;
// Half of a surrogate pair: not text. Slack's Web API client cannot even send it (its form encoding throws).
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: same set as above
const ODD_TEXT = /^\s|\s$|[^\S ]|\s\s|[\u0000-\u001f\u007f\ud800-\udfff]/;

/**
 * Collapses whitespace and control characters — a name is always one line — and replaces a lone surrogate (a
 * broken emoji in a name from SWR) with U+FFFD.
 */
export function oneLine(raw: string): string {
  // Most names hold at most single spaces and no surrogates: skip the replaces for them.
  return ODD_TEXT.test(raw) ? raw.replace(LAYOUT_BREAKERS, ' ').replace(LONE_SURROGATE, '\ufffd').trim() : raw;
}

/** U+2060 WORD JOINER: invisible and zero-width, but no link or domain pattern reads across it. */
const WJ = '\u2060';
// `scheme://`, `www.`, `mailto:`, and a dot between a letter or digit and a letter (`evil.com`, `a@b.example`): where Slack's
// auto-linker finds a link. A dot before a digit (`v1.2.3`, `10.0.0.1`) is left alone: no domain ends in digits.
// And `@here`, `@channel`, `@everyone`, `#name`: a mrkdwn text without `verbatim` has Slack parse "certain
// mentions" and channel names.
const LINK_SHAPES =
  /(?<=[a-z0-9+.-]:)(?=\/\/)|(?<=www)(?=\.)|(?<=mailto)(?=:)|(?<=[\p{L}\p{N}])(?=\.[\p{L}])|(?<=@)(?=channel|here|everyone)|(?<=(?:^|[^\p{L}\p{N}&])#)(?=\p{L})/giu;

/**
 * Breaks every link shape in free text with a word joiner (it reads the same, but Slack links nothing in it);
 * `<!channel>` and `<@U…>` are the escaper's (`escapeMrkdwn`).
 */
export function unlink(raw: string): string {
  return /[.:@#]/.test(raw) ? raw.replace(LINK_SHAPES, WJ) : raw;
}

/**
 * Escapes `raw` (links broken, see `unlink`, unless `keepLinks`: an identifier shown in a code span, where Slack
 * links nothing and a person copies it into a support ticket) and cuts the result to at most `max` characters (an ellipsis included), never inside an entity
 * or a surrogate pair. Lengths are UTF-16 code units, which is at least what Slack counts.
 */
export function fitEscaped(raw: string, max: number, options: { keepLinks?: boolean } = {}): string {
  const text = options.keepLinks ? oneLine(raw) : unlink(oneLine(raw));
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  if (max <= 1) return max === 1 ? '…' : '';
  let out = '';
  for (const ch of text) {
    const piece = ENTITIES[ch] ?? ch;
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

/** Cuts text we built (already escaped, may hold entities and mrkdwn) to `max`, never inside an entity. */
export function fitBuilt(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return max === 1 ? '…' : '';
  let cut = max - 1;
  // Step back over a half-cut entity (`&amp;` is the longest, 5) or a lone high surrogate.
  const amp = text.lastIndexOf('&', cut);
  if (amp >= 0 && amp > cut - 5 && text.indexOf(';', amp) >= cut) cut = amp;
  // …and over a half-cut Slack token (`<@U123>`, `<!date^…>`): a lone `<` would break the markup.
  const open = text.lastIndexOf('<', cut - 1);
  if (open >= 0 && text.indexOf('>', open) >= cut) cut = open;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

/** A name from the API (a stage, a person) in bold: escaped, cut to `max`, `?` when nothing is left. */
export function boldName(raw: string, max = 80): string {
  return `*${fitEscaped(raw, max) || '?'}*`;
}
