/**
 * The watch feature wired as in production, on loopback: the real SWR client against the simulator (pipelines
 * scripted with `control.setPipeline`), the store, a `WebClient` on the fake Slack server, the real card renderer.
 * Time only moves through `tick(now)`: the monotonic clock never moves. The watch service wakes a poller of its
 * own (`servicePoller`, the default of `service()`), as production wires one poller to both.
 */

import { createContainerOpsClient } from '../../src/backends/containerops/client.js';
import { type Simulator, startSimulator } from '../../src/backends/containerops/simulator/server.js';
import type { PipelineBackend } from '../../src/domain/backend.js';
import { createSlackWebApi } from '../../src/slack-api/web-api.js';
import type { WatchStore } from '../../src/store/types.js';
import type { MonotonicClock } from '../../src/watch/monotonic-clock.js';
import { createPoller, type Poller, type PollerDeps } from '../../src/watch/poller.js';
import type { WatchSlack } from '../../src/watch/slack-delivery.js';
import { createWatchService, type WatchService, type WatchServiceDeps } from '../../src/watch/watch-service.js';
import { type FakeSlack, type SlackCall, startFakeSlack } from '../helpers/fake-slack.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { type StoreBackend, sqliteBackend } from '../store/store-backends.js';

export const T0 = new Date('2026-03-01T10:00:00.000Z');
/** The run of the scripted pipelines started a minute before T0. */
export const RUN_START = new Date(T0.getTime() - 60_000);
export const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

/** A clock that never moves inside a tick. */
export const instantClock: MonotonicClock = { now: () => 0 };

export interface Harness {
  sim: Simulator;
  slack: FakeSlack;
  client: WatchSlack;
  backend: PipelineBackend;
  store: WatchStore;
  setPipeline(id: number, raw: object): void;
  poller(over?: Partial<PollerDeps>): Poller;
  /** The poller `service()` wakes unless told another: made once, with the defaults of `poller()`. */
  servicePoller(): Poller;
  /** The watch service, waking `servicePoller()` and at `T0` unless told otherwise. */
  service(over?: Partial<WatchServiceDeps>): WatchService;
  /** Thread posts (milestones, notes, reminders) in the order Slack received them. */
  threadPosts(): SlackCall[];
  /** Top-level posts (cards). */
  cardPosts(): SlackCall[];
  close(): Promise<void>;
}

export const TEAM = 'T00000001';
const BOT_TOKEN = 'xoxb-test-watch-harness';
registerSecret('SLACK_BOT_TOKEN (watch harness)', BOT_TOKEN);

/** Starts the simulator and the fake Slack, and wires them to `store`. */
export async function startHarness(store: WatchStore, options: { slackTimeoutMs?: number } = {}) {
  const sim = await startSimulator({ port: 0, now: () => T0.getTime() });
  const slack = await startFakeSlack();
  const client = createSlackWebApi(BOT_TOKEN, {
    slackApiUrl: slack.apiUrl,
    timeoutMs: options.slackTimeoutMs ?? 5_000,
  });
  const backend = createContainerOpsClient({
    endpoint: sim.url,
    auth: { kind: 'token', token: sim.token },
    cacheMs: 0,
    retries: 0,
    timeoutMs: 5_000,
  });
  const posts = (): SlackCall[] => slack.callsOf('chat.postMessage');
  let servicePoller: Poller | null = null;
  const harness: Harness = {
    sim,
    slack,
    client,
    backend,
    store,
    setPipeline: (id, raw) => sim.control.setPipeline(id, raw),
    poller: (over = {}) =>
      createPoller({
        store,
        backend,
        slack: client,
        intervalSeconds: 15,
        reviewReminderMinutes: 60,
        clock: instantClock,
        ...over,
      }),
    servicePoller: () => {
      servicePoller ??= harness.poller();
      return servicePoller;
    },
    service: (over = {}) =>
      createWatchService({ store, backend, poller: harness.servicePoller(), now: () => T0, ...over }),
    threadPosts: () => posts().filter((c) => c.body.thread_ts !== undefined),
    cardPosts: () => posts().filter((c) => c.body.thread_ts === undefined),
    close: async () => {
      await slack.close();
      await sim.close();
    },
  };
  return harness;
}

export interface SqliteHarness {
  /** A test may replace it (a harness with other options on the same store): `close` closes the current one. */
  h: Harness;
  store: WatchStore;
  /** `open()` opens the same file again, as a restart would. */
  backend: StoreBackend;
  /** Closes the harness, then the store, and removes the file. */
  close(): Promise<void>;
}

/** A harness on a fresh SQLite file store. */
export async function startSqliteHarness(options: { slackTimeoutMs?: number } = {}): Promise<SqliteHarness> {
  const backend = sqliteBackend();
  const store = await backend.open();
  const sqlite: SqliteHarness = {
    h: await startHarness(store, options),
    store,
    backend,
    close: async () => {
      await sqlite.h.close();
      await store.close();
      await backend.destroy();
    },
  };
  return sqlite;
}

/** The mrkdwn texts of `calls`. */
export const texts = (calls: readonly SlackCall[]): string[] => calls.map((c) => String(c.body.text));
