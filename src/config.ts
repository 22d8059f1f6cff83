/**
 * The only reader of the environment. `loadConfig(env)` returns a typed, validated config or throws one
 * `ConfigError` that names every problem and what to set. Secret values are never echoed back.
 * An empty value counts as unset (a `.env` copied from `.env.example` has empty lines).
 */
import type { HuaweiAuth } from './backends/huawei/auth/authenticator.js';
import { LOCALES, type Locale } from './domain/locale.js';
import type { LogLevel } from './log.js';
import { LOG_LEVELS } from './log.js';

export type SwrAuthConfig =
  | HuaweiAuth
  /** No endpoint configured: the bot starts the built-in simulator and uses its demo token. */
  | { kind: 'simulator' };

export interface SwrConfig {
  /** Base URL without a path; `null` means "start the built-in simulator". */
  endpoint: string | null;
  auth: SwrAuthConfig;
  timeoutMs: number;
  retries: number;
  cacheMs: number;
}

export interface SlackConfig {
  botToken: string;
  signingSecret: string;
  /** Set → Socket Mode; unset → HTTP on `port`. */
  appToken: string | null;
  /** Web API base URL (`clientOptions.slackApiUrl`); `null` → Slack's. */
  apiUrl: string | null;
  port: number;
}

export interface WatchConfig {
  intervalSeconds: number;
  reviewReminderMinutes: number;
}

export interface Config extends ToolConfig {
  slack: SlackConfig;
  databaseUrl: string;
  watch: WatchConfig;
}

export const DEFAULT_DATABASE_URL = 'sqlite:./data/pipeline-bot.db';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

export type Env = Record<string, string | undefined>;

/** Variables whose values are secrets (for log redaction). */
export const SECRET_VARIABLES = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SWR_AUTH_TOKEN',
  'HUAWEI_PASSWORD',
  'HUAWEI_ACCESS_KEY',
  'HUAWEI_SECRET_KEY',
  'DATABASE_URL',
] as const;

// A password inside a PostgreSQL URL is a secret on its own.
function databasePassword(url: string | undefined): string | null {
  const encoded = /^postgres(?:ql)?:\/\/[^:/@]+:([^@]+)@/.exec(url?.trim() ?? '')?.[1];
  if (!encoded) return null;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** The secret values present in `env`, for `createLogger({ secrets })` (before or without a loaded config). */
export function secretValues(env: Env): string[] {
  const values: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const value = env[name]?.trim();
    if (value) values.push(value);
  }
  const dbPassword = databasePassword(env.DATABASE_URL);
  if (dbPassword) values.push(dbPassword);
  return values;
}

/** The secret values inside a loaded config, for a logger built from the config alone. */
export function configSecrets(config: Config): string[] {
  const auth = config.swr.auth;
  const values = [config.slack.botToken, config.slack.signingSecret, config.slack.appToken, config.databaseUrl];
  if (auth.kind === 'token') values.push(auth.token);
  if (auth.kind === 'iam') values.push(auth.password);
  if (auth.kind === 'aksk') values.push(auth.accessKey, auth.secretKey);
  values.push(databasePassword(config.databaseUrl));
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  get(name: string): string | null {
    const value = this.env[name]?.trim();
    return value ? value : null;
  }

  required(name: string, hint: string): string {
    const value = this.get(name);
    if (value === null) this.problems.push(`${name} is missing: ${hint}`);
    return value ?? '';
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.get(name);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  }

  url(name: string, allowed: readonly string[] = ['http:', 'https:']): string | null {
    const raw = this.get(name);
    if (raw === null) return null;
    try {
      const parsed = new URL(raw);
      if (!allowed.includes(parsed.protocol)) throw new Error('protocol');
      return raw.replace(/\/+$/, '');
    } catch {
      this.problems.push(`${name} must be an ${allowed.join(' or ')} URL (got "${raw}")`);
      return null;
    }
  }

  oneOf<T extends string>(name: string, options: readonly T[], fallback: T): T {
    const raw = this.get(name);
    if (raw === null) return fallback;
    const match = options.find((o) => o.toLowerCase() === raw.toLowerCase());
    if (!match) this.problems.push(`${name} must be one of ${options.join(', ')} (got "${raw}")`);
    return match ?? fallback;
  }
}

