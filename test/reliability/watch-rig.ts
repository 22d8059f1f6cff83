/**
 * The watch feature on loopback, as test/watch/harness.ts wires it (the real SWR client against the simulator,
 * the store, the poller's Slack client against the fake Slack, time moved only by `tick(now)`), with both network
 * paths going through a TCP proxy that a test can take down: SWR or Slack "not running" is a refused connection.
 */

import { type ContainerOpsClientOptions, createContainerOpsClient } from '../../src/backends/containerops/client.js';
import type { PipelineBackend } from '../../src/domain/backend.js';
import { createSlackWebApi } from '../../src/slack-api/web-api.js';
import type { WatchStore } from '../../src/store/types.js';
import type { Poller, PollerDeps } from '../../src/watch/poller.js';
import type { WatchSlack } from '../../src/watch/slack-delivery.js';
import type { WatchService, WatchServiceDeps } from '../../src/watch/watch-service.js';
import { pid } from '../helpers/pipeline-id.js';
import type { StoreBackend } from '../store/store-backends.js';
import { type Harness, RUN_START, startSqliteHarness, T0, TEAM } from '../watch/harness.js';
import { threeStage } from '../watch/raw-pipeline.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

export const ID = 1003;
export const CHANNEL = 'C0RELY001';

export interface Rig {
  h: Harness;
  backend: StoreBackend;
  store: WatchStore;
  /** In front of the simulator. */
  swrProxy: TcpProxy;
  /** In front of the fake Slack. */
  slackProxy: TcpProxy;
  /** The SWR client, through `swrProxy`. */
  pipelines: PipelineBackend;
  /** The poller's Slack client, through `slackProxy`. */
  slack: WatchSlack;
  poller(over?: Partial<PollerDeps>): Poller;
  service(over?: Partial<WatchServiceDeps>): WatchService;
  /** `/pipeline watch ID` in `channelId`. */
  watch(filter?: 'changes' | 'failures' | 'all', channelId?: string, pipelineId?: number): Promise<unknown>;
  setPoint(point: Parameters<typeof threeStage>[2], runStart?: Date, id?: number): void;
  close(): Promise<void>;
}

export interface RigOptions {
  /** The poller's Slack client timeout. Default 2 s (a test of timeouts sets a short one). */
  slackTimeoutMs?: number;
  /** SWR client options, given the simulator's URL (endpoint and auth: the proxy and the simulator's token). */
  swr?: (simulatorUrl: string) => Partial<ContainerOpsClientOptions>;
}

/** A SQLite store in a temp directory, the simulator and the fake Slack, the proxies and clients. */
export async function startRig(options: RigOptions = {}): Promise<Rig> {
  const sqlite = await startSqliteHarness();
  const { h, store, backend } = sqlite;
  const swrProxy = await startTcpProxy(Number(new URL(h.sim.url).port));
  const slackProxy = await startTcpProxy(Number(new URL(h.slack.apiUrl).port));
  const pipelines = createContainerOpsClient({
    endpoint: swrProxy.url,
    auth: { kind: 'token', token: h.sim.token },
    cacheMs: 0,
    retries: 0,
    timeoutMs: 2_000,
    retryBaseDelayMs: 5,
    ...options.swr?.(h.sim.url),
  });
  const slack = createSlackWebApi('xoxb-test', {
    slackApiUrl: `${slackProxy.url}/api/`,
    timeoutMs: options.slackTimeoutMs ?? 2_000,
  });
  // The service's poller goes through the proxies too: its first card meets the same faults as every later call.
  let wakePoller: Poller | null = null;
  const servicePoller = (): Poller => {
    wakePoller ??= rig.poller();
    return wakePoller;
  };
  const rig: Rig = {
    h,
    backend,
    store,
    swrProxy,
    slackProxy,
    pipelines,
    slack,
    poller: (over = {}) => h.poller({ backend: pipelines, slack, ...over }),
    service: (over = {}) => h.service({ backend: pipelines, poller: servicePoller(), ...over }),
    watch: (filter, channelId = CHANNEL, pipelineId = ID) =>
      rig.service().watch({ teamId: TEAM, channelId, pipelineId: pid(pipelineId), userId: 'U0USER001', filter }),
    setPoint: (point, runStart = RUN_START, id = ID) => h.setPipeline(id, threeStage(id, runStart, point)),
    close: async () => {
      await swrProxy.close();
      await slackProxy.close();
      await sqlite.close();
    },
  };
  return rig;
}

/** Seconds after T0 of a stored watch's next poll. */
export async function nextPollSeconds(store: WatchStore, channelId = CHANNEL, id = ID): Promise<number> {
  const w = await store.findWatch(TEAM, channelId, String(id));
  return ((w?.nextPollAt.getTime() ?? Number.NaN) - T0.getTime()) / 1000;
}
