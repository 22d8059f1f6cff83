/**
 * The secret audit: every test file runs with it on (`test/setup/secret-audit.ts`). Harnesses register the secret
 * values they give the bot and record what leaves it — each log line, each request body Slack receives (Web API
 * and response URLs), each line the test process prints — and when the file ends the audit fails it if any secret
 * appears in any of them. Bodies only: the bot token rightly travels in Slack's Authorization header.
 *
 * Off unless enabled, so the benchmarks (which reuse the fake Slack) keep nothing.
 */

export interface Output {
  /** Where it went: `log`, `slack:chat.postMessage`, `slack:response_url`, `stdout`… */
  where: string;
  text: string;
}

export interface Leak {
  /** The secret's name, never its value. */
  secret: string;
  where: string;
}

const secrets = new Map<string, string>();
let outputs: Output[] = [];
let enabled = false;

/** Turns recording on for this test file. */
export function enableSecretAudit(): void {
  enabled = true;
}

/** Declares a value that must never leave the bot; `name` is what a failure reports. */
export function registerSecret(name: string, value: string): void {
  if (value.length >= 8) secrets.set(value, name);
}

/** Records text that left the bot (a no-op while the audit is off). */
export function recordOutput(where: string, text: string): void {
  if (enabled && text.length > 0) outputs.push({ where, text });
}

/** Which secrets appear in which outputs, once per (secret, where). Pure: the audit's own test calls it. */
export function findLeaks(texts: readonly Output[], values: ReadonlyMap<string, string>): Leak[] {
  const found = new Map<string, Leak>();
  for (const { where, text } of texts) {
    for (const [value, name] of values) {
      const variants = [value, encodeURIComponent(value)];
      if (variants.some((variant) => text.includes(variant)))
        found.set(`${name}\u0000${where}`, { secret: name, where });
    }
  }
  return [...found.values()];
}

/** What this file recorded so far (a copy), for the audit's own test. */
export function recorded(): Output[] {
  return [...outputs];
}

/** What this file recorded so far, and clears it. */
export function takeRecorded(): { outputs: Output[]; secrets: ReadonlyMap<string, string> } {
  const taken = outputs;
  outputs = [];
  return { outputs: taken, secrets: new Map(secrets) };
}
