/**
 * The process the Slack load benchmark measures: the bot as `src/cli/bot.ts` builds it — `loadConfig` on an
 * environment, `createBot`, `start` (Bolt's HTTP receiver, here on a free port) — run as compiled JavaScript with
 * plain node, as `npm start` runs it, so its CPU, event loop and RSS are its own. Log lines go synchronously to a
 * file (as stdout redirected to a file or a pipe would), so the chosen LOG_LEVEL costs what it costs in production.
 * Started by `bench/slack.bench.ts` (see `bench/watch-ipc.ts`) with a `SlackBotConfig` as JSON in its first
 * argument; prints its port, answers `sample` (→ `BotSample`) and `close` (→ log lines written).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createBot } from '../src/app.js';
import { configSecrets, loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { serveRequests } from './watch-ipc.js';

export interface SlackBotConfig {
  /** The environment `loadConfig` reads (PORT is replaced by a free port). */
  env: Record<string, string>;
  logFile: string;
}

/** The bot process since the previous sample. */
export interface BotSample {
  rssMb: number;
  /** RSS after full collections (the same as `rssMb` when the sample did not ask for `gc`). */
  rssGcMb: number;
  /** V8 heap reserved (`heapTotal`), before any forced collection. */
  heapTotalMb: number;
  /** V8 heap in use; after four full collections when the sample asked for `gc`. */
  heapMb: number;
  /** User + system CPU time. */
  cpuMs: number;
  /** The longest event-loop delay (how late the loop got round to a timer). */
  loopMaxMs: number;
}

const MB = 1_048_576;
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

// A forced collection before reading the heap tells retained memory from garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let cpu = process.cpuUsage();

serveRequests(
  { port },
  async (request): Promise<BotSample> => {
    if (request.op !== 'sample') throw new Error(`unknown request ${request.op}`);
    const { rss, heapTotal } = process.memoryUsage();
    // Several full collections: V8 drops unused bytecode only after a few, so fewer leave a noisy heap figure.
    if (request.gc === true) for (let i = 0; i < 4; i += 1) gc();
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    const sample = {
      rssMb: rss / MB,
      rssGcMb: process.memoryUsage.rss() / MB,
      heapTotalMb: heapTotal / MB,
      heapMb: process.memoryUsage().heapUsed / MB,
      cpuMs: (used.user + used.system) / 1000,
      loopMaxMs: loop.max / 1e6,
    };
    loop.reset();
    return sample;
  },
  async () => {
    await bot.stop();
    closeSync(fd);
    return logLines;
  },
);
