/**
 * Opening the configured backend at the bot's start-up: what went wrong becomes a `StartupError` with one sentence
 * an operator can act on (a busy simulator port names the variable, and the `SWR_ENDPOINT` of a simulator already
 * answering there).
 */
import type { Logger } from '../log.js';
import { isAddressInUse, StartupError, simulatorPortInUseError } from '../startup-error.js';
import { type BackendSettings, type OpenedBackend, openBackend, swrSimulatorAnswersAt } from './open-backend.js';
import { endpointVariable, serviceName, simulatorPortVariable } from './settings-words.js';

/** Opens the backend `settings` describe, or throws `StartupError`. */
export async function openBackendForBot(settings: BackendSettings, logger: Logger): Promise<OpenedBackend> {
  try {
    return await openBackend(settings, logger);
  } catch (error) {
    if (error instanceof StartupError) throw error;
    if (isAddressInUse(error) && settings.endpoint === null) {
      const busy = {
        service: serviceName(settings),
        portVariable: simulatorPortVariable(settings),
        port: settings.simulatorPort,
        simulatorAnswers: settings.kind === 'containerops' && (await swrSimulatorAnswersAt(settings.simulatorPort)),
      };
      throw simulatorPortInUseError(busy, error);
    }
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new StartupError('backend', `Could not ${backendStartupWhat(settings)}: ${reason}`, { cause: error });
  }
}

/** What opening `backend` tried, for its start-up error. */
function backendStartupWhat(backend: BackendSettings): string {
  const service = serviceName(backend);
  return backend.endpoint === null
    ? `start the built-in ${service} simulator on ${simulatorPortVariable(backend)}=${backend.simulatorPort} (set another port, or 0 for any)`
    : `set up the ${service} client for ${endpointVariable(backend)}`;
}
