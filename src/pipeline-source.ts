/**
 * Opens the SWR side of the bot from configuration: the real client against `SWR_ENDPOINT`, or — when no
 * endpoint is set — the built-in simulator started in-process, so a fresh checkout works with no Huawei account.
 */
import type { SwrConfig } from './config.js';
import { DEFAULT_SIMULATOR_TOKEN } from './config.js';
import type { Logger } from './log.js';
import { startSimulator } from './simulator/server.js';
import { createSwrClient } from './swr/client.js';
import type { PipelineSource } from './swr/types.js';

export interface OpenedPipelineSource {
  source: PipelineSource;
  /** The built-in simulator's URL when one was started, else `null`. */
  simulatorUrl: string | null;
  close(): Promise<void>;
}

/** Builds the pipeline source described by `swr`; starts the simulator on `simulatorPort` when needed. */
export async function openPipelineSource(
  swr: SwrConfig,
  logger: Logger,
  simulatorPort = 0,
): Promise<OpenedPipelineSource> {
  const clientOptions = {
    timeoutMs: swr.timeoutMs,
    retries: swr.retries,
    cacheMs: swr.cacheMs,
    logger: logger.child({ component: 'swr' }),
  };
  if (swr.endpoint !== null && swr.auth.kind !== 'simulator') {
    const source = createSwrClient({ ...clientOptions, endpoint: swr.endpoint, auth: swr.auth });
    return { source, simulatorUrl: null, close: async () => {} };
  }
  const simulator = await startSimulator({
    port: simulatorPort,
    token: DEFAULT_SIMULATOR_TOKEN,
    logger: logger.child({ component: 'simulator' }),
  });
  logger.info('SWR_ENDPOINT is not set: using the built-in SWR simulator', { url: simulator.url });
  const source = createSwrClient({
    ...clientOptions,
    endpoint: simulator.url,
    auth: { kind: 'token', token: DEFAULT_SIMULATOR_TOKEN },
  });
  return { source, simulatorUrl: simulator.url, close: () => simulator.close() };
}
