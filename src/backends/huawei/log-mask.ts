/**
 * Masking for build log text before anyone sees it. `redact` (src/log.ts) guards the bot's own log lines; a build
 * log is other people's output and leaks in other shapes: `DEPLOY_TOKEN=…` and `password: …` lines, `export
 * AWS_SECRET_ACCESS_KEY="…"`, `Authorization: Basic …` and `Bearer …` headers echoed by curl, clone URLs with
 * `user:pass@`, Huawei access keys and secret keys, IAM tokens (`MII…`), JWTs, GitHub and Slack tokens, private
 * key blocks. Each is replaced by `[masked]`, the name or the header kept so the line still reads. Every pattern
 * has bounded repetition and no nested quantifiers (linear time on hostile lines), and a line is cut to
 * `MAX_MASKED_LINE` characters before masking. Lowercase 40-digit hex (git commit ids) is left alone.
 */

/** What a masked value is replaced with. */
export const MASK = '[masked]';

/** The longest line masking reads; the rest of a longer line is dropped (no log line a person reads is longer). */
export const MAX_MASKED_LINE = 8_000;

// Words that make a key name a secret: passwords (not "passed"), secrets, tokens, API, access and private keys,
// credentials, auth (not "author"), signatures; and keys that end in AK / SK (HUAWEI_SK, OBS_AK).
const SECRET_WORD =
  'pass(?:word|wd|phrase)|pass(?![a-z])|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential|auth(?!or)|signature';
const KEY_CHARS = '[A-Za-z0-9_.-]';
const SECRET_KEY_NAME = `(?:${KEY_CHARS}{0,60}(?:${SECRET_WORD})${KEY_CHARS}{0,60}|(?:${KEY_CHARS}{0,60}[_.-])?[as]k)`;
const VALUE = `"[^"\\n]{0,2000}"|'[^'\\n]{0,2000}'|[^\\s"',;&]{1,2000}`;

// `KEY=value`, `KEY: value`, `"key": "value"`, `--key=value`, `key='value'`, only for keys that name a secret (a
// key that does not is never consumed, so `env: DEPLOY_TOKEN=…` still finds its token).
const KEY_VALUE = new RegExp(`(?<!${KEY_CHARS})(["']?)(${SECRET_KEY_NAME})\\1(\\s{0,3}[:=]\\s{0,3})(${VALUE})`, 'gi');

// The shell's working directories: named like a password, never one.
const NOT_SECRET_KEYS = new Set(['pwd', 'oldpwd']);

// Header lines as curl -v, HTTP dumps and CI tools print them: everything after the name is the secret.
const HEADER =
  /\b((?:proxy-)?authorization|x-auth-token|x-subject-token|x-security-token|cookie|set-cookie)(\s{0,3}[:=]\s{0,3})[^\n]{1,4000}/gi;

// `Bearer …` / `Basic …` / `Token …` anywhere else (an Authorization header split over fields, a JSON value); the
// credential has a digit, a sign or a lower-to-upper case change, so "Basic authentication" is prose, not a secret.
const SCHEME_CREDENTIAL =
  /\b(Bearer|Basic|Token|SDK-HMAC-SHA256)(\s{1,3})(?=[A-Za-z0-9._~+/=:,-]{0,4000}(?:[0-9+/=_.~:,-]|[a-z][A-Z]))[A-Za-z0-9._~+/=:,-]{8,4000}/g;

// `scheme://user:password@host`, and `scheme://<token>@host` where the user alone is a long token.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]{0,20}:\/\/)(?:[^\s/:@]{1,200}:[^\s/@]{1,400}|[A-Za-z0-9_-]{20,200})@/gi;

const TOKEN_SHAPES: readonly RegExp[] = [
  // Huawei IAM tokens (PKI, base64 DER: `MII…`, thousands of characters).
  /\bMII[A-Za-z0-9+/=_-]{100,20000}/g,
  // JSON Web Tokens.
  /\beyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{0,4000}/g,
  // GitHub tokens, Slack tokens, AWS access keys.
  /\b(?:gh[pousr]_[A-Za-z0-9]{30,255}|github_pat_[A-Za-z0-9_]{30,255})/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,255}/g,
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
];

// Huawei access keys: 20 upper-case letters and digits, both present. Secret keys: 40 letters and digits with
// upper case, lower case and a digit (git's 40-digit hex ids are lower case only, so they stay).
const ACCESS_KEY = /\b(?=[A-Z0-9]{0,19}[0-9])(?=[A-Z0-9]{0,19}[A-Z])[A-Z0-9]{20}\b/g;
const SECRET_KEY = /\b(?=[A-Za-z0-9]{0,39}[0-9])(?=[A-Za-z0-9]{0,39}[a-z])(?=[A-Za-z0-9]{0,39}[A-Z])[A-Za-z0-9]{40}\b/g;

const PRIVATE_KEY = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/;

/**
 * One log line with its secrets masked: the `secrets` given (the credentials in use) first, then every shape
 * above. A private key's opening line masks the whole line (its body lines are base64 that the shapes catch only
 * in part: callers that keep a private key's body are rare, and a log should not hold one).
 */
export function maskLogLine(line: string, secrets: readonly string[] = []): string {
  let out = line.length > MAX_MASKED_LINE ? line.slice(0, MAX_MASKED_LINE) : line;
  for (const secret of secrets) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  if (PRIVATE_KEY.test(out)) return MASK;
  out = out.replace(HEADER, (_m, name: string, sep: string) => `${name}${sep}${MASK}`);
  out = out.replace(SCHEME_CREDENTIAL, (_m, scheme: string, space: string) => `${scheme}${space}${MASK}`);
  out = out.replace(URL_CREDENTIALS, (_m, scheme: string) => `${scheme}${MASK}@`);
  out = out.replace(KEY_VALUE, (match, quote: string, key: string, sep: string, value: string) => {
    if (NOT_SECRET_KEYS.has(key.toLowerCase()) || value.replace(/^["']/, '').startsWith(MASK)) return match;
    const masked = value.startsWith('"') ? `"${MASK}"` : value.startsWith("'") ? `'${MASK}'` : MASK;
    return `${quote}${key}${quote}${sep}${masked}`;
  });
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, MASK);
  return out.replace(SECRET_KEY, MASK).replace(ACCESS_KEY, MASK);
}

/** `maskLogLine` for each line of `lines`. */
export function maskLogLines(lines: readonly string[], secrets: readonly string[] = []): string[] {
  return lines.map((line) => maskLogLine(line, secrets));
}
