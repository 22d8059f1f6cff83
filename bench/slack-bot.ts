/**
 * The process the Slack load benchmark measures: the bot as `src/cli/bot.ts` builds it — `loadConfig` on an
 * environment, `createBot`, `start` (Bolt's HTTP receiver, here on a free port) — run as compiled JavaScript with
 * plain node, as `npm start` runs it, so its CPU, event loop and RSS are its own. Log lines go synchronously to a
 * file (as stdout redirected to a file or a pipe would), so the chosen LOG_LEVEL costs what it costs in production.
 * Started by `bench/slack.bench.ts` (see `bench/watch-ipc.ts`) with a `SlackBotConfig` as JSON in its first
 * argument; prints its port, answers `sample` (→ `BotSample`), `heapSnapshot` and `close` (→ log lines written):
 * see `bench/slack-child.ts`.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { createBot } from '../src/app.js';
import { configSecrets, loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { serveMeasured } from './slack-child.js';

export type { BotSample } from './slack-child.js';

export interface SlackBotConfig {
  /** The environment `loadConfig` reads (PORT is replaced by a free port). */
  env: Record<string, string>;
  logFile: string;
}

const { env, logFile } = JSON.parse(process.argv[2] ?? '{}') as SlackBotConfig;
const loaded = loadConfig(env);
const config = { ...loaded, slack: { ...loaded.slack, port: 0 } };
const fd = openSync(logFile, 'a');
let logLines = 0;
const logger = createLogger({
  level: config.logLevel,
  secrets: configSecrets(config),
  write: (line) => {
    logLines += 1;
    writeSync(fd, `${line}\n`);
  },
});
const bot = await createBot(config, { logger });
const { port } = await bot.start();
if (port === null) throw new Error('the bot did not start over HTTP');

serveMeasured(port, async () => {
  await bot.stop();
  closeSync(fd);
  return logLines;
});
