/**
 * The Slack load benchmark: is `/pipeline <id>` acknowledged at once and answered as soon as SWR answers, when
 * many arrive together and SWR is slow? Processes on loopback: this one is Slack (signs and sends commands and
 * Refresh clicks as Slack does, times the acknowledgements); `bench/slack-peers.ts` runs the SWR simulator, which
 * answers every call after `latencyMs`, and a fake Slack noting when each card reached its `response_url`;
 * `bench/slack-bot.ts` is the bot (Bolt's real HTTP receiver, compiled, plain node) and reports its CPU, event
 * loop and memory. Every command names a different bulk pipeline, so the bot's 2 s SWR cache never answers one.
 * Two baselines take the same commands from the same driver, interleaved with the bot's bursts: a bare Bolt app
 * whose `/pipeline` listener only acknowledges (`bench/slack-bare-bolt.ts`) and a raw `node:http` server that
 * answers 200 (`bench/slack-raw-http.ts`); prototype copies of the bot can be added the same way (`variants`).
 * `bench/run.ts` runs `bench/slack.ts`, which calls `runSlackBenchmark` and prints `formatSlackBenchmark`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTION_REFRESH } from '../src/render/action-ids.js';
import { blockActionsPayload, commandForm, slackSignature } from '../test/helpers/slack-request.js';
import type { BaselineConfig } from './slack-bare-bolt.js';
import type { BotSample, SlackBotConfig } from './slack-bot.js';
import type { Arrival, SlackPeersReady } from './slack-peers.js';
import { type Child, startChild } from './watch-ipc.js';

export interface SlackBenchOptions {
  /** Commands sent at the same moment. */
  concurrency: number[];
  /** One command at a time (nothing queued in the bot): bursts of 1 per run, at warn only. */
  sequentialBursts: number;
  /** Runs per concurrency level (medians reported), and bursts per run. */
  runs: number;
  bursts: number;
  /** The simulator's delay on every SWR call. */
  latencyMs: number;
  /** Runs per level with LOG_LEVEL=info (0: none), and bursts per run. */
  infoRuns: number;
  infoBursts: number;
  refreshRuns: number;
  refreshClicks: number;
  refreshWindowMs: number;
  memoryRuns: number;
  memoryCommands: number;
  /** Commands per burst and SWR latency in the memory phase (shorter, to keep the run short). */
  memoryBurst: number;
  memoryLatencyMs: number;
  /** Which phases run: the commands (with the baselines), Refresh bursts, the info-level rows, memory. */
  phases: readonly SlackPhase[];
  /** Measure the bare Bolt app and the raw `node:http` server, interleaved with the bot (warn rows). */
  baselines: boolean;
  /** Prototype copies of the bot (compiled `slack-bot.js` elsewhere), measured interleaved like the baselines. */
  variants: readonly { name: string; script: string }[];
  /** Run the warn-level bot under `--cpu-prof` into this directory, with its request timings (see slack-child.ts). */
  cpuProfileDir: string | null;
  /** Write heap snapshots of the memory phase's bot into this directory, at each sample. */
  heapSnapshotDir: string | null;
}

export type SlackPhase = 'commands' | 'refresh' | 'info' | 'memory';
export const SLACK_PHASES: readonly SlackPhase[] = ['commands', 'refresh', 'info', 'memory'];

export const FULL: SlackBenchOptions = {
  concurrency: [50, 200],
  sequentialBursts: 6,
  runs: 5,
  bursts: 2,
  latencyMs: 1_500,
  infoRuns: 3,
  infoBursts: 1,
  refreshRuns: 3,
  refreshClicks: 100,
  refreshWindowMs: 1_000,
  memoryRuns: 1,
  memoryCommands: 10_000,
  memoryBurst: 200,
  memoryLatencyMs: 50,
  phases: SLACK_PHASES,
  baselines: true,
  variants: [],
  cpuProfileDir: null,
  heapSnapshotDir: null,
};

export const QUICK: SlackBenchOptions = {
  ...FULL,
  runs: 3,
  bursts: 1,
  sequentialBursts: 2,
  memoryCommands: 2_000,
};

/** Medians over the runs of one concurrency level. */
export interface CommandRow {
  /** `bot`, `bare Bolt`, `raw node:http`, or a variant's name. */
  app: string;
  kind: AppKind;
  logLevel: string;
  concurrency: number;
  runs: number;
  commands: number;
  ack: Percentiles;
  /** Command sent → card at the response URL, minus the SWR latency. */
  card: Percentiles;
  /** Over all runs. */
  failures: Failures;
  /** "Still waiting…" notices (SWR looked slower than 2.5 s). */
  waiting: number;
  cpuPerCommandMs: number;
  loopMaxMs: number;
  /** Each run's ack percentiles (the runs of every app at a level are interleaved, run by run). */
  ackRuns: Percentiles[];
}

/** An app's ack p99 and p50 against the bare Bolt app's, run by run (each pair measured back to back). */
export interface AckRatio {
  app: string;
  concurrency: number;
  /** Median over the runs of (this app's p99 ÷ bare Bolt's p99 in the same run), and the lowest and highest. */
  p99: [median: number, min: number, max: number];
  p50: [median: number, min: number, max: number];
}

