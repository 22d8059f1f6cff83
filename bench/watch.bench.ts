/**
 * The watch benchmark: 10,000 watches over 2,000 always-running simulator pipelines, on loopback (the simulator
 * and the fake Slack run in this process). Measures a cycle where nothing changed (SWR requests, Slack calls,
 * time) and one where the simulator clock moved (updates, posts, duplicates), on SQLite with one poller and on
 * PostgreSQL with three. Watches are seeded as `/pipeline watch` leaves them (card posted, state stored). `bench/run.ts` can call `runWatchBenchmark`; `npx tsx bench/watch.ts` runs it alone.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { summarisePipeline } from '../src/render/summary.js';
import { startSimulator } from '../src/simulator/server.js';
import { createStore } from '../src/store/index.js';
import type { SubscriptionStore } from '../src/store/types.js';
import { createSwrClient } from '../src/swr/client.js';
import { mapLimited } from '../src/watch/map-limited.js';
import { createPoller, type Poller, type TickStats } from '../src/watch/poller.js';
import { createWatchSlackClient } from '../src/watch/slack-outcome.js';
import { fingerprintState, toWatchState, type WatchState } from '../src/watch/watch-state.js';
import { startFakeSlack } from '../test/helpers/fake-slack.js';

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

function sumStats(all: TickStats[]): TickStats {
  const out = { ...(all[0] as TickStats) };
  for (const s of all.slice(1)) {
    for (const key of Object.keys(out) as (keyof TickStats)[]) out[key] += s[key];
  }
  out.durationMs = Math.max(...all.map((s) => s.durationMs));
  return out;
}

async function runCase(
  setup: string,
  stores: SubscriptionStore[],
  options: Required<Omit<WatchBenchOptions, 'postgresUrl'>>,
  onPollingStarts: () => void,
): Promise<WatchBenchRow> {
  let simNow = Date.UTC(2026, 2, 1, 10, 0, 0);
  const sim = await startSimulator({ port: 0, now: () => simNow, extraRunningPipelines: options.pipelines });
  const slack = await startFakeSlack();
  const client = createWatchSlackClient('xoxb-bench', { slackApiUrl: slack.apiUrl });
  const source = createSwrClient({ endpoint: sim.url, auth: { kind: 'token', token: sim.token }, cacheMs: 0 });
  const [first] = stores as [SubscriptionStore];
  const t0 = new Date(simNow);
  const firstId = sim.bulkRange?.[0] ?? 100_000;
  try {
    // Seeded as `/pipeline watch` leaves them (a card, the state it shows), straight into the store: the set-up's
    // 10,000 card renders would otherwise grow the heap before the poller is measured.
    const states = await mapLimited(
      Array.from({ length: options.pipelines }, (_, i) => firstId + i),
      16,
      async (id) => toWatchState(summarisePipeline(await source.getPipeline(id))),
    );
    await mapLimited(
      Array.from({ length: options.watches }, (_, i) => i),
      8,
      async (i) => {
        const state = states[i % options.pipelines] as WatchState;
        const channelId = `C${String(Math.floor(i / options.perChannel)).padStart(8, '0')}`;
        const { watch } = await first.addWatch({
          teamId: TEAM,
          channelId,
          pipelineId: String(state.id),
          filter: 'changes',
          createdBy: 'U0BENCH01',
          now: t0,
          nextPollAt: new Date(t0.getTime() + INTERVAL_S * 1000),
        });
        await first.recordCard(watch.id, {
          cardChannel: channelId,
          cardTs: `1600000000.${String(i).padStart(6, '0')}`,
          runKey: state.runKey,
          fingerprint: fingerprintState(state),
          summaryJson: JSON.stringify(state),
        });
      },
    );
    slack.reset();
    // Peak RSS counts from here: the poller's cycles, not the 10,000 `/pipeline watch` calls of the set-up.
    onPollingStarts();
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
    const cycle = async (at: Date): Promise<TickStats> => {
      const before = sim.control.requestCount();
      const stats = sumStats(await Promise.all(pollers.map((p) => p.tick(at))));
      stats.swrRequests = sim.control.requestCount() - before;
      return stats;
    };
    // Nothing moved on the simulator clock: every watch is due, nothing changed.
    const idleAt = new Date(t0.getTime() + INTERVAL_S * 1000);
    const idleParts = await Promise.all(pollers.map((p) => p.tick(idleAt)));
    const idle = sumStats(idleParts);
    const idleSlackCalls = slack.calls.length;
    // The simulated pipelines move 90 s: some stages finish and the next ones start.
    simNow += 90_000;
    const changed = await cycle(new Date(idleAt.getTime() + 90_000));
    const seen = new Set<string>();
    let duplicates = 0;
    for (const c of slack.callsOf('chat.postMessage')) {
      const key = `${String(c.body.channel)}|${String(c.body.thread_ts)}|${String(c.body.text)}`;
      if (seen.has(key)) duplicates += 1;
      seen.add(key);
    }
    return {
      setup,
      watches: options.watches,
      idleSwrRequests: idle.swrRequests,
      idleSlackCalls,
      idleCycleMs: Math.round(idle.durationMs),
      changedSwrRequests: changed.swrRequests,
      changedUpdates: changed.updates,
      changedPosts: changed.posts,
      changedCycleMs: Math.round(changed.durationMs),
      duplicates,
      split: idleParts.map((s) => s.claimed),
      peakRssMb: 0,
    };
  } finally {
    await slack.close();
    await sim.close();
  }
}

/** Runs the benchmark: SQLite with one poller, then (unless disabled) PostgreSQL with three. */
export async function runWatchBenchmark(options: WatchBenchOptions = {}): Promise<WatchBenchRow[]> {
  const o = {
    watches: options.watches ?? 10_000,
    pipelines: options.pipelines ?? 2_000,
    perChannel: options.perChannel ?? 5,
  };
  const rows: WatchBenchRow[] = [];
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const resetPeak = (): void => {
    // Garbage left by the set-up is not the poller's: collect it when the flag allows, then start counting.
    (globalThis as { gc?: () => void }).gc?.();
    peak = process.memoryUsage().rss;
  };
  try {
    const dir = mkdtempSync(join(tmpdir(), 'watch-bench-'));
    const sqlite = await createStore(`sqlite:${join(dir, 'bench.db')}`);
    try {
      const row = await runCase('SQLite, 1 poller', [sqlite], o, resetPeak);
      row.peakRssMb = Math.round(peak / 1_048_576);
      rows.push(row);
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
        const row = await runCase('PostgreSQL, 3 pollers', stores, o, resetPeak);
        row.peakRssMb = Math.round(peak / 1_048_576);
        rows.push(row);
      } finally {
        for (const s of stores) await s.close();
        const admin = new pg.Client({ connectionString: url });
        await admin.connect();
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.end();
      }
    }
  } finally {
    clearInterval(sampler);
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
