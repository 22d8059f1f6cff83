/**
 * What every part of the configuration needs to read the environment with zod: each part (the Slack connection,
 * a backend, the store, …) declares the schema of the variables it reads beside the code that uses it, and an
 * entry point reads the environment once with `readConfig(env, parts)`, which
 *
 * - trims every value and treats an empty one as unset (a `.env` copied from `.env.example` has empty lines);
 * - turns each zod issue into one sentence naming the variable and what to set — an issue at path `[NAME]` reads
 *   `NAME <message>`, followed by ` (got "<value>")` when the value is not a secret;
 * - reports every problem of every part at once, in one `ConfigError`, and never a secret's value.
 */
import { z } from 'zod';

/** The environment as a process has it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The environment as the schemas see it: trimmed values, empty ones left out. */
export type CleanEnv = Readonly<Record<string, string>>;

/** Every problem with the configuration, one sentence each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** A part of the configuration: the schema of the variables it reads, and which of them hold secrets. */
export interface ConfigPart<T> {
  readonly schema: z.ZodType<T>;
  readonly secrets: readonly string[];
}

/** A part from its schema (over the clean environment) and its secret variables. */
export function configPart<T>(schema: z.ZodType<T>, secrets: readonly string[] = []): ConfigPart<T> {
  return { schema, secrets };
}

type Parts = Readonly<Record<string, ConfigPart<unknown>>>;

/** What `readConfig` returns for `parts`: each part's settings under its key. */
export type SettingsOf<P extends Parts> = { [K in keyof P]: P[K] extends ConfigPart<infer T> ? T : never };

/** `env` trimmed, with empty values left out. */
export function cleanEnv(env: Env): CleanEnv {
  const clean: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const trimmed = value?.trim();
    if (trimmed) clean[name] = trimmed;
  }
  return clean;
}

/** The secret variables of `parts`. */
export function secretVariablesOf(parts: Parts): string[] {
  return [...new Set(Object.values(parts).flatMap((p) => p.secrets))];
}

// Secrets shorter than this are not searched for (as in `redact`): they would match ordinary words.
const MIN_SECRET_LENGTH = 4;

/** One sentence for `issue`: the variable's name, the message, the value when it is not a secret. */
function sentenceOf(issue: z.core.$ZodIssue, secretNames: ReadonlySet<string>): string {
  const name = issue.path.length > 0 ? String(issue.path[0]) : null;
  if (name === null) return issue.message;
  const got = typeof issue.input === 'string' && !secretNames.has(name) ? ` (got "${issue.input}")` : '';
  return `${name} ${issue.message}${got}`;
}

/** The sentences for `issues`, without duplicates, with any secret value that slipped into one removed. */
export function problemsOf(issues: readonly z.core.$ZodIssue[], env: CleanEnv, secrets: readonly string[]): string[] {
  const secretNames = new Set(secrets);
  const secretValues = secrets
    .map((name) => env[name])
    .filter((v): v is string => (v?.length ?? 0) >= MIN_SECRET_LENGTH);
  const sentences = issues.map((issue) => {
    let sentence = sentenceOf(issue, secretNames);
    for (const value of secretValues) sentence = sentence.split(value).join('[redacted]');
    return sentence;
  });
  return [...new Set(sentences)];
}

/**
 * Reads every part of `parts` from `env` (once, trimmed, empty = unset); throws one `ConfigError` naming every
 * problem of every part.
 */
export function readConfig<P extends Parts>(env: Env, parts: P): SettingsOf<P> {
  const clean = cleanEnv(env);
  const issues: z.core.$ZodIssue[] = [];
  const settings: Record<string, unknown> = {};
  for (const [key, part] of Object.entries(parts)) {
    const result = part.schema.safeParse(clean, { reportInput: true });
    if (result.success) settings[key] = result.data;
    else issues.push(...result.error.issues);
  }
  if (issues.length > 0) throw new ConfigError(problemsOf(issues, clean, secretVariablesOf(parts)));
  return settings as SettingsOf<P>;
}

// --- Building blocks for the parts' schemas ---------------------------------------------------------------------

/** The clean environment as a schema's input. */
export const envInput = z.record(z.string(), z.string());

/**
 * Parses `input` with `schema` inside another schema's transform: its issues become `ctx`'s (so that every problem
 * is reported), and the result is `undefined` when there were any.
 */
export function parseInto<T>(schema: z.ZodType<T>, input: unknown, ctx: z.RefinementCtx): T | undefined {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, input: issue.input });
  }
  return undefined;
}