export interface RefreshRow {
  runs: number;
  clicks: number;
  windowMs: number;
  /** Median SWR GETs of the clicked pipeline per burst, and the highest. */
  swrGets: number;
  swrGetsMax: number;
  ack: Percentiles;
  cardsOk: number;
  cardsExpected: number;
  failedAcks: number;
}

export interface MemoryRow {
  runs: number;
  commands: number;
  latencyMs: number;
  burst: number;
  failures: Failures;
  /** After the warm-up, half the commands and all of them; medians over runs. */
  points: MemoryPoint[];
}

export interface MemoryPoint {
  /** As the kernel reports it, and after four full collections. */
  rssMb: number;
  rssGcMb: number;
  /** V8 heap reserved. */
  heapTotalMb: number;
  /** V8 heap in use after four full collections. */
  heapMb: number;
  /** Buffers and native objects V8 knows of, after those collections. */
  externalMb: number;
}

export interface SlackBenchResult {
  options: SlackBenchOptions;
  /** The bot's rows (warn, then info). */
  commands: CommandRow[];
  /** The baselines' and variants' rows, measured interleaved with the bot's warn rows. */
  others: CommandRow[];
  ratios: AckRatio[];
  refresh: RefreshRow | null;
  memory: MemoryRow | null;
  infoLogBytesPerCommand: number | null;
  /** The machine's 1-minute load average before and after (other processes share the 2 cores). */
  load: [number, number];
}

/** Commands that failed: not acknowledged with a 200; no answer at the response URL; another answer than the card, or more than one. */
export interface Failures {
  ack: number;
  missing: number;
  wrong: number;
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

const SIGNING_SECRET = 'bench-signing-secret-0123456789';
const BOLT_VERSION = (
  JSON.parse(
    readFileSync(fileURLToPath(new URL('../node_modules/@slack/bolt/package.json', import.meta.url)), 'utf8'),
  ) as {
    version: string;
  }
).version;
const BOT_TOKEN = 'xoxb-bench-bot-token-0123456789';
const WARMUP_COMMANDS = 100;
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Nearest-rank percentile of unsorted values. */
function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

function percentiles(values: readonly number[]): Percentiles {
  return {
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    p99: percentile(values, 0.99),
    max: Math.max(...values),
  };
}

function medianPercentiles(runs: readonly Percentiles[]): Percentiles {
  return {
    p50: median(runs.map((r) => r.p50)),
    p95: median(runs.map((r) => r.p95)),
    p99: median(runs.map((r) => r.p99)),
    max: median(runs.map((r) => r.max)),
  };
}

/**
 * The bot runs compiled, as `npm start` runs it: `tsconfig.bench.json` builds src/, bench/ and test/helpers/
 * into dist-bench/ (as the watch benchmark does). Type errors elsewhere in a working tree still emit JavaScript:
 * they are reported, not fatal.
 */
function compileBot(): string {
  const root = here('..');
  const tsc = spawnSync(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.bench.json')],
    { stdio: 'inherit' },
  );
  const script = compiled('slack-bot.js');
  if (!existsSync(script)) throw new Error('compiling the benchmark (tsconfig.bench.json) failed');
  if (tsc.status !== 0) process.stderr.write('tsc reported errors; running the JavaScript it emitted\n');
  return script;
}

/** A compiled benchmark script in dist-bench/bench/. */
const compiled = (file: string): string => join(here('..'), 'dist-bench/bench', file);

/**
 * POSTs a form body to the bot's events URL, signed as Slack signs it (`test/helpers/slack-request.ts`); resolves
 * with the time from the call to the end of the response (NaN when it failed or was not a 200). Plain `node:http`
 * with a keep-alive agent: the lightest client at hand, since it shares the machine with the bot.
 */
function slackPost(agent: Agent, port: number, body: string): Promise<number> {
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'Content-Type': 'application/x-www-form-urlencoded',
    'Content-Length': Buffer.byteLength(body),
    'X-Slack-Request-Timestamp': timestamp,
    'X-Slack-Signature': slackSignature(SIGNING_SECRET, timestamp, body),
  };
  return new Promise((resolve) => {
    const started = performance.now();
    const req = request({ host: '127.0.0.1', port, path: '/slack/events', method: 'POST', headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : Number.NaN));
    });
    req.on('error', () => resolve(Number.NaN));
    req.end(body);
  });
}

/** What the benchmark measures: the bot (or a prototype copy of it), or one of the two baselines. */
export type AppKind = 'bot' | 'bare' | 'raw';

export const BARE_BOLT = 'bare Bolt';
export const RAW_HTTP = 'raw node:http';

/** What drives one running app. */
interface Target {
  name: string;
  kind: AppKind;
  bot: Child<{ port: number }>;
  /** POSTs a signed form body to the app; the acknowledgement time in ms, NaN for a failure. */
  send: (body: string) => Promise<number>;
  peers: Child<SlackPeersReady>;
  nextId: () => number;
  responseUrl: (kind: 'c' | 'r', id: number) => string;
  close: () => Promise<void>;
}

/** One request: `Date.now()` when it was sent, and its acknowledgement time (NaN: failed). */
interface Sent {
  at: number;
  ack: number;
}