const IAM_VARS = ['HUAWEI_IAM_ENDPOINT', 'HUAWEI_USERNAME', 'HUAWEI_PASSWORD', 'HUAWEI_DOMAIN', 'HUAWEI_PROJECT'];
const AKSK_VARS = ['HUAWEI_ACCESS_KEY', 'HUAWEI_SECRET_KEY'];

function readAuth(r: Reader, endpoint: string | null): SwrAuthConfig {
  const token = r.get('SWR_AUTH_TOKEN');
  const iamSet = IAM_VARS.filter((v) => r.get(v) !== null);
  const akskSet = AKSK_VARS.filter((v) => r.get(v) !== null);
  const ways = [token ? 'SWR_AUTH_TOKEN' : null, iamSet.length ? 'IAM' : null, akskSet.length ? 'AK/SK' : null];
  const chosen = ways.filter((w) => w !== null);

  if (chosen.length === 0) {
    if (endpoint === null) return { kind: 'simulator' };
    r.problems.push(
      `no SWR credentials: set SWR_AUTH_TOKEN, or all of ${IAM_VARS.join(', ')}, or ${AKSK_VARS.join(' and ')}`,
    );
    return { kind: 'token', token: '' };
  }
  if (chosen.length > 1) {
    r.problems.push(
      `more than one way to authenticate is set (${chosen.join(', ')}): keep exactly one of SWR_AUTH_TOKEN, the HUAWEI_IAM_*/HUAWEI_USERNAME… set, or HUAWEI_ACCESS_KEY/HUAWEI_SECRET_KEY`,
    );
  }
  if (token) return { kind: 'token', token };
  if (iamSet.length) {
    for (const name of IAM_VARS) {
      if (r.get(name) === null)
        r.problems.push(`${name} is missing: IAM password login needs all of ${IAM_VARS.join(', ')}`);
    }
    return {
      kind: 'iam',
      endpoint: r.url('HUAWEI_IAM_ENDPOINT') ?? '',
      username: r.get('HUAWEI_USERNAME') ?? '',
      password: r.get('HUAWEI_PASSWORD') ?? '',
      domain: r.get('HUAWEI_DOMAIN') ?? '',
      project: r.get('HUAWEI_PROJECT') ?? '',
    };
  }
  for (const name of AKSK_VARS) {
    if (r.get(name) === null)
      r.problems.push(`${name} is missing: AK/SK signing needs both ${AKSK_VARS.join(' and ')}`);
  }
  return {
    kind: 'aksk',
    accessKey: r.get('HUAWEI_ACCESS_KEY') ?? '',
    secretKey: r.get('HUAWEI_SECRET_KEY') ?? '',
    projectId: r.get('HUAWEI_PROJECT_ID'),
  };
}

function readUserMap(r: Reader): Record<string, string> {
  const raw = r.get('SLACK_USER_MAP');
  const map: Record<string, string> = {};
  if (raw === null) return map;
  for (const pair of raw.split(',')) {
    const [name, id] = pair.split('=').map((s) => s.trim());
    if (!name || !id || !/^[UW][A-Z0-9]{2,}$/.test(id)) {
      r.problems.push(`SLACK_USER_MAP must look like "alice=U012AB3CD,bob=U045EF6GH" (bad entry "${pair.trim()}")`);
      continue;
    }
    map[name] = id;
  }
  return map;
}

