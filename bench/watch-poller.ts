/**
 * The process the watch benchmark measures: the bot's polling side alone — its store(s), its SWR and Slack
 * clients and its poller(s), wired as `src/cli/bot.ts` wires them — with nothing of the set-up (the 10,000 watches
 * are seeded by the parent, the simulator and the fake Slack run in `bench/watch-peers.ts`). Its peak RSS
 * (`process.resourceUsage().maxRSS`, the kernel's high-water mark) is therefore the bot's own.
 * Started by `bench/watch.bench.ts` (see `bench/watch-ipc.ts`) with a `PollerConfig` as JSON in its first
 * argument; answers `tick` (`{ at }` in epoch ms → each poller's `TickStats`), `queries` (PostgreSQL statements
 * since the last `queries`, with `countQueries`), `cpu` (its CPU time since the last `cpu`, ms) and `close`
 * (→ `PollerMemory`).
 */

import { createContainerOpsClient } from '../src/backends/containerops/client.js';
import { createSlackWebApi } from '../src/slack-api/web-api.js';
import { createStore } from '../src/store/index.js';
import type { WatchStore } from '../src/store/types.js';
import { createPoller, type TickStats } from '../src/watch/index.js';
import {
  arrayClaimSql,
  installQueryCounter,
  type StatementStats,
  setStatementRewrite,
  takeQueryStats,
} from './pg-query-counter.js';
import { serveRequests } from './watch-ipc.js';

export interface PollerConfig {
  /** `sqlite:<path>` or `postgres://…`. */
  databaseUrl: string;
  /** PostgreSQL schema of this run. */
  schema?: string;
  /** Pollers (each with its own store, as separate replicas would have). */
  replicas: number;
  intervalSeconds: number;
  simUrl: string;
  simToken: string;
  slackApiUrl: string;
  /** Count PostgreSQL statements (`queries` answers them since the last `queries`). */
  countQueries?: boolean;
  /** `array`: send the claim with the prototype sibling lookup (`arrayClaimSql`) instead of the store's. */
  claimSql?: 'store' | 'array';
}

export interface PollerMemory {
  /** RSS once the stores are open and the pollers made, before the first cycle. */
  readyRssMb: number;
  /** The process's peak RSS over its whole life. */
  maxRssMb: number;
}

const MB = 1_048_576;
const config = JSON.parse(process.argv[2] ?? '{}') as PollerConfig;
if (config.countQueries || config.claimSql === 'array') installQueryCounter();
if (config.claimSql === 'array') setStatementRewrite(arrayClaimSql);
const stores: WatchStore[] = [];
for (let i = 0; i < config.replicas; i += 1) {
  stores.push(await createStore(config.databaseUrl, config.schema ? { schema: config.schema } : {}));
}
// No answer cache, as before the split: every cycle's SWR requests reach the simulator and are counted.
const backend = createContainerOpsClient({
  endpoint: config.simUrl,
  auth: { kind: 'token', token: config.simToken },
  cacheMs: 0,
});
const slack = createSlackWebApi('xoxb-bench', { slackApiUrl: config.slackApiUrl });
const pollers = stores.map((store, i) =>
  createPoller({
    store,
    backend,
    slack,
    intervalSeconds: config.intervalSeconds,
    reviewReminderMinutes: 60,
    owner: `bench-${i}`,
  }),
);

const readyRssMb = Math.round(process.memoryUsage.rss() / MB);
// Where the memory goes, for the progress output: the highest of each figure, sampled every 10 ms.
const highs = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  for (const key of Object.keys(highs) as (keyof typeof highs)[]) highs[key] = Math.max(highs[key], now[key]);
}, 10);
sampler.unref();
let cpu = process.cpuUsage();
serveRequests(
  { readyRssMb },
  async (request): Promise<TickStats[] | StatementStats[] | number> => {
    if (request.op === 'queries') return takeQueryStats();
    if (request.op === 'cpu') {
      // User + system CPU of this process since the last `cpu`, ms.
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      return (used.user + used.system) / 1000;
    }
    if (request.op !== 'tick') throw new Error(`unknown request ${request.op}`);
    const at = new Date(Number(request.at));
    return Promise.all(pollers.map((p) => p.tick(at)));
  },
  async (): Promise<PollerMemory> => {
    // `maxRSS` is in kilobytes.
    const memory = { readyRssMb, maxRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / MB) };
    clearInterval(sampler);
    const sampled = Object.entries(highs).map(([k, v]) => `${k} ${Math.round(v / MB)}`);
    process.stderr.write(`poller process, sampled highs (MB): ${sampled.join(', ')}\n`);
    for (const store of stores) await store.close();
    return memory;
  },
);