interface BurstResult {
  acks: number[];
  cardMs: number[];
  failures: Failures;
  waiting: number;
}

const noFailures = (): Failures => ({ ack: 0, missing: 0, wrong: 0 });
const addFailures = (to: Failures, more: Failures): Failures => {
  to.ack += more.ack;
  to.missing += more.missing;
  to.wrong += more.wrong;
  return to;
};
const failureCount = (f: Failures): number => f.ack + f.missing + f.wrong;

/**
 * Checks what reached the response URLs against what was sent (path → `Date.now()` at sending, and the ack time,
 * NaN when the request failed: that command counts once, as a failed ack).
 */
function checkArrivals(sent: Map<string, Sent>, arrivals: Arrival[], latencyMs: number) {
  const byPath = new Map(arrivals.map((a) => [a.path, a]));
  const cardMs: number[] = [];
  const failures = noFailures();
  let waiting = 0;
  for (const [path, command] of sent) {
    const a = byPath.get(path);
    waiting += a?.waiting ?? 0;
    if (Number.isNaN(command.ack)) failures.ack += 1;
    else if (!a || a.at === null) failures.missing += 1;
    else if (!a.card || a.messages - a.waiting !== 1) failures.wrong += 1;
    else cardMs.push(a.at - command.at - latencyMs);
  }
  return { cardMs, failures, waiting };
}

/**
 * Sends `n` commands at once, each for another pipeline; waits for every answer at the fake Slack. The baselines
 * answer nothing: only their acknowledgements count.
 */
async function commandBurst(t: Target, n: number, latencyMs: number): Promise<BurstResult> {
  const sent = new Map<string, Sent>();
  await Promise.all(
    Array.from({ length: n }, async () => {
      const id = t.nextId();
      const url = t.responseUrl('c', id);
      const command = { at: Date.now(), ack: Number.NaN };
      sent.set(new URL(url).pathname, command);
      command.ack = await t.send(commandForm({ text: String(id), response_url: url }));
    }),
  );
  const acks = [...sent.values()].map((c) => c.ack).filter(Number.isFinite);
  if (t.kind !== 'bot') {
    return { acks, cardMs: [], failures: { ...noFailures(), ack: n - acks.length }, waiting: 0 };
  }
  const arrivals = await t.peers.call<Arrival[]>('collect', { expected: n, timeoutMs: latencyMs + 15_000 });
  return { acks, ...checkArrivals(sent, arrivals, latencyMs) };
}

/** How to start one app: its name, kind, compiled script and (for a bot) the log level. */
interface AppSpec {
  name: string;
  kind: AppKind;
  script: string;
  logLevel: string;
  /** `--cpu-prof` into this directory, with the request timings beside it. */
  cpuProfileDir?: string | null;
}

async function startTarget(
  spec: AppSpec,
  peers: Child<SlackPeersReady>,
  dir: string,
  nextId: () => number,
): Promise<Target> {
  const p = peers.ready;
  const config: SlackBotConfig | BaselineConfig =
    spec.kind === 'bot'
      ? {
          env: {
            SLACK_BOT_TOKEN: BOT_TOKEN,
            SLACK_SIGNING_SECRET: SIGNING_SECRET,
            SLACK_API_URL: p.slackApiUrl,
            SWR_ENDPOINT: p.simUrl,
            SWR_AUTH_TOKEN: p.simToken,
            DATABASE_URL: 'sqlite::memory:',
            LOG_LEVEL: spec.logLevel,
            // The load comes from one test user: the per-person lookup limit would measure nothing but its refusals.
            USER_LOOKUPS_PER_SECOND: '1000000',
            USER_LOOKUP_BURST: '1000000',
            // Likewise the bound on SWR requests in flight (default 8; 64 at most): 200 commands behind 8 slots of
            // 1.5 s take ~37 s, past the driver's 15 s wait for cards. 64 is the nearest the bot allows to no bound.
            SWR_MAX_CONCURRENT_REQUESTS: '64',
          },
          logFile: join(dir, `${spec.name.replace(/\W+/g, '-')}-${spec.logLevel}.log`),
        }
      : { signingSecret: SIGNING_SECRET, slackApiUrl: p.slackApiUrl };
  // The info bot's profile beside the warn bot's, not over it.
  const file = `${spec.name.replace(/\W+/g, '-')}${spec.logLevel === 'info' ? '-info' : ''}`;
  const profile = spec.cpuProfileDir
    ? {
        execArgv: [
          '--cpu-prof',
          `--cpu-prof-dir=${spec.cpuProfileDir}`,
          `--cpu-prof-name=${file}.cpuprofile`,
          '--cpu-prof-interval=250',
        ],
        env: { SLACK_BENCH_TIMINGS: join(spec.cpuProfileDir, `timings-${file}.json`) },
      }
    : {};
  const bot = await startChild<{ port: number }>(spec.script, [JSON.stringify(config)], profile);
  let n = 0;
  // As Node's global agent: with a socket timeout set, an idle connection is dropped on the bot's Keep-Alive hint
  // (5 s, less a second) instead of being reused just as the bot closes it.
  const agent = new Agent({ keepAlive: true, timeout: 5_000 });
  const t: Target = {
    name: spec.name,
    kind: spec.kind,
    bot,
    peers,
    send: (body) => slackPost(agent, bot.ready.port, body),
    nextId,
    responseUrl: (kind, id) => {
      n += 1;
      return `${p.slackBase}/response/${kind}${id}-${n}`;
    },
    close: async () => {
      agent.destroy();
      await bot.close();
    },
  };
  // Warm-up, not measured: the JIT, the first connections.
  await peers.call('latency', { ms: 0 });
  await commandBurst(t, WARMUP_COMMANDS, 0);
  return t;
}

