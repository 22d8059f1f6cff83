/**
 * Opens the pipeline backend that configuration chose (`PIPELINE_BACKEND`):
 *
 * - `containerops`: the ContainerOps client against `SWR_ENDPOINT`, or — when no endpoint is set — the built-in SWR
 *   simulator started in-process, so a fresh checkout works with no Huawei account;
 * - `codearts`: `openCodeArts` (the CodeArts client, or the built-in CodeArts simulator).
 */
import type { PipelineBackend } from '../domain/backend.js';
import type { Logger } from '../log.js';
import { openCodeArts } from './codearts/open.js';
import type { BackendSettings, ContainerOpsSettings } from './config.js';
import { createContainerOpsClient } from './containerops/client.js';
import { DEFAULT_SIMULATOR_TOKEN } from './containerops/simulator/config.js';
import { startSimulator } from './containerops/simulator/server.js';

export type { BackendSettings, CodeArtsSettings, ContainerOpsSettings } from './config.js';

export interface OpenedBackend {
  backend: PipelineBackend;
  /** The built-in simulator's URL when one was started, else `null`. */
  simulatorUrl: string | null;
  close(): Promise<void>;
}

/** Options for a built-in simulator. */
export interface OpenOptions {
  /** The simulator's clock (ms); the preview's `--now` sets it, so the same time draws the same card. */
  simulatorNow?: () => number;
}

/** Builds the backend `settings` describe; starts a simulator when needed. */
export async function openBackend(
  settings: BackendSettings,
  logger: Logger,
  options: OpenOptions = {},
): Promise<OpenedBackend> {
  switch (settings.kind) {
    case 'containerops':
      return openContainerOps(settings, logger, options);
    case 'codearts':
      return openCodeArts(settings, logger, undefined, options.simulatorNow);
  }
}

async function openContainerOps(
  settings: ContainerOpsSettings,
  logger: Logger,
  options: OpenOptions,
): Promise<OpenedBackend> {
  const clientOptions = {
    timeoutMs: settings.timeoutMs,
    retries: settings.retries,
    cacheMs: settings.cacheMs,
    consoleUrlTemplate: settings.consoleUrlTemplate,
    limits: settings.limits,
    logger: logger.child({ component: 'swr' }),
  };
  if (settings.endpoint !== null && settings.auth.kind !== 'simulator') {
    const backend = createContainerOpsClient({ ...clientOptions, endpoint: settings.endpoint, auth: settings.auth });
    return { backend, simulatorUrl: null, close: async () => {} };
  }
  const simulator = await startSimulator({
    port: settings.simulatorPort,
    token: DEFAULT_SIMULATOR_TOKEN,
    logger: logger.child({ component: 'simulator' }),
    ...(options.simulatorNow ? { now: options.simulatorNow } : {}),
  });
  logger.info('SWR_ENDPOINT is not set: using the built-in SWR simulator', {
    url: simulator.url,
    toUseSwr:
      'set SWR_ENDPOINT (e.g. https://swr-api.cn-north-4.myhuaweicloud.com) and SWR_AUTH_TOKEN, or the HUAWEI_* IAM password or access keys; until then every card says "Simulated data" and SLACK_USER_MAP makes no mentions',
  });
  const backend = createContainerOpsClient({
    ...clientOptions,
    endpoint: simulator.url,
    auth: { kind: 'token', token: DEFAULT_SIMULATOR_TOKEN },
    simulated: true,
  });
  return { backend, simulatorUrl: simulator.url, close: () => simulator.close() };
}

/** Whether an SWR simulator (`npm run simulator`, demo token) answers on `port` — when the built-in one cannot start. */
export async function swrSimulatorAnswersAt(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/v3/manage/pipelines/29476`, {
      headers: { 'X-Auth-Token': DEFAULT_SIMULATOR_TOKEN },
      signal: AbortSignal.timeout(1_000),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
