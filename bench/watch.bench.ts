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
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createContainerOpsClient } from '../src/backends/containerops/client.js';
import { mapLimited } from '../src/domain/map-limited.js';
import { type RunState, toRunState } from '../src/domain/run-state.js';
import { summarisePipeline } from '../src/domain/summary.js';
import { createStore, progressOf } from '../src/store/index.js';
import type { WatchStore } from '../src/store/types.js';
import type { TickStats } from '../src/watch/poller.js';
import { fingerprintState } from '../src/watch/remembered-state.js';
import { pid } from '../test/helpers/pipeline-id.js';
import type { StatementStats } from './pg-query-counter.js';
import { median } from './render.bench.js';
import { type Child, seededCard, startChild } from './watch-ipc.js';
import type { PeersReady, SlackStats } from './watch-peers.js';
import type { PollerConfig, PollerMemory } from './watch-poller.js';

export interface WatchBenchOptions {
  watches?: number;
  pipelines?: number;
  /** Watches per channel. */
  perChannel?: number;
  /** `null` skips the PostgreSQL runs. */
  postgresUrl?: string | null;
  /** Which setups to run (default all): SQLite with one poller, PostgreSQL with one, PostgreSQL with three. */
  setups?: readonly WatchSetup[];
  /** `array`: PostgreSQL pollers send the prototype claim (`bench/pg-query-counter.ts`), not the store's. */
  claimSql?: 'store' | 'array';
}

export type WatchSetup = 'sqlite' | 'pg1' | 'pg3' | 'pg3p';
export const WATCH_SETUPS: readonly WatchSetup[] = ['sqlite', 'pg1', 'pg3', 'pg3p'];
/** What `npm run bench` runs (3 pollers in 3 processes on request: `--setup pg3p`). */
export const DEFAULT_WATCH_SETUPS: readonly WatchSetup[] = ['sqlite', 'pg1', 'pg3'];

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
  /** Polling processes (peak and ready RSS are the highest of them; CPU is their sum). */
  processes: number;
  /** CPU time of the polling process in each cycle, and of every PostgreSQL server process (`/proc`), ms. */
  idleCpuMs: number;
  changedCpuMs: number;
  idleDbCpuMs: number | null;
  changedDbCpuMs: number | null;
  /** PostgreSQL only: the statements each cycle sent, busiest first (`bench/pg-query-counter.ts`). */
  queries: { idle: StatementStats[]; changed: StatementStats[] } | null;
}

type CaseOptions = Required<Omit<WatchBenchOptions, 'postgresUrl' | 'setups'>>;

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
      const { channel: channelId, ts: cardTs } = seededCard(i, options.perChannel);
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
          cardTs,
          runKey: state.runKey,
          fingerprint: fingerprintState(state),
          baselineJson: JSON.stringify(state),
        },
      ]);
    },
  );
}

/** How a case gets its 10,000 watches into its store (the peers are up, the store open). */
type Prepare = (store: WatchStore, peers: PeersReady, t0: Date) => Promise<void>;

/** Sums the statement counts of several processes, label by label. */
function mergeStatements(all: StatementStats[][]): StatementStats[] {
  const out = new Map<string, StatementStats>();
  for (const s of all.flat()) {
    const e = out.get(s.label) ?? { label: s.label, count: 0, totalMs: 0, rows: 0 };
    out.set(s.label, e);
    e.count += s.count;
    e.totalMs += s.totalMs;
    e.rows += s.rows;
  }
  return [...out.values()].sort((x, y) => y.totalMs - x.totalMs);
}

/**
 * One row: peers up, watches prepared in `databaseUrl`, then an idle and a changed cycle in fresh poller
 * processes — `pollers` pollers in one process, or one process per poller (`separate`), as replicas run.
 */