/**
 * `runs` runs of `bursts` bursts of `concurrency` commands for each app in `targets`, interleaved run by run
 * (bot, bare Bolt, raw, bot, …) so that the machine's noise falls on all of them alike; a row per app, each with
 * the medians of its runs' percentiles.
 */
async function commandLevel(
  targets: readonly Target[],
  logLevel: string,
  concurrency: number,
  [runs, bursts]: [number, number],
  o: SlackBenchOptions,
): Promise<CommandRow[]> {
  const peers = targets[0]?.peers;
  await peers?.call('latency', { ms: o.latencyMs });
  for (const t of targets) await t.bot.call<BotSample>('sample');
  const state = targets.map(() => ({
    ackRuns: [] as Percentiles[],
    cardRuns: [] as Percentiles[],
    failures: noFailures(),
    waiting: 0,
  }));
  for (let r = 0; r < runs; r += 1) {
    const progress: string[] = [];
    for (const [i, t] of targets.entries()) {
      const s = state[i] as (typeof state)[number];
      const acks: number[] = [];
      const cards: number[] = [];
      for (let b = 0; b < bursts; b += 1) {
        const burst = await commandBurst(t, concurrency, o.latencyMs);
        acks.push(...burst.acks);
        cards.push(...burst.cardMs);
        addFailures(s.failures, burst.failures);
        s.waiting += burst.waiting;
      }
      s.ackRuns.push(percentiles(acks));
      if (t.kind === 'bot') s.cardRuns.push(percentiles(cards));
      progress.push(
        `${t.name} ack p99 ${ms(percentile(acks, 0.99))} ms${t.kind === 'bot' ? ` card − latency p50 ${ms(percentile(cards, 0.5))} ms` : ''}`,
      );
    }
    process.stderr.write(`${logLevel} ×${concurrency} run ${r + 1}: ${progress.join(' · ')}\n`);
  }
  const commands = runs * bursts * concurrency;
  const rows: CommandRow[] = [];
  for (const [i, t] of targets.entries()) {
    const s = state[i] as (typeof state)[number];
    const sample = await t.bot.call<BotSample>('sample');
    const none = { p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN };
    rows.push({
      app: t.name,
      kind: t.kind,
      logLevel,
      concurrency,
      runs,
      commands,
      ack: medianPercentiles(s.ackRuns),
      card: s.cardRuns.length > 0 ? medianPercentiles(s.cardRuns) : none,
      failures: s.failures,
      waiting: s.waiting,
      cpuPerCommandMs: sample.cpuMs / commands,
      loopMaxMs: sample.loopMaxMs,
      ackRuns: s.ackRuns,
    });
  }
  return rows;
}

/** Each app's p99 and p50 over bare Bolt's, run by run (the runs were interleaved), with median and range. */
function ackRatios(rows: readonly CommandRow[]): AckRatio[] {
  const out: AckRatio[] = [];
  for (const bare of rows.filter((r) => r.kind === 'bare')) {
    for (const row of rows.filter((r) => r.concurrency === bare.concurrency && r.kind !== 'bare')) {
      const of = (key: 'p50' | 'p99'): [number, number, number] => {
        const each = row.ackRuns.map((run, i) => run[key] / (bare.ackRuns[i]?.[key] ?? Number.NaN));
        return [median(each), Math.min(...each), Math.max(...each)];
      };
      out.push({ app: row.app, concurrency: row.concurrency, p99: of('p99'), p50: of('p50') });
    }
  }
  return out;
}

/** Refresh clicked `clicks` times on one private card within `windowMs`, evenly spread; SWR GETs it caused. */
async function refreshBurst(t: Target, o: SlackBenchOptions) {
  const id = t.nextId();
  const sent = new Map<string, Sent>();
  const started = performance.now();
  const replies: Promise<void>[] = [];
  for (let i = 0; i < o.refreshClicks; i += 1) {
    await sleep(started + (i * o.refreshWindowMs) / o.refreshClicks - performance.now());
    const responseUrl = t.responseUrl('r', id);
    const click = { at: Date.now(), ack: Number.NaN };
    sent.set(new URL(responseUrl).pathname, click);
    const payload = blockActionsPayload({ actionId: ACTION_REFRESH, value: String(id), responseUrl, ephemeral: true });
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    replies.push(
      t.send(body).then((ms) => {
        click.ack = ms;
      }),
    );
  }
  await Promise.all(replies);
  const arrivals = await t.peers.call<Arrival[]>('collect', {
    expected: o.refreshClicks,
    timeoutMs: o.latencyMs + 15_000,
  });
  const { failures } = checkArrivals(sent, arrivals, o.latencyMs);
  return {
    acks: [...sent.values()].map((c) => c.ack).filter(Number.isFinite),
    swrGets: await t.peers.call<number>('swrGets', { pipeline: id }),
    cardsOk: o.refreshClicks - failureCount(failures),
    failedAcks: failures.ack,
  };
}

