/**
 * Opens the pipeline backend from configuration: the ContainerOps client against `SWR_ENDPOINT`, or — when no
 * endpoint is set — the built-in simulator started in-process, so a fresh checkout works with no Huawei account.
 */
import type { SwrConfig } from '../config.js';
import { DEFAULT_SIMULATOR_TOKEN } from '../config.js';
import type { PipelineBackend } from '../domain/backend.js';
import type { Logger } from '../log.js';
import { createContainerOpsClient } from './containerops/client.js';
import { startSimulator } from './containerops/simulator/server.js';

export interface OpenedBackend {
  backend: PipelineBackend;
  /** The built-in simulator's URL when one was started, else `null`. */
  simulatorUrl: string | null;
  close(): Promise<void>;
}

/** What opening a backend needs from configuration. */
export interface BackendSettings {
  swr: SwrConfig;
  consoleUrlTemplate: string | null;
  /** Port of the built-in simulator when `SWR_ENDPOINT` is unset (0: any free port). */
  simulatorPort: number;
}

/** Builds the backend `settings` describe; starts the simulator when needed. */
export async function openBackend(settings: BackendSettings, logger: Logger): Promise<OpenedBackend> {
  const { swr } = settings;
  const clientOptions = {
    timeoutMs: swr.timeoutMs,
    retries: swr.retries,
    cacheMs: swr.cacheMs,
    consoleUrlTemplate: settings.consoleUrlTemplate,
    logger: logger.child({ component: 'swr' }),
  };
  if (swr.endpoint !== null && swr.auth.kind !== 'simulator') {
    const backend = createContainerOpsClient({ ...clientOptions, endpoint: swr.endpoint, auth: swr.auth });
    return { backend, simulatorUrl: null, close: async () => {} };
  }
  const simulator = await startSimulator({
    port: settings.simulatorPort,
    token: DEFAULT_SIMULATOR_TOKEN,
    logger: logger.child({ component: 'simulator' }),
  });
  logger.info('SWR_ENDPOINT is not set: using the built-in SWR simulator', { url: simulator.url });
  const backend = createContainerOpsClient({
    ...clientOptions,
    endpoint: simulator.url,
    auth: { kind: 'token', token: DEFAULT_SIMULATOR_TOKEN },
    simulated: true,
  });
  return { backend, simulatorUrl: simulator.url, close: () => simulator.close() };
}