async function runCase(
  setup: string,
  databaseUrl: string,
  schema: string | undefined,
  pollers: { count: number; separate: boolean },
  options: CaseOptions,
  prepare: Prepare,
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
  const processes: Child<{ readyRssMb: number }>[] = [];
  try {
    log(`preparing ${options.watches.toLocaleString('en')} watches`);
    const store = await createStore(databaseUrl, schema ? { schema } : {});
    try {
      await prepare(store, peers.ready, t0);
    } finally {
      await store.close();
    }
    await peers.call('resetSlack');
    await peers.call('seedCards', { watches: options.watches, perChannel: options.perChannel });
    const postgres = databaseUrl.startsWith('postgres');
    const config: PollerConfig = {
      databaseUrl,
      ...(schema ? { schema } : {}),
      replicas: pollers.separate ? 1 : pollers.count,
      intervalSeconds: INTERVAL_S,
      simUrl: peers.ready.simUrl,
      simToken: peers.ready.simToken,
      slackApiUrl: peers.ready.slackApiUrl,
      countQueries: postgres,
      claimSql: options.claimSql,
    };
    for (let i = 0; i < (pollers.separate ? pollers.count : 1); i += 1) {
      processes.push(await startChild(compiledPoller(), [JSON.stringify(config)]));
    }
    log(`poller process(es) ready, RSS ${processes.map((p) => p.ready.readyRssMb).join(' / ')} MB`);
    const each = <T>(op: string, payload: Record<string, unknown> = {}): Promise<T[]> =>
      Promise.all(processes.map((p) => p.call<T>(op, payload)));
    // Opening the stores (migrations) is not a cycle's: its statements are dropped.
    await each('queries');
    const cycle = async (at: Date) => {
      const before = await peers.call<number>('swrRequests');
      await each<number>('cpu');
      const dbBefore = postgres ? postgresCpuMs() : null;
      const parts = (await each<TickStats[]>('tick', { at: at.getTime() })).flat();
      const cpuMs = (await each<number>('cpu')).reduce((a, b) => a + b, 0);
      const dbCpuMs = dbBefore === null ? null : postgresCpuMs() - dbBefore;
      const stats = sumStats(parts);
      stats.backendReads = (await peers.call<number>('swrRequests')) - before;
      const queries = mergeStatements(await each<StatementStats[]>('queries'));
      return { parts, stats, cpuMs, dbCpuMs, queries };
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
    const changedCycle = await cycle(new Date(idleAt.getTime() + 90_000));
    const changed = changedCycle.stats;
    const { duplicates } = await peers.call<SlackStats>('slackStats');
    const memories = await Promise.all(processes.map((p) => p.close<PollerMemory>()));
    processes.length = 0;
    if (memories.some((m) => m === null)) throw new Error('a poller process did not report its memory');
    const memory = memories as PollerMemory[];
    log(`poller process peak RSS ${memory.map((m) => m.maxRssMb).join(' / ')} MB`);
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
      peakRssMb: Math.max(...memory.map((m) => m.maxRssMb)),
      readyRssMb: Math.max(...memory.map((m) => m.readyRssMb)),
      processes: memory.length,
      idleCpuMs: Math.round(idle.cpuMs),
      changedCpuMs: Math.round(changedCycle.cpuMs),
      idleDbCpuMs: idle.dbCpuMs,
      changedDbCpuMs: changedCycle.dbCpuMs,
      queries: postgres ? { idle: idle.queries, changed: changedCycle.queries } : null,
    };
  } finally {
    for (const p of processes) await p.close();
    await peers.close();
  }
}

/**
 * CPU time (ms) of every PostgreSQL process on this machine so far, from `/proc/<pid>/stat` (utime + stime, in
 * clock ticks of 10 ms): the database server's side of a cycle, as a difference. Other users of the same server
 * count too; 0 where `/proc` cannot be read.
 */
function postgresCpuMs(): number {
  let ticks = 0;
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
        const fields = stat.slice(close + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    return 0;
  }
  return ticks * 10;
}