async function refreshPhase(t: Target, o: SlackBenchOptions): Promise<RefreshRow> {
  await t.peers.call('latency', { ms: o.latencyMs });
  const runs: Awaited<ReturnType<typeof refreshBurst>>[] = [];
  for (let r = 0; r < o.refreshRuns; r += 1) {
    const run = await refreshBurst(t, o);
    process.stderr.write(`refresh run ${r + 1}: ${run.swrGets} SWR GET(s), ${run.cardsOk} cards\n`);
    runs.push(run);
  }
  return {
    runs: o.refreshRuns,
    clicks: o.refreshClicks,
    windowMs: o.refreshWindowMs,
    swrGets: median(runs.map((r) => r.swrGets)),
    swrGetsMax: Math.max(...runs.map((r) => r.swrGets)),
    ack: medianPercentiles(runs.map((r) => percentiles(r.acks))),
    cardsOk: runs.reduce((sum, r) => sum + r.cardsOk, 0),
    failedAcks: runs.reduce((sum, r) => sum + r.failedAcks, 0),
    cardsExpected: o.refreshRuns * o.refreshClicks,
  };
}

/**
 * One fresh bot: `memoryCommands` commands in bursts, memory sampled after the warm-up and after each half. Each
 * sample waits out the SWR client's 2 s cache and sends one more command (which drops the expired entries), so
 * the figures do not depend on how many answers the cache happened to hold.
 */
async function memoryRun(t: Target, o: SlackBenchOptions, run: number) {
  await t.peers.call('latency', { ms: o.memoryLatencyMs });
  let samplesTaken = 0;
  const sample = async (): Promise<BotSample> => {
    await sleep(2_500);
    await commandBurst(t, 1, o.memoryLatencyMs);
    const taken = await t.bot.call<BotSample>('sample', { gc: true });
    if (o.heapSnapshotDir) {
      // After the sample's own collections, so the snapshot holds what the heap figure counts.
      mkdirSync(o.heapSnapshotDir, { recursive: true });
      const file = join(o.heapSnapshotDir, `memory-run${run + 1}-${samplesTaken}.heapsnapshot`);
      process.stderr.write(`heap snapshot: ${await t.bot.call<string>('heapSnapshot', { file })}\n`);
    }
    samplesTaken += 1;
    return taken;
  };
  const samples = [await sample()];
  const failures = noFailures();
  for (let half = 0; half < 2; half += 1) {
    for (let sent = 0; sent < o.memoryCommands / 2; sent += o.memoryBurst) {
      const n = Math.min(o.memoryBurst, o.memoryCommands / 2 - sent);
      addFailures(failures, (await commandBurst(t, n, o.memoryLatencyMs)).failures);
    }
    samples.push(await sample());
  }
  const trail = (key: keyof BotSample) => samples.map((s) => s[key].toFixed(1)).join(' → ');
  process.stderr.write(`memory run: RSS ${trail('rssMb')} MB, heap after GC ${trail('heapMb')} MB\n`);
  return { samples, failures };
}