function readDatabaseUrl(r: Reader): string {
  const raw = r.get('DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  if (/^sqlite:.+/.test(raw) || /^postgres(ql)?:\/\/.+/.test(raw)) return raw;
  r.problems.push('DATABASE_URL must be sqlite:<path> or postgres://user@host:port/db');
  return DEFAULT_DATABASE_URL;
}

/** The settings a tool that only reads SWR needs (the preview CLI): no Slack or database variables. */
export interface ToolConfig {
  swr: SwrConfig;
  consoleUrlTemplate: string | null;
  locale: Locale;
  logLevel: LogLevel;
  /** SWR user name → Slack user id, so pending reviewers are real mentions. */
  slackUserMap: Record<string, string>;
  /** Port of the built-in simulator when `SWR_ENDPOINT` is unset. */
  simulatorPort: number;
}

function readToolConfig(r: Reader): ToolConfig {
  const endpoint = r.url('SWR_ENDPOINT');
  const consoleUrlTemplate = r.get('SWR_CONSOLE_URL_TEMPLATE');
  if (
    consoleUrlTemplate !== null &&
    (!consoleUrlTemplate.includes('{id}') || !/^https?:\/\//.test(consoleUrlTemplate))
  ) {
    r.problems.push('SWR_CONSOLE_URL_TEMPLATE must be an http(s) URL containing {id}');
  }
  return {
    swr: {
      endpoint,
      auth: readAuth(r, endpoint),
      timeoutMs: r.int('SWR_TIMEOUT_MS', 10_000, 100, 120_000),
      retries: r.int('SWR_RETRIES', 2, 0, 10),
      cacheMs: r.int('SWR_CACHE_MS', 2_000, 0, 600_000),
    },
    consoleUrlTemplate,
    locale: r.oneOf('BOT_LOCALE', LOCALES, 'en'),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    slackUserMap: readUserMap(r),
    simulatorPort: r.int('SIMULATOR_PORT', 8099, 0, 65535),
  };
}

/** Reads the SWR-side settings only; throws `ConfigError` listing every problem. */
export function loadToolConfig(env: Env): ToolConfig {
  const r = new Reader(env);
  const config = readToolConfig(r);
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

/** Reads and validates the whole configuration from `env`; throws `ConfigError` listing every problem. */
export function loadConfig(env: Env): Config {
  const r = new Reader(env);
  const appToken = r.get('SLACK_APP_TOKEN');
  if (appToken !== null && !appToken.startsWith('xapp-')) {
    r.problems.push('SLACK_APP_TOKEN must be an app-level token starting with xapp- (or unset for HTTP mode)');
  }
  const botToken = r.required(
    'SLACK_BOT_TOKEN',
    'the Bot User OAuth Token (xoxb-…) from the app’s OAuth & Permissions page',
  );
  const signingSecret = r.required('SLACK_SIGNING_SECRET', 'the Signing Secret from the app’s Basic Information page');
  const config: Config = {
    ...readToolConfig(r),
    slack: {
      botToken,
      signingSecret,
      appToken,
      apiUrl: r.url('SLACK_API_URL'),
      port: r.int('PORT', 3000, 1, 65535),
    },
    databaseUrl: readDatabaseUrl(r),
    watch: {
      intervalSeconds: r.int('WATCH_INTERVAL_SECONDS', 15, 1, 3600),
      reviewReminderMinutes: r.int('REVIEW_REMINDER_MINUTES', 60, 1, 10_080),
    },
  };
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

export interface SimulatorConfig {
  host: string;
  port: number;
  /** How many times faster than real time the simulated pipelines move. */
  speed: number;
  /** The token the simulator accepts in `X-Auth-Token` (besides the ones its IAM call issues). */
  token: string;
  /** Extra always-running `load-test-NNNNN` pipelines (ids from 100000) for load tests; 0 for none. */
  bulk: number;
  logLevel: LogLevel;
}

export const DEFAULT_SIMULATOR_TOKEN = 'simulator-demo-token';

/** Reads the simulator's own settings (`npm run simulator`); it needs no Slack or SWR variables. */
export function loadSimulatorConfig(env: Env): SimulatorConfig {
  const r = new Reader(env);
  const speedRaw = r.get('SIMULATOR_SPEED');
  const speed = speedRaw === null ? 1 : Number(speedRaw);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 10_000) {
    r.problems.push(`SIMULATOR_SPEED must be a number above 0 and at most 10000 (got "${speedRaw}")`);
  }
  const config: SimulatorConfig = {
    host: r.get('SIMULATOR_HOST') ?? '127.0.0.1',
    port: r.int('SIMULATOR_PORT', 8099, 0, 65535),
    speed: Number.isFinite(speed) && speed > 0 ? speed : 1,
    token: r.get('SIMULATOR_TOKEN') ?? DEFAULT_SIMULATOR_TOKEN,
    bulk: r.int('SIMULATOR_BULK', 0, 0, 100_000),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
  };
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}
