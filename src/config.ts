/**
 * What each entry point reads from the environment, composed from the parts whose schemas live beside the code
 * that uses them (`src/slack/config.ts`, `src/backends/…/config.ts`, `src/store/config.ts`, `src/watch/config.ts`,
 * `src/log-config.ts`). `readConfig` (`src/config/env.ts`) reads every part at once: typed settings, or one
 * `ConfigError` naming every problem and what to set, never a secret's value.
 *
 * Only the entry points in `src/cli/` pass `process.env` here; the rest of the code receives settings.
 */

import { type AccessConfig, accessPart } from './access/config.js';
import { type AccountsConfig, accountsPart } from './accounts/config.js';
import { codeArtsSimulatorPart } from './backends/codearts/simulator/config.js';
import { type BackendSettings, backendPart, backendSecrets } from './backends/config.js';
import { simulatorPart } from './backends/containerops/simulator/config.js';
import { type Env, readConfig, secretVariablesOf } from './config/env.js';
import type { Locale } from './domain/locale.js';
import type { LogLevel } from './log.js';
import { logLevelPart } from './log-config.js';
import { localePart, type SlackConfig, slackPart, slackUserMapPart } from './slack/config.js';
import { type RequestLimitsConfig, requestLimitsPart } from './slack/limits-config.js';
import { databasePassword, databaseUrlPart } from './store/config.js';
import { type WatchConfig, watchPart } from './watch/config.js';

export type { BackendSettings } from './backends/config.js';
export type { Env } from './config/env.js';
export { ConfigError } from './config/env.js';
export type { SlackConfig } from './slack/config.js';
export { DEFAULT_DATABASE_URL } from './store/config.js';
export type { WatchConfig } from './watch/config.js';

/** The parts the preview CLI reads: the backend and what a card shows; no Slack or database variables. */
const TOOL_PARTS = {
  backend: backendPart,
  locale: localePart,
  slackUserMap: slackUserMapPart,
  logLevel: logLevelPart,
};

/** The parts the bot reads. */
const BOT_PARTS = {
  slack: slackPart,
  backend: backendPart,
  databaseUrl: databaseUrlPart,
  watch: watchPart,
  access: accessPart,
  limits: requestLimitsPart,
  accounts: accountsPart,
  locale: localePart,
  slackUserMap: slackUserMapPart,
  logLevel: logLevelPart,
};

/** The preview CLI's settings. */
export interface ToolConfig {
  backend: BackendSettings;
  locale: Locale;
  /** SWR user name → Slack user id, so pending reviewers are real mentions. */
  slackUserMap: Record<string, string>;
  logLevel: LogLevel;
}

/** The bot's settings (`createBot`). */
export interface Config extends ToolConfig {
  slack: SlackConfig;
  databaseUrl: string;
  watch: WatchConfig;
  access: AccessConfig;
  /** Request body size and each person's pace of lookups. */
  limits: RequestLimitsConfig;
  /** Linking Huawei accounts: the sealing keys (`null`: linking off), the methods offered, where IAM is. */
  accounts: AccountsConfig;
}

/** The bot's configuration (`src/cli/bot.ts`); throws `ConfigError` listing every problem. */
export function loadConfig(env: Env): Config {
  return readConfig(env, BOT_PARTS);
}

/** The preview CLI's configuration (`src/cli/preview.ts`); throws `ConfigError` listing every problem. */
export function loadToolConfig(env: Env): ToolConfig {
  return readConfig(env, TOOL_PARTS);
}

/** `npm run simulator`'s configuration (`src/cli/simulator.ts`): no Slack or backend variables. */
export function loadSimulatorConfig(env: Env) {
  const { simulator, logLevel } = readConfig(env, { simulator: simulatorPart, logLevel: logLevelPart });
  return { ...simulator, logLevel };
}

/** `npm run simulator:codearts`'s configuration (`src/cli/codearts-simulator.ts`). */
export function loadCodeArtsSimulatorConfig(env: Env) {
  const { simulator, logLevel } = readConfig(env, { simulator: codeArtsSimulatorPart, logLevel: logLevelPart });
  return { ...simulator, logLevel };
}

/** Variables whose values are secrets (for log redaction): every secret variable of the bot's parts. */
export const SECRET_VARIABLES: readonly string[] = secretVariablesOf(BOT_PARTS);

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
  const { slack } = config;
  const values = [slack.botToken, slack.signingSecret, slack.appToken, config.databaseUrl];
  const keys = config.accounts.keys;
  if (keys) values.push(keys.current.toString('base64'), keys.previous?.toString('base64') ?? null);
  values.push(...backendSecrets(config.backend), databasePassword(config.databaseUrl));
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}
