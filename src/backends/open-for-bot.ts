/**
 * Opening the configured backend at the bot's start-up: what went wrong becomes a `StartupError` with one sentence
 * an operator can act on (a busy simulator port names the variable, and the `SWR_ENDPOINT` of a simulator already
 * answering there).
 */
import type { Logger } from '../log.js';
import { isAddressInUse, StartupError, simulatorPortInUseError } from '../startup-error.js';
import { type BackendSettings, type OpenedBackend, openBackend, swrSimulatorAnswersAt } from './open-backend.js';

/** Opens the backend `settings` describe, or throws `StartupError`. */
export async function openBackendForBot(settings: BackendSettings, logger: Logger): Promise<OpenedBackend> {
  try {
    return await openBackend(settings, logger);
  } catch (error) {
    if (error instanceof StartupError) throw error;
    if (isAddressInUse(error) && settings.endpoint === null) {
      const swr = settings.kind === 'containerops';
      const busy = {
        service: swr ? ('SWR' as const) : ('CodeArts' as const),
        portVariable: swr ? 'SIMULATOR_PORT' : 'CODEARTS_SIMULATOR_PORT',
        port: settings.simulatorPort,
        simulatorAnswers: swr && (await swrSimulatorAnswersAt(settings.simulatorPort)),
      };
      throw simulatorPortInUseError(busy, error);
    }
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new StartupError('backend', `Could not ${backendStartupWhat(settings)}: ${reason}`, { cause: error });
  }
}

/** What opening `backend` tried, for its start-up error. */
function backendStartupWhat(backend: BackendSettings): string {
  if (backend.kind === 'codearts') {
    return backend.endpoint === null
      ? `start the built-in CodeArts simulator on CODEARTS_SIMULATOR_PORT=${backend.simulatorPort} (set another port, or 0 for any)`
      : 'set up the CodeArts client for CODEARTS_ENDPOINT';
  }
  return backend.endpoint === null
    ? `start the built-in SWR simulator on SIMULATOR_PORT=${backend.simulatorPort} (set another port, or 0 for any)`
    : 'set up the SWR client for SWR_ENDPOINT';
}