/** RSS of an idle `node --import tsx` process, bare and with the poller's modules loaded (for context). */
export function idleRssMb(): { bare: number; withModules: number } {
  const measure = (modules: boolean): number => {
    const load = modules
      ? "await import('./src/watch/index.js'); await import('./src/store/index.js'); await import('./src/backends/containerops/client.js');"
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

/** Copies the watches (and milestones) of schema `from` into schema `to`, which the store just created. */
async function copyWatches(url: string, from: string, to: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`INSERT INTO "${to}".watches SELECT * FROM "${from}".watches`);
    await admin.query(`INSERT INTO "${to}".milestones SELECT * FROM "${from}".milestones`);
    await admin.query(
      `SELECT setval(pg_get_serial_sequence('"${to}".watches', 'id'), (SELECT max(id) FROM "${to}".watches))`,
    );
  } finally {
    await admin.end();
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}

/**
 * Runs the benchmark: SQLite with one poller, then (unless disabled) PostgreSQL with one poller, with three in
 * one process, and with three in three processes (as replicas run). The PostgreSQL watches are seeded once, as
 * `/pipeline watch` leaves them, into a template schema, and copied from it for each case.
 */
export async function runWatchBenchmark(options: WatchBenchOptions = {}): Promise<WatchBenchRow[]> {
  const o: CaseOptions = {
    watches: options.watches ?? 10_000,
    pipelines: options.pipelines ?? 2_000,
    perChannel: options.perChannel ?? 5,
    claimSql: options.claimSql ?? 'store',
  };
  const setups = options.setups ?? DEFAULT_WATCH_SETUPS;
  const seedHere: Prepare = (store, peers, t0) => seed(store, peers, o, t0);
  const rows: WatchBenchRow[] = [];
  if (setups.includes('sqlite')) {
    const dir = mkdtempSync(join(tmpdir(), 'watch-bench-'));
    try {
      const db = `sqlite:${join(dir, 'bench.db')}`;
      rows.push(await runCase('SQLite, 1 poller', db, undefined, { count: 1, separate: false }, o, seedHere));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const url =
    options.postgresUrl === undefined
      ? (process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
      : options.postgresUrl;
  if (url === null) return rows;
  // One poller on PostgreSQL gives the store's own cost; three add the coordination between replicas.
  const pgCases: [WatchSetup, string, { count: number; separate: boolean }][] = [
    ['pg1', 'PostgreSQL, 1 poller', { count: 1, separate: false }],
    ['pg3', 'PostgreSQL, 3 pollers in 1 process', { count: 3, separate: false }],
    ['pg3p', 'PostgreSQL, 3 pollers in 3 processes', { count: 3, separate: true }],
  ];
  const id = () => randomUUID().replace(/-/g, '').slice(0, 12);
  const template = `bench_${id()}_seed`;
  let seeded = false;
  const fromTemplate = async (peers: PeersReady, t0: Date): Promise<void> => {
    if (!seeded) {
      const seedStore = await createStore(url, { schema: template });
      try {
        await seed(seedStore, peers, o, t0);
      } finally {
        await seedStore.close();
      }
      seeded = true;
    }
  };
  try {
    for (const [key, name, pollers] of pgCases) {
      if (!setups.includes(key)) continue;
      const setup = o.claimSql === 'array' ? `${name}, prototype claim SQL` : name;
      const schema = `bench_${id()}`;
      try {
        const prepare: Prepare = async (_store, peers, t0) => {
          await fromTemplate(peers, t0);
          await copyWatches(url, template, schema);
        };
        rows.push(await runCase(setup, url, schema, pollers, o, prepare));
      } finally {
        await dropSchema(url, schema);
      }
    }
  } finally {
    if (seeded) await dropSchema(url, template);
  }
  return rows;
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** The results as markdown: the main table, then the PostgreSQL statements of each cycle. */
export function formatWatchBenchmark(rows: readonly WatchBenchRow[]): string {
  const lines = [
    '| setup | watches | idle cycle: SWR requests (target 2,000) | idle cycle: Slack calls (target 0) | idle cycle time (target: PostgreSQL ≤ SQLite) | changed cycle: SWR requests / updates / posts | changed cycle time | duplicates (target 0) | watches per poller | peak RSS (target < 200 MB) | CPU idle / changed: polling process | CPU idle / changed: PostgreSQL server |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: | ---: | ---: |',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.setup} | ${r.watches.toLocaleString('en')} | ${r.idleSwrRequests.toLocaleString('en')} | ${r.idleSlackCalls} | ${(r.idleCycleMs / 1000).toFixed(2)} s | ${r.changedSwrRequests.toLocaleString('en')} / ${r.changedUpdates.toLocaleString('en')} / ${r.changedPosts.toLocaleString('en')} | ${(r.changedCycleMs / 1000).toFixed(2)} s | ${r.duplicates} | ${r.split.join(' / ')} | ${r.peakRssMb} MB${r.processes > 1 ? ' (each)' : ''} | ${sec(r.idleCpuMs)} / ${sec(r.changedCpuMs)} | ${r.idleDbCpuMs === null ? '–' : `${sec(r.idleDbCpuMs)} / ${sec(r.changedDbCpuMs ?? 0)}`} |`,
    );
  }
  const counted = rows.filter((r) => r.queries !== null);
  if (counted.length > 0) {
    lines.push(
      '',
      '**PostgreSQL round trips per cycle** (every statement the polling process sent, counted by wrapping `pg.Client#query` in the benchmark; time = send → result, summed over the pool’s connections, so it can exceed the cycle):',
      '',
      '| setup | cycle | statement | round trips | per watch | rows | time (sum) | per round trip |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const r of counted) {
      for (const [cycle, stats] of [
        ['idle', r.queries?.idle ?? []],
        ['changed', r.queries?.changed ?? []],
      ] as const) {
        const all = stats.reduce((sum, s) => sum + s.count, 0);
        const ms = stats.reduce((sum, s) => sum + s.totalMs, 0);
        lines.push(
          `| ${r.setup} | ${cycle} | **all** | **${all.toLocaleString('en')}** | **${(all / r.watches).toFixed(3)}** | | **${Math.round(ms).toLocaleString('en')} ms** | |`,
        );
        for (const s of stats) {
          lines.push(
            `| ${r.setup} | ${cycle} | ${s.label} | ${s.count.toLocaleString('en')} | ${(s.count / r.watches).toFixed(3)} | ${s.rows.toLocaleString('en')} | ${Math.round(s.totalMs).toLocaleString('en')} ms | ${(s.totalMs / s.count).toFixed(2)} ms |`,
          );
        }
      }
    }
  }
  return lines.join('\n');
}

/**
 * Several rounds of the same setups: each round's idle and changed cycle with its ratio to that round's first row
 * (SQLite), then the medians — a ratio between setups run minutes apart is only as steady as the machine's load.
 */
export function formatRounds(rounds: readonly (readonly WatchBenchRow[])[]): string {
  const lines = [
    '| setup | idle cycle, each round | changed cycle, each round | ÷ SQLite idle: each round, median | ÷ SQLite changed: each round, median | peak RSS, each round |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  const setups = rounds[0]?.map((r) => r.setup) ?? [];
  for (const setup of setups) {
    const mine = rounds.map((round) => round.find((r) => r.setup === setup) as WatchBenchRow);
    const base = rounds.map((round) => round[0] as WatchBenchRow);
    const ratios = (pick: (r: WatchBenchRow) => number): string => {
      const each = mine.map((r, i) => pick(r) / pick(base[i] as WatchBenchRow));
      return `${each.map((x) => `${x.toFixed(2)}×`).join(', ')} → **${median(each).toFixed(2)}×**`;
    };
    lines.push(
      `| ${setup} | ${mine.map((r) => sec(r.idleCycleMs)).join(', ')} | ${mine.map((r) => sec(r.changedCycleMs)).join(', ')} | ${ratios((r) => r.idleCycleMs)} | ${ratios((r) => r.changedCycleMs)} | ${mine.map((r) => `${r.peakRssMb} MB`).join(', ')} |`,
    );
  }
  return lines.join('\n');
}
