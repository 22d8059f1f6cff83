/**
 * The watch benchmark: 10,000 watches over 2,000 always-running simulator pipelines, on loopback. The simulator
 * and the fake Slack run in a child process (`bench/watch-peers.ts`), so the peak RSS measured here is the
 * poller's own. Measures a cycle where nothing changed (SWR requests, Slack calls, time) and one where the
 * simulator clock moved (updates, posts, duplicates), on SQLite with one poller and on PostgreSQL with three.
 * Watches are seeded as `/pipeline watch` leaves them (card posted, state stored). `bench/run.ts` runs
 * `bench/watch.ts`, which calls `runWatchBenchmark`, in a process of its own.
 */
import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { summarisePipeline } from '../src/render/summary.js';
import { createStore } from '../src/store/index.js';
import type { SubscriptionStore } from '../src/store/types.js';
import { createSwrClient } from '../src/swr/client.js';
import { mapLimited } from '../src/watch/map-limited.js';
import { createPoller, type Poller, type TickStats } from '../src/watch/poller.js';
import { createWatchSlackClient } from '../src/watch/slack-outcome.js';
import { fingerprintState, toWatchState, type WatchState } from '../src/watch/watch-state.js';
import type { PeersReady, PeersRequest, PeersResponse, SlackStats } from './watch-peers.js';

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
  peakRssMb: number;
}

const TEAM = 'T00000001';
const INTERVAL_S = 15;
const MB = 1_048_576;
const PEERS_SCRIPT = fileURLToPath(new URL('./watch-peers.ts', import.meta.url));

/** The simulator and the fake Slack in their own process, driven over IPC. */
interface Peers extends PeersReady {
  advance(ms: number): Promise<number>;
  swrRequests(): Promise<number>;
  resetSlack(): Promise<void>;
  slackStats(): Promise<SlackStats>;
  close(): Promise<void>;
}

type PeersOp = PeersRequest extends infer R ? (R extends { op: infer O } ? O : never) : never;

