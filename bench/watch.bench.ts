/**
 * The watch benchmark: 10,000 watches over 2,000 always-running simulator pipelines, on loopback, in three
 * processes so the peak RSS is the bot's own: this one seeds the watches and drives the cycles;
 * `bench/watch-peers.ts` runs the simulator and the fake Slack; `bench/watch-poller.ts` is the bot's polling
 * side (store, clients, pollers) and reports its peak RSS. Measures a cycle where nothing changed (SWR requests,
 * Slack calls, time) and one where the simulator clock moved (updates, posts, duplicates), on SQLite with one
 * poller and on PostgreSQL with three. Watches are seeded as `/pipeline watch` leaves them (card posted, state
 * stored). `bench/run.ts` runs `bench/watch.ts`, which calls `runWatchBenchmark`.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createContainerOpsClient } from '../src/backends/containerops/client.js';
import { type RunState, toRunState } from '../src/domain/run-state.js';
import { summarisePipeline } from '../src/domain/summary.js';
import { createStore, progressOf } from '../src/store/index.js';
import type { WatchStore } from '../src/store/types.js';
import { mapLimited } from '../src/watch/map-limited.js';
import type { TickStats } from '../src/watch/poller.js';
import { fingerprintState } from '../src/watch/remembered-state.js';
import { pid } from '../test/helpers/pipeline-id.js';
import { type Child, startChild } from './watch-ipc.js';
import type { PeersReady, SlackStats } from './watch-peers.js';
import type { PollerConfig, PollerMemory } from './watch-poller.js';

export interface WatchBenchOptions {
  watches?: number;
  pipelines?: number;
  /** Watches per channel. */
  perChannel?: number;
  /** `null` skips the PostgreSQL run. */
  postgresUrl?: string | null;
}

export interface WatchBenchRow {
  setup: string;
  watches: number;
  idleSwrRequests: number;
  idleSlackCalls: number;
  idleCycleMs: number;
  changedSwrRequests: number;
  changedUpdates: number;
  changedPosts: number;
  changedCycleMs: number;
  duplicates: number;
  /** Watches each poller handled in the idle cycle. */
  split: number[];
  /** Peak RSS of the polling process. */
  peakRssMb: number;
  /** Its RSS before the first cycle (modules loaded, stores open). */
  readyRssMb: number;
}

type CaseOptions = Required<Omit<WatchBenchOptions, 'postgresUrl'>>;

const TEAM = 'T00000001';
const INTERVAL_S = 15;
const MB = 1_048_576;
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

let compiled: string | null = null;
/**
 * The poller process runs compiled JavaScript with plain node, as `npm start` runs the bot (tsx alone adds about
 * 40 MB of RSS): `tsconfig.bench.json` builds src/, bench/ and test/helpers/ into dist-bench/ once per run.
 */
function compiledPoller(): string {
  if (compiled === null) {
    const root = here('..');
    const tsc = spawnSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.bench.json')],
      {
        stdio: 'inherit',
      },
    );
    if (tsc.status !== 0) throw new Error('compiling the benchmark (tsconfig.bench.json) failed');
    compiled = join(root, 'dist-bench/bench/watch-poller.js');
  }
  return compiled;
}

function sumStats(all: TickStats[]): TickStats {
  const out = { ...(all[0] as TickStats) };
  for (const s of all.slice(1)) {
    for (const key of Object.keys(out) as (keyof TickStats)[]) out[key] += s[key];
  }
  out.durationMs = Math.max(...all.map((s) => s.durationMs));
  return out;
}

/** Seeds the watches as `/pipeline watch` leaves them (a card posted, the state it shows stored), in this process. */
async function seed(store: WatchStore, peers: PeersReady, options: CaseOptions, t0: Date): Promise<void> {
  const backend = createContainerOpsClient({
    endpoint: peers.simUrl,
    auth: { kind: 'token', token: peers.simToken },
    cacheMs: 0,
  });
  const states = await mapLimited(
    Array.from({ length: options.pipelines }, (_, i) => peers.firstId + i),
    16,
    async (id) => toRunState(summarisePipeline(await backend.getRun(pid(id)))),
  );
  await mapLimited(
    Array.from({ length: options.watches }, (_, i) => i),
    8,
    async (i) => {
      const state = states[i % options.pipelines] as RunState;
      const channelId = `C${String(Math.floor(i / options.perChannel)).padStart(8, '0')}`;
      const { watch } = await store.addWatch({
        teamId: TEAM,
        channelId,
        pipelineId: String(state.id),
        filter: 'changes',
        createdBy: 'U0BENCH01',
        now: t0,
        nextPollAt: new Date(t0.getTime() + INTERVAL_S * 1000),
      });
      // A watch's card is written only under its lease, as a cycle writes it.
      const claimed = await store.claimWatch({ owner: 'seed', watchId: watch.id, now: t0, leaseMs: 60_000 });
      if (claimed === null) throw new Error(`could not claim watch ${watch.id} to seed it`);
      await store.saveProgress('seed', [
        {
          ...progressOf(claimed),
          cardChannel: channelId,
          cardTs: `1600000000.${String(i).padStart(6, '0')}`,
          runKey: state.runKey,
          fingerprint: fingerprintState(state),
          baselineJson: JSON.stringify(state),
        },
      ]);
    },
  );
}