/** A problem with `name` (`message` follows the name); the value is added when it is not a secret. */
export function addProblem(ctx: z.RefinementCtx, name: string, message: string, value?: string): void {
  ctx.addIssue({ code: 'custom', path: [name], message, input: value });
}

/** A problem that names its variables itself. */
export function addSentence(ctx: z.RefinementCtx, sentence: string): void {
  ctx.addIssue({ code: 'custom', path: [], message: sentence, input: undefined });
}

type Shape = Readonly<Record<string, z.ZodType>>;
type OutputsOf<S extends Shape> = { [K in keyof S]: z.output<S[K]> };

/**
 * Several schemas over the same environment, each read in full so that every problem of each is reported:
 * `{ key: output of schemas[key] }`.
 */
export function allOf<S extends Shape>(schemas: S): z.ZodType<OutputsOf<S>> {
  return envInput.transform((env, ctx) => {
    const out: Record<string, unknown> = {};
    let failed = false;
    for (const [key, schema] of Object.entries(schemas)) {
      const value = parseInto(schema, env, ctx);
      if (value === undefined) failed = true;
      else out[key] = value;
    }
    return failed ? z.NEVER : (out as OutputsOf<S>);
  });
}

/** One variable's value through `field` (a schema of `string | undefined`). */
export function variable<T>(name: string, field: z.ZodType<T>): z.ZodType<T> {
  return z.object({ [name]: field }).transform((v) => v[name] as T);
}

/** An optional variable: its value, or `null` when unset. */
export function optionalText() {
  return z
    .string()
    .optional()
    .transform((v) => v ?? null);
}

/** A required variable; `hint` says what to set, after "is missing: ". */
export function requiredText(hint: string) {
  return z.string({ error: `is missing: ${hint}` });
}

/** A whole number from `min` to `max`, `fallback` when unset. */
export function wholeNumber(min: number, max: number, fallback: number) {
  return z
    .string()
    .refine((raw) => /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max, {
      error: `must be a whole number from ${min} to ${max}`,
    })
    .transform(Number)
    .default(fallback);
}

/** A number above 0 and at most `max` (fractions allowed), `fallback` when unset. */
export function positiveNumber(max: number, fallback: number) {
  return z
    .string()
    .refine((raw) => Number.isFinite(Number(raw)) && Number(raw) > 0 && Number(raw) <= max, {
      error: `must be a number above 0 and at most ${max}`,
    })
    .transform(Number)
    .default(fallback);
}

/** `true` for an `http:` or `https:` URL. */
export function isHttpUrl(raw: string): boolean {
  return z.url({ protocol: /^https?$/ }).safeParse(raw).success;
}

/**
 * A URL as a problem may echo it: without `user:password@` and without its query or fragment (either may hold a
 * credential), whether or not the rest parses.
 */
export function urlForDisplay(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1').replace(/[?#].*$/s, '');
}

/** `true` for a host that never leaves the machine: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** Why an endpoint URL is refused (`null`: fine): plain `http:` to a host that is not this machine. */
export function plainHttpProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' || isLoopbackHost(parsed.hostname)) return null;
  return 'must be an https: URL: over plain http: the bot’s token or password would cross the network in clear (http: is accepted only for localhost, 127.0.0.0/8 and ::1)';
}

/**
 * An endpoint the bot sends a token, password or signature to: an `http:` or `https:` URL without its trailing
 * slashes, `null` when unset; plain `http:` is refused unless the host is loopback. A problem echoes the value only
 * through `urlForDisplay`.
 */
export function optionalEndpointUrl() {
  return z
    .string()
    .transform((raw, ctx) => {
      const problem = isHttpUrl(raw) ? plainHttpProblem(raw) : 'must be an http: or https: URL';
      if (problem === null) return raw.replace(/\/+$/, '');
      ctx.addIssue({ code: 'custom', message: problem, input: urlForDisplay(raw) });
      return z.NEVER;
    })
    .optional()
    .transform((v) => v ?? null);
}

/** One of `options` (any letter case; the result is spelt as in `options`), `fallback` when unset. */
export function oneOf<T extends string>(options: readonly T[], fallback: T) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (raw === undefined) return fallback;
      const match = options.find((o) => o.toLowerCase() === raw.toLowerCase());
      if (match !== undefined) return match;
      ctx.addIssue({ code: 'custom', message: `must be one of ${options.join(', ')}`, input: raw });
      return z.NEVER;
    });
}
