/**
 * Opens the CodeArts backend from its settings: the client against `CODEARTS_ENDPOINT`, or — when no endpoint is
 * set — against the built-in CodeArts simulator started in-process (its project, its first user's token).
 */

import type { PipelineBackend } from '../../domain/backend.js';
import type { Logger } from '../../log.js';
import type { HuaweiAuth } from '../huawei/auth/authenticator.js';
import type { HuaweiLimits } from '../huawei/http.js';
import type { OpenedBackend } from '../open-backend.js';
import { createCodeArtsClient } from './client.js';
import type { CodeArtsSettings } from './config.js';
import { startCodeArtsSimulator } from './simulator/server.js';

/** Where and as whom the CodeArts client connects. */
export interface CodeArtsConnection {
  /** Base URL without a path. */
  endpoint: string;
  /** The CodeArts project in every path. */
  projectId: string;
  auth: HuaweiAuth;
  /** `true` for the built-in simulator. */
  simulated: boolean;
  logger: Logger;
  /** `SWR_MAX_*`: what every Huawei client is held to. */
  limits: HuaweiLimits;
}

/** Builds the backend for a connection (the CodeArts client). */
export type CodeArtsBackendFactory = (connection: CodeArtsConnection) => PipelineBackend;

/** The CodeArts client for a connection. */
export const createCodeArtsBackend: CodeArtsBackendFactory = (connection) => createCodeArtsClient(connection);

/** Opens the CodeArts backend `settings` describe; starts the built-in simulator when no endpoint is set. */
export async function openCodeArts(
  settings: CodeArtsSettings,
  logger: Logger,
  createBackend: CodeArtsBackendFactory = createCodeArtsBackend,
  /** The built-in simulator's clock (ms), when not the wall clock. */
  simulatorNow?: () => number,
): Promise<OpenedBackend> {
  const clientLogger = logger.child({ component: 'codearts' });
  if (settings.endpoint !== null && settings.auth.kind !== 'simulator') {
    // The settings' schema requires the project id with an endpoint.
    const projectId = settings.projectId ?? '';
    const backend = createBackend({
      endpoint: settings.endpoint,
      projectId,
      auth: settings.auth,
      simulated: false,
      logger: clientLogger,
      limits: settings.limits,
    });
    return { backend, simulatorUrl: null, close: async () => {} };
  }
  const simulator = await startCodeArtsSimulator({
    port: settings.simulatorPort,
    ...(settings.projectId === null ? {} : { projectId: settings.projectId }),
    logger: logger.child({ component: 'codearts-simulator' }),
    ...(simulatorNow ? { now: simulatorNow } : {}),
  });
  logger.info('CODEARTS_ENDPOINT is not set: using the built-in CodeArts simulator', {
    url: simulator.url,
    toUseCodeArts:
      'set CODEARTS_ENDPOINT (e.g. cn-north-4), CODEARTS_PROJECT_ID and CODEARTS_AUTH_TOKEN or the HUAWEI_* credentials; until then every card says "Simulated data" and SLACK_USER_MAP makes no mentions',
  });
  try {
    const backend = createBackend({
      endpoint: simulator.url,
      projectId: simulator.projectId,
      auth: { kind: 'token', token: simulator.token },
      simulated: true,
      logger: clientLogger,
      limits: settings.limits,
    });
    return { backend, simulatorUrl: simulator.url, close: () => simulator.close() };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}