/** One row: peers up, watches seeded into `databaseUrl`, then an idle and a changed cycle in a fresh poller process. */
async function runCase(
  setup: string,
  databaseUrl: string,
  schema: string | undefined,
  replicas: number,
  options: CaseOptions,
): Promise<WatchBenchRow> {
  const t0 = new Date(Date.UTC(2026, 2, 1, 10, 0, 0));
  const log = (what: string): void => {
    process.stderr.write(`${setup}: ${what}\n`);
  };
  const peers = await startChild<PeersReady>(here('./watch-peers.ts'), [
    '--pipelines',
    String(options.pipelines),
    '--now',
    String(t0.getTime()),
  ]);
  let poller: Child<{ readyRssMb: number }> | null = null;
  try {
    log(`seeding ${options.watches.toLocaleString('en')} watches`);
    const store = await createStore(databaseUrl, schema ? { schema } : {});
    try {
      await seed(store, peers.ready, options, t0);
    } finally {
      await store.close();
    }
    await peers.call('resetSlack');
    const config: PollerConfig = {
      databaseUrl,
      ...(schema ? { schema } : {}),
      replicas,
      intervalSeconds: INTERVAL_S,
      simUrl: peers.ready.simUrl,
      simToken: peers.ready.simToken,
      slackApiUrl: peers.ready.slackApiUrl,
    };
    poller = await startChild(compiledPoller(), [JSON.stringify(config)]);
    log(`poller process ready, RSS ${poller.ready.readyRssMb} MB`);
    const running = poller;
    const cycle = async (at: Date): Promise<{ parts: TickStats[]; stats: TickStats }> => {
      const before = await peers.call<number>('swrRequests');
      const parts = await running.call<TickStats[]>('tick', { at: at.getTime() });
      const stats = sumStats(parts);
      stats.backendReads = (await peers.call<number>('swrRequests')) - before;
      return { parts, stats };
    };
    // Nothing moved on the simulator clock: every watch is due, nothing changed.
    const idleAt = new Date(t0.getTime() + INTERVAL_S * 1000);
    log('idle cycle');
    const idle = await cycle(idleAt);
    const idleSlack = await peers.call<SlackStats>('slackStats');
    const idleSlackCalls = Object.values(idleSlack.counts).reduce((a, b) => a + b, 0);
    // The simulated pipelines move 90 s: some stages finish and the next ones start.
    await peers.call('advance', { ms: 90_000 });
    log('changed cycle');
    const changed = (await cycle(new Date(idleAt.getTime() + 90_000))).stats;
    const { duplicates } = await peers.call<SlackStats>('slackStats');
    const memory = await running.close<PollerMemory>();
    poller = null;
    if (memory === null) throw new Error('the poller process did not report its memory');
    log(`poller process peak RSS ${memory.maxRssMb} MB`);
    return {
      setup,
      watches: options.watches,
      idleSwrRequests: idle.stats.backendReads,
      idleSlackCalls,
      idleCycleMs: Math.round(idle.stats.durationMs),
      changedSwrRequests: changed.backendReads,
      changedUpdates: changed.updates,
      changedPosts: changed.posts,
      changedCycleMs: Math.round(changed.durationMs),
      duplicates,
      split: idle.parts.map((s) => s.claimed),
      peakRssMb: memory.maxRssMb,
      readyRssMb: memory.readyRssMb,
    };
  } finally {
    await poller?.close();
    await peers.close();
  }
}

/** RSS of an idle `node --import tsx` process, bare and with the poller's modules loaded (for context). */
export function idleRssMb(): { bare: number; withModules: number } {
  const measure = (modules: boolean): number => {
    const load = modules
      ? "await import('./src/watch/index.js'); await import('./src/store/index.js'); await import('./src/swr/client.js');"
      : '';
    const code = `${load} await new Promise((r) => setTimeout(r, 200)); console.log(process.memoryUsage.rss());`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      encoding: 'utf8',
      cwd: here('..'),
    });
    return Math.round(Number(run.stdout.trim()) / MB);
  };
  return { bare: measure(false), withModules: measure(true) };
}

/** Runs the benchmark: SQLite with one poller, then (unless disabled) PostgreSQL with three. */
export async function runWatchBenchmark(options: WatchBenchOptions = {}): Promise<WatchBenchRow[]> {
  const o: CaseOptions = {
    watches: options.watches ?? 10_000,
    pipelines: options.pipelines ?? 2_000,
    perChannel: options.perChannel ?? 5,
  };
  const rows: WatchBenchRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'watch-bench-'));
  try {
    rows.push(await runCase('SQLite, 1 poller', `sqlite:${join(dir, 'bench.db')}`, undefined, 1, o));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url =
    options.postgresUrl === undefined
      ? (process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
      : options.postgresUrl;
  if (url !== null) {
    const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    try {
      rows.push(await runCase('PostgreSQL, 3 pollers', url, schema, 3, o));
    } finally {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  }
  return rows;
}

/** The results as a markdown table. */
export function formatWatchBenchmark(rows: readonly WatchBenchRow[]): string {
  const lines = [
    '| setup | watches | idle cycle: SWR requests (target 2,000) | idle cycle: Slack calls (target 0) | idle cycle time (target < 15 s) | changed cycle: SWR requests / updates / posts | changed cycle time | duplicates (target 0) | watches per poller | peak RSS (target < 200 MB) |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.setup} | ${r.watches.toLocaleString('en')} | ${r.idleSwrRequests.toLocaleString('en')} | ${r.idleSlackCalls} | ${(r.idleCycleMs / 1000).toFixed(2)} s | ${r.changedSwrRequests.toLocaleString('en')} / ${r.changedUpdates.toLocaleString('en')} / ${r.changedPosts.toLocaleString('en')} | ${(r.changedCycleMs / 1000).toFixed(2)} s | ${r.duplicates} | ${r.split.join(' / ')} | ${r.peakRssMb} MB |`,
    );
  }
  return lines.join('\n');
}