export async function runSlackBenchmark(o: SlackBenchOptions): Promise<SlackBenchResult> {
  const loadBefore = loadavg()[0] ?? 0;
  const script = compileBot();
  const dir = mkdtempSync(join(tmpdir(), 'slack-bench-'));
  const pipelines = Math.max(20_000, o.memoryCommands + 1_000);
  const peers = await startChild<SlackPeersReady>(here('./slack-peers.ts'), [String(pipelines)]);
  let count = 0;
  // Ids come round again only after `pipelines` commands: far longer ago than the bot's 2 s cache.
  const nextId = (): number => peers.ready.firstId + (count++ % pipelines);
  const running: Target[] = [];
  const open = async (spec: AppSpec): Promise<Target> => {
    const t = await startTarget(spec, peers, dir, nextId);
    running.push(t);
    return t;
  };
  const close = async (t: Target): Promise<void> => {
    running.splice(running.indexOf(t), 1);
    await t.close();
  };
  const has = (phase: SlackPhase): boolean => o.phases.includes(phase);
  if (o.cpuProfileDir) mkdirSync(o.cpuProfileDir, { recursive: true });
  try {
    const commands: CommandRow[] = [];
    const others: CommandRow[] = [];
    const warn = await open({ name: 'bot', kind: 'bot', script, logLevel: 'warn', cpuProfileDir: o.cpuProfileDir });
    if (has('commands')) {
      // Started after the bot, so its warm-up is not in theirs; every app stays up through all the levels.
      const compared: Target[] = [warn];
      const profiled = { cpuProfileDir: o.cpuProfileDir };
      for (const v of o.variants) {
        compared.push(await open({ name: v.name, kind: 'bot', script: v.script, logLevel: 'warn', ...profiled }));
      }
      if (o.baselines) {
        compared.push(
          await open({
            name: BARE_BOLT,
            kind: 'bare',
            script: compiled('slack-bare-bolt.js'),
            logLevel: 'warn',
            ...profiled,
          }),
        );
        compared.push(
          await open({
            name: RAW_HTTP,
            kind: 'raw',
            script: compiled('slack-raw-http.js'),
            logLevel: 'warn',
            ...profiled,
          }),
        );
      }
      const levels: [number, [number, number]][] = [
        ...(o.sequentialBursts > 0 ? [[1, [o.runs, o.sequentialBursts]] as [number, [number, number]]] : []),
        ...o.concurrency.map((c): [number, [number, number]] => [c, [o.runs, o.bursts]]),
      ];
      for (const [c, shape] of levels) {
        for (const row of await commandLevel(compared, 'warn', c, shape, o)) {
          (row.app === 'bot' ? commands : others).push(row);
        }
      }
      for (const t of compared.slice(1)) await close(t);
    }
    const refresh = has('refresh') ? await refreshPhase(warn, o) : null;
    await close(warn);

    let infoLogBytesPerCommand: number | null = null;
    if (has('info') && o.infoRuns > 0) {
      const info = await open({ name: 'bot', kind: 'bot', script, logLevel: 'info', cpuProfileDir: o.cpuProfileDir });
      const logFile = join(dir, 'bot-info.log');
      const sizeBefore = statSync(logFile).size;
      const infoRows: CommandRow[] = [];
      for (const c of o.concurrency) {
        infoRows.push(...(await commandLevel([info], 'info', c, [o.infoRuns, o.infoBursts], o)));
      }
      infoLogBytesPerCommand = (statSync(logFile).size - sizeBefore) / infoRows.reduce((sum, r) => sum + r.commands, 0);
      commands.push(...infoRows);
      await close(info);
    }

    let memory: MemoryRow | null = null;
    if (has('memory')) {
      const memoryRuns: Awaited<ReturnType<typeof memoryRun>>[] = [];
      for (let r = 0; r < o.memoryRuns; r += 1) {
        const t = await open({ name: 'bot', kind: 'bot', script, logLevel: 'warn' });
        memoryRuns.push(await memoryRun(t, o, r));
        await close(t);
      }
      const at = (i: number): MemoryPoint => {
        const of = (key: keyof MemoryPoint) => median(memoryRuns.map((m) => m.samples[i]?.[key] ?? Number.NaN));
        return {
          rssMb: of('rssMb'),
          rssGcMb: of('rssGcMb'),
          heapTotalMb: of('heapTotalMb'),
          heapMb: of('heapMb'),
          externalMb: of('externalMb'),
        };
      };
      memory = {
        runs: o.memoryRuns,
        commands: o.memoryCommands,
        latencyMs: o.memoryLatencyMs,
        burst: o.memoryBurst,
        points: [at(0), at(1), at(2)],
        failures: memoryRuns.reduce((sum, m) => addFailures(sum, m.failures), noFailures()),
      };
    }
    return {
      options: o,
      commands,
      others,
      ratios: ackRatios([...commands.filter((c) => c.logLevel === 'warn'), ...others]),
      refresh,
      memory,
      infoLogBytesPerCommand,
      load: [loadBefore, loadavg()[0] ?? 0],
    };
  } finally {
    for (const t of [...running]) await t.close();
    await peers.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (v: number): string => (Number.isNaN(v) ? '–' : v < 10 ? v.toFixed(1) : String(Math.round(v)));
const mb = (v: number): string => v.toFixed(1);
const signed = (v: number): string => `${v >= 0 ? '+' : '−'}${mb(Math.abs(v))}`;
const mark = (ok: boolean): string => (ok ? '✅' : '❌');
const n = (v: number): string => v.toLocaleString('en');
const failed = (f: Failures): string =>
  failureCount(f) === 0 ? '0' : `${failureCount(f)} (ack ${f.ack}, no card ${f.missing}, wrong card ${f.wrong})`;

const triple = (p: Percentiles): string => `${ms(p.p50)} / ${ms(p.p95)} / ${ms(p.p99)} ms`;
const ratio = ([mid, lo, hi]: [number, number, number]): string =>
  Number.isFinite(mid) ? `${mid.toFixed(2)}× (${lo.toFixed(2)}–${hi.toFixed(2)})` : '–';

/** The bot against the bare Bolt app and the raw `node:http` server, level by level (see `commandLevel`). */
function formatBaselines(r: SlackBenchResult): string[] {
  const o = r.options;
  const levels = [...new Set(r.others.map((row) => row.concurrency))];
  if (levels.length === 0) return [];
  const lines = [
    `**Acknowledgement against baselines**: the same signed \`/pipeline <id>\` commands from the same driver, N at once, to the bot (LOG_LEVEL=warn), to a bare Bolt app whose \`/pipeline\` listener only calls \`ack()\` (Bolt ${BOLT_VERSION}, \`HTTPReceiver\`, the same signing secret; \`bench/slack-bare-bolt.ts\`) and to a raw \`node:http\` server that reads the body and answers 200 (\`bench/slack-raw-http.ts\`); each its own compiled process under plain node. The apps take turns run by run (bot, bare Bolt, raw, bot, …; ${o.runs} runs of the bursts above), so the machine's noise falls on all alike; a ratio is taken within each run (the two apps measured back to back), then its median over the runs (and the lowest–highest).`,
    '',
    '| concurrent | app | commands | ack p50 / p95 / p99 | ack max | p99 ÷ bare Bolt’s p99 (target bot ≤ 1.25×) | p50 ÷ bare Bolt’s p50 | failures (cards checked for the bot and its variants) | CPU per command | event-loop delay max |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const c of levels) {
    const rows = [
      ...r.commands.filter((row) => row.logLevel === 'warn' && row.concurrency === c),
      ...r.others.filter((row) => row.concurrency === c),
    ];
    for (const row of rows) {
      const against = r.ratios.find((x) => x.app === row.app && x.concurrency === c);
      lines.push(
        `| ${c} | ${row.app} | ${n(row.commands)} | ${triple(row.ack)} | ${ms(row.ack.max)} ms | ${row.kind === 'bare' ? '1' : against ? ratio(against.p99) : '–'} | ${row.kind === 'bare' ? '1' : against ? ratio(against.p50) : '–'} | ${failed(row.failures)} | ${ms(row.cpuPerCommandMs)} ms | ${ms(row.loopMaxMs)} ms |`,
      );
    }
  }
  const verdicts = r.ratios
    .filter((x) => x.app === 'bot' && x.concurrency > 1)
    .map((x) => `bot ÷ bare Bolt p99 at ${x.concurrency} concurrent ≤ 1.25× ${mark(x.p99[0] <= 1.25)}`);
  if (verdicts.length > 0) lines.push('', `Targets: ${verdicts.join(' · ')}.`);
  return lines;
}

/** The results as markdown: the tables, the targets, and how it was measured. */
export function formatSlackBenchmark(r: SlackBenchResult): string {
  const o = r.options;
  const s = `${o.latencyMs / 1000} s`;
  const lines: string[] = [];
  if (r.commands.length > 0) {
    lines.push(
      `**Slash commands** \`/pipeline <id>\` (each for another pipeline), sent N at once, SWR answering every call after ${s}:`,
      '',
      `| log level | concurrent | commands | ack p50 | ack p95 | ack p99 (target < 100 ms at 50) | ack max | card − ${s} p50 (target < 50 ms) | card − ${s} p95 | card − ${s} p99 | failures (target 0) | bot CPU per command | bot event-loop delay max |`,
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const c of r.commands) {
      const waiting = c.waiting ? ` (${c.waiting} "still waiting")` : '';
      lines.push(
        `| ${c.logLevel} | ${c.concurrency} | ${n(c.commands)} | ${ms(c.ack.p50)} ms | ${ms(c.ack.p95)} ms | ${ms(c.ack.p99)} ms | ${ms(c.ack.max)} ms | ${ms(c.card.p50)} ms | ${ms(c.card.p95)} ms | ${ms(c.card.p99)} ms | ${failed(c.failures)}${waiting} | ${ms(c.cpuPerCommandMs)} ms | ${ms(c.loopMaxMs)} ms |`,
      );
    }
  }
  const baselines = formatBaselines(r);
  if (baselines.length > 0) lines.push('', ...baselines);
  const f = r.refresh;
  if (f) {
    lines.push(
      '',
      `**Refresh bursts**: ${f.clicks} clicks on the Refresh button of one private card within ${n(f.windowMs)} ms, SWR answering after ${s}:`,
      '',
      '| SWR GETs for the pipeline (target 1–2) | most in a run | click ack p50 | click ack p99 | click ack max | failed acks (target 0) | cards delivered (target all) |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${f.swrGets} | ${f.swrGetsMax} | ${ms(f.ack.p50)} ms | ${ms(f.ack.p99)} ms | ${ms(f.ack.max)} ms | ${f.failedAcks} | ${n(f.cardsOk)} / ${n(f.cardsExpected)} |`,
    );
  }
  const m = r.memory;
  let rssGrowth = Number.NaN;
  let heapGrowth = Number.NaN;
  if (m) {
    const [warm, half, all] = m.points as [MemoryPoint, MemoryPoint, MemoryPoint];
    const row = (name: string, key: keyof MemoryPoint) =>
      `| ${name} | ${mb(warm[key])} MB | ${mb(half[key])} MB | ${mb(all[key])} MB | ${signed(all[key] - half[key])} MB |`;
    lines.push(
      '',
      `**Memory** of the bot process over ${n(m.commands)} commands, each for another pipeline, in bursts of ${m.burst}, every card checked (SWR latency lowered to ${m.latencyMs} ms for this phase only, to keep the run short):`,
      '',
      `| | after warm-up | after ${n(m.commands / 2)} | after ${n(m.commands)} | second half (target ≈ 0) |`,
      '| --- | ---: | ---: | ---: | ---: |',
      row('RSS', 'rssMb'),
      row('RSS after full GC', 'rssGcMb'),
      row('V8 heap reserved', 'heapTotalMb'),
      row('V8 heap in use after full GC', 'heapMb'),
      row('external (Buffers, native) after full GC', 'externalMb'),
      '',
      `Failures in the memory phase: ${failed(m.failures)}.`,
    );
    rssGrowth = all.rssGcMb - half.rssGcMb;
    heapGrowth = all.heapMb - half.heapMb;
  }
  const at50 = r.commands.find((c) => c.logLevel === 'warn' && c.concurrency === 50);
  const alone = r.commands.find((c) => c.logLevel === 'warn' && c.concurrency === 1);
  const failures = r.commands.reduce((sum, c) => sum + failureCount(c.failures), m ? failureCount(m.failures) : 0);
  if (at50) {
    const targets = [
      `ack p99 at 50 concurrent < 100 ms ${mark(at50.ack.p99 < 100)}`,
      `card − ${s} p50 at 50 concurrent < 50 ms ${mark(at50.card.p50 < 50)}`,
      ...(alone ? [`card − ${s} p50 one at a time < 50 ms ${mark(alone.card.p50 < 50)}`] : []),
      `no failed command ${mark(failures === 0)}`,
      ...(f
        ? [
            `Refresh burst 1–2 SWR GETs ${mark(f.swrGetsMax >= 1 && f.swrGetsMax <= 2)}`,
            `every click answered ${mark(f.cardsOk === f.cardsExpected && f.failedAcks === 0)}`,
          ]
        : []),
      ...(m
        ? [
            `no memory growth in the second half ${mark(heapGrowth < 1 && rssGrowth < 5)} (after full GC: heap < +1 MB, RSS < +5 MB)`,
          ]
        : []),
    ];
    lines.push('', `Targets (LOG_LEVEL=warn): ${targets.join(' · ')}.`);
  }
  const cpu = median(r.commands.map((c) => c.cpuPerCommandMs));
  const logBytes =
    r.infoLogBytesPerCommand === null ? '' : `, ${Math.round(r.infoLogBytesPerCommand)} bytes per command`;
  const refreshMethod = f
    ? ` Refresh: ${f.clicks} \`block_actions\` payloads for the button \`${ACTION_REFRESH}\` (value = the pipeline id) on one ephemeral card, one every ${f.windowMs / f.clicks} ms; SWR GETs as counted by the simulator for that pipeline; ${f.runs} runs, a new pipeline each, medians.`
    : '';
  const memoryMethod = m
    ? ` Memory: ${m.runs === 1 ? `one fresh bot process, a single run (at ${ms(cpu)} ms of bot CPU per command, 10,000 commands take about a minute here: three runs would not fit the time budget)` : `${m.runs} fresh bot processes, medians`}; before each sample the SWR cache's 2 s are waited out and one more command sent (so the cache holds one answer, not however many the last burst left); RSS and heap reserved as the process runs, then RSS and heap in use after four forced full collections. The bot keeps 52 bits of each verified request's signature for 5 minutes to refuse replays (\`src/slack/request-guard.ts\`, a number in a \`Map\`: about 30 bytes each, plus the table's doubling): a 10,000-command run is shorter than that, so that memory is expected to grow through it (≈ 0.15–0.3 MB per 5,000 commands) and level off after 5 minutes, at about 30 bytes × requests in the last 5 minutes (≈ 9 MB at a sustained 1,000 requests/s).`
    : '';
  lines.push(
    '',
    `Method: processes on loopback. **Bot**: compiled JavaScript under plain node, built as \`npm start\` builds it (\`loadConfig\` → \`createBot\` → Bolt's HTTP receiver), SQLite in memory, the SWR client's defaults (10 s timeout, 2 retries, 2 s cache) but 64 SWR requests in flight at most (\`SWR_MAX_CONCURRENT_REQUESTS\`, default 8: a burst of 200 behind 8 slots of 1.5 s would take ~37 s; with 64 the last of 200 cards still waits about three SWR latencies, which the card times include); log lines are written synchronously to a file, at LOG_LEVEL=warn (no line per request) and, in the info rows, at LOG_LEVEL=info (one JSON line per request${logBytes}). **Peers**: the SWR simulator (bulk pipelines, ids from 100000, a latency fault on every call) and a fake Slack that notes when the first answer reaches each \`response_url\` and checks it is the card of the right pipeline (its name, a Refresh button with its id). **Driver** (plays Slack): sends each burst of N \`POST /slack/events\` at once, form bodies signed with the signing secret as Slack signs them (\`test/helpers/slack-request.ts\`), over keep-alive \`node:http\` connections; each command names another pipeline, so the bot's 2 s SWR cache answers none. Ack time = from sending to the end of the HTTP response (Slack's limit: 3,000 ms). Card time = arrival at the fake Slack − sending (\`Date.now()\` in both processes) − the ${s} SWR latency. A run is ${o.bursts} burst(s) of N commands at warn (${o.sequentialBursts} of 1 at "1 concurrent"), ${o.infoBursts} at info, each burst once every card of the previous one arrived; ${o.runs} runs per level at warn, ${o.infoRuns} at info; each figure is the median over the runs of that run's percentile (nearest rank); failures are summed over all runs; ${WARMUP_COMMANDS} warm-up commands after each app's start are not counted. CPU per command and the longest event-loop stall are each process's own over all runs of a level.${refreshMethod}${memoryMethod} The 2-core machine is shared: its 1-minute load average was ${r.load[0].toFixed(1)} before and ${r.load[1].toFixed(1)} after the run, so the bot did not have a core to itself.`,
  );
  return lines.join('\n');
}