async function startPeers(pipelines: number, now: number): Promise<Peers> {
  const child: ChildProcess = fork(PEERS_SCRIPT, ['--pipelines', String(pipelines), '--now', String(now)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const pending = new Map<number, { resolve: (v: PeersResponse['result']) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  child.on('message', (m: PeersResponse) => {
    const waiter = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) waiter?.reject(new Error(`watch peers: ${m.error}`));
    else waiter?.resolve(m.result ?? null);
  });
  child.once('exit', (code) => {
    for (const w of pending.values()) w.reject(new Error(`watch peers exited (${code})`));
    pending.clear();
  });
  const ready = await new Promise<PeersReady>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      lines.close();
      try {
        resolve(JSON.parse(line) as PeersReady);
      } catch (error) {
        reject(error);
      }
    });
    child.once('exit', (code) => reject(new Error(`watch peers exited before starting (${code})`)));
  });
  const call = (op: PeersOp, extra: { ms?: number } = {}): Promise<PeersResponse['result']> =>
    new Promise((resolve, reject) => {
      nextId += 1;
      pending.set(nextId, { resolve, reject });
      child.send({ id: nextId, op, ...extra });
    });
  return {
    ...ready,
    advance: async (ms) => Number(await call('advance', { ms })),
    swrRequests: async () => Number(await call('swrRequests')),
    resetSlack: async () => {
      await call('resetSlack');
    },
    slackStats: async () => (await call('slackStats')) as SlackStats,
    close: async () => {
      if (child.exitCode === null && child.connected) {
        await call('close').catch(() => null);
        child.disconnect();
      }
      const timer = setTimeout(() => child.kill(), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** This process's peak RSS from `reset()` on: sampled every 10 ms, and whenever `sample()` is called. */
function rssMeter() {
  let peak = 0;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, 10);
  timer.unref();
  // The set-up's garbage is not the poller's: collect it before counting. `--expose-gc` is set at run time so
  // `node --import tsx bench/watch.ts` (how `bench/run.ts` starts it) gets the same figures as with the flag.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return {
    sample,
    reset: (): number => {
      gc();
      peak = process.memoryUsage.rss();
      return Math.round(peak / MB);
    },
    peakMb: (): number => {
      sample();
      return Math.round(peak / MB);
    },
    stop: (): void => clearInterval(timer),
  };
}

function sumStats(all: TickStats[]): TickStats {
  const out = { ...(all[0] as TickStats) };
  for (const s of all.slice(1)) {
    for (const key of Object.keys(out) as (keyof TickStats)[]) out[key] += s[key];
  }
  out.durationMs = Math.max(...all.map((s) => s.durationMs));
  return out;
}

/** Seeds `options.watches` watches as `/pipeline watch` leaves them: a card posted, the state it shows stored. */
async function seed(
  store: SubscriptionStore,
  peers: Peers,
  options: Required<Omit<WatchBenchOptions, 'postgresUrl'>>,
  t0: Date,
): Promise<void> {
  const source = createSwrClient({
    endpoint: peers.simUrl,
    auth: { kind: 'token', token: peers.simToken },
    cacheMs: 0,
  });
  // Straight into the store: the set-up's 10,000 card renders would otherwise grow the heap before measuring.
  const states = await mapLimited(
    Array.from({ length: options.pipelines }, (_, i) => peers.firstId + i),
    16,
    async (id) => toWatchState(summarisePipeline(await source.getPipeline(id))),
  );
  await mapLimited(
    Array.from({ length: options.watches }, (_, i) => i),
    8,
    async (i) => {
      const state = states[i % options.pipelines] as WatchState;
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
      await store.recordCard(watch.id, {
        cardChannel: channelId,
        cardTs: `1600000000.${String(i).padStart(6, '0')}`,
        runKey: state.runKey,
        fingerprint: fingerprintState(state),
        summaryJson: JSON.stringify(state),
      });
    },
  );
}

async function runCase(
  setup: string,
  stores: SubscriptionStore[],
  options: Required<Omit<WatchBenchOptions, 'postgresUrl'>>,
  meter: ReturnType<typeof rssMeter>,
): Promise<WatchBenchRow> {
  const t0 = new Date(Date.UTC(2026, 2, 1, 10, 0, 0));
  const peers = await startPeers(options.pipelines, t0.getTime());
  try {
    process.stderr.write(`${setup}: seeding ${options.watches} watches\n`);
    await seed(stores[0] as SubscriptionStore, peers, options, t0);
    await peers.resetSlack();
    const client = createWatchSlackClient('xoxb-bench', { slackApiUrl: peers.slackApiUrl });
    const source = createSwrClient({
      endpoint: peers.simUrl,
      auth: { kind: 'token', token: peers.simToken },
      cacheMs: 0,
    });
    const pollers: Poller[] = stores.map((store, i) =>
      createPoller({
        store,
        source,
        slack: client,
        intervalSeconds: INTERVAL_S,
        reviewReminderMinutes: 60,
        owner: `bench-${i}`,
      }),
    );
    // Peak RSS counts from here: the poller's cycles, not the set-up.
    process.stderr.write(`${setup}: RSS before polling ${meter.reset()} MB\n`);
    const cycle = async (at: Date): Promise<{ parts: TickStats[]; stats: TickStats }> => {
      const before = await peers.swrRequests();
      const parts = await Promise.all(pollers.map((p) => p.tick(at)));
      meter.sample();
      const stats = sumStats(parts);
      stats.swrRequests = (await peers.swrRequests()) - before;
      return { parts, stats };
    };
    // Nothing moved on the simulator clock: every watch is due, nothing changed.
    const idleAt = new Date(t0.getTime() + INTERVAL_S * 1000);
    process.stderr.write(`${setup}: idle cycle\n`);
    const idle = await cycle(idleAt);
    const idleSlack = await peers.slackStats();
    const idleSlackCalls = Object.values(idleSlack.counts).reduce((a, b) => a + b, 0);
    // The simulated pipelines move 90 s: some stages finish and the next ones start.
    await peers.advance(90_000);
    process.stderr.write(`${setup}: changed cycle\n`);
    const changed = (await cycle(new Date(idleAt.getTime() + 90_000))).stats;
    const { duplicates } = await peers.slackStats();
    return {
      setup,
      watches: options.watches,
      idleSwrRequests: idle.stats.swrRequests,
      idleSlackCalls,
      idleCycleMs: Math.round(idle.stats.durationMs),
      changedSwrRequests: changed.swrRequests,
      changedUpdates: changed.updates,
      changedPosts: changed.posts,
      changedCycleMs: Math.round(changed.durationMs),
      duplicates,
      split: idle.parts.map((s) => s.claimed),
      peakRssMb: meter.peakMb(),
    };
  } finally {
    await peers.close();
  }
}

/** RSS of an idle `node --import tsx` process, bare and with the poller's modules loaded (for context). */
export function idleRssMb(): { bare: number; withModules: number } {
  const measure = (modules: boolean): number => {
    const code = `${modules ? "await import('./src/watch/index.js'); await import('./src/store/index.js'); await import('./src/swr/client.js');" : ''}
      await new Promise((r) => setTimeout(r, 200)); console.log(process.memoryUsage.rss());`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    });
    return Math.round(Number(run.stdout.trim()) / MB);
  };
  return { bare: measure(false), withModules: measure(true) };
}

/** Runs the benchmark: SQLite with one poller, then (unless disabled) PostgreSQL with three. */
export async function runWatchBenchmark(options: WatchBenchOptions = {}): Promise<WatchBenchRow[]> {
  const o = {
    watches: options.watches ?? 10_000,
    pipelines: options.pipelines ?? 2_000,
    perChannel: options.perChannel ?? 5,
  };
  const rows: WatchBenchRow[] = [];
  const meter = rssMeter();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'watch-bench-'));
    const sqlite = await createStore(`sqlite:${join(dir, 'bench.db')}`);
    try {
      rows.push(await runCase('SQLite, 1 poller', [sqlite], o, meter));
    } finally {
      await sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const url =
      options.postgresUrl === undefined
        ? (process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
        : options.postgresUrl;
    if (url !== null) {
      const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      const stores = [
        await createStore(url, { schema }),
        await createStore(url, { schema }),
        await createStore(url, { schema }),
      ];
      try {
        rows.push(await runCase('PostgreSQL, 3 pollers', stores, o, meter));
      } finally {
        for (const s of stores) await s.close();
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      }
    }
  } finally {
    meter.stop();
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
