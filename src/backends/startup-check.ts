/**
 * The pipeline API checked once at start-up, as the bot checks Slack with `auth.test`: one cheap list call that
 * also logs in (IAM) and signs (AK/SK), so a wrong endpoint, token or password shows in the log at once — not when
 * someone first types `/pipeline`. The bot starts anyway (the API may come back); `/healthz` then reports the
 * API's state from the latest call: `ok`, `failing`, or `auth_refused` (nothing works until the operator acts).
 */

import type { BackendHealth, BackendHealthState, PipelineBackend } from '../domain/backend.js';
import { BACKEND_ERROR_MESSAGES, type BackendError, isBackendError } from '../domain/backend-error.js';
import type { Logger } from '../log.js';
import type { BackendSettings } from './config.js';
import { credentialVariables, endpointVariable, endpointWords, serviceName } from './settings-words.js';

export interface BackendHealthCheck {
  /** Settles when the start-up check has answered (never rejects). */
  readonly checked: Promise<BackendHealth>;
  /** Waits for the check, but no longer than `ms`: a hanging API must not hold start-up. */
  settledOrAfter(ms: number): Promise<void>;
  /** The state now: the latest call's outcome, worded with what the start-up check learnt. */
  current(): BackendHealth;
}

/** What the API answered, in a few words, without its body (it may echo anything). */
function answered(error: BackendError): string {
  const parts = [error.status === undefined ? null : `HTTP ${error.status}`, error.code ?? null].filter(Boolean);
  return parts.length > 0 ? `${error.kind} (${parts.join(' ')})` : error.kind;
}

/** One sentence for the operator: what failed, which variable to look at (the start-up check, the preview CLI). */
export function describeBackendFailure(settings: BackendSettings, error: BackendError): string {
  const service = serviceName(settings);
  const at = endpointWords(settings);
  switch (error.kind) {
    case 'unauthorized':
      // IAM's own refusal already names HUAWEI_PASSWORD and says it is never retried.
      if (error.detail?.startsWith('IAM')) return error.message;
      return `${service} at ${at} rejected ${credentialVariables(settings)} (${answered(error)}): nothing works until it is replaced and the bot restarted.`;
    case 'network':
      return `Nothing answered at ${at}: check ${endpointVariable(settings)} (is the address right, is ${service} reachable from here?).`;
    case 'timeout':
      return `${service} at ${at} did not answer in time (SWR_TIMEOUT_MS): check ${endpointVariable(settings)}, or it is slow.`;
    case 'forbidden':
      return `${service} at ${at} accepted ${credentialVariables(settings)} but refused to list pipelines (${answered(error)}): grant the account read access.`;
    default:
      return `${service} at ${at} answered ${answered(error)}: ${BACKEND_ERROR_MESSAGES[error.kind]}`;
  }
}

const stateOf = (kind: string | null): BackendHealthState =>
  kind === null ? 'ok' : kind === 'unauthorized' ? 'auth_refused' : 'failing';

/** Starts the check (in the background: start-up does not wait for a slow API) and tracks the state after it. */
export function checkBackendAtStartup(
  backend: PipelineBackend,
  settings: BackendSettings,
  logger: Logger,
): BackendHealthCheck {
  const service = serviceName(settings);
  // The start-up check's sentence, kept while later calls fail the same way.
  let known: { kind: string; detail: string } | null = null;

  const current = (): BackendHealth => {
    const last = backend.lastOutcome();
    const lastCall = last && { ok: last.ok, kind: last.kind, at: last.at.toISOString(), durationMs: last.durationMs };
    if (last === null) return { state: 'unknown', detail: `${service} has not answered yet.`, lastCall };
    if (last.ok) return { state: 'ok', detail: null, lastCall };
    const kind = last.kind ?? 'unknown';
    const detail =
      known?.kind === kind
        ? known.detail
        : `${service}'s last answer was ${kind}: ${isKnownKind(kind) ? BACKEND_ERROR_MESSAGES[kind] : 'see the log.'}`;
    return { state: stateOf(kind), detail, lastCall };
  };

  const checked = backend.searchByName('', 1).then(
    () => {
      logger.info(`${service} answered the start-up check`, { at: endpointWords(settings) });
      return current();
    },
    (error: unknown) => {
      const failure = isBackendError(error) ? error : null;
      const detail = failure
        ? describeBackendFailure(settings, failure)
        : `${service} could not be checked: unexpected error.`;
      known = { kind: failure?.kind ?? 'unknown', detail };
      logger.warn(`${service} failed the start-up check; the bot starts anyway (${service} may come back)`, {
        state: stateOf(known.kind),
        variable: failure?.kind === 'unauthorized' ? credentialVariables(settings) : endpointVariable(settings),
        answered: failure ? answered(failure) : 'unexpected error',
        detail,
      });
      return current();
    },
  );
  const settledOrAfter = async (ms: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const wait = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    });
    await Promise.race([checked, wait]);
    clearTimeout(timer);
  };
  return { checked, current, settledOrAfter };
}

function isKnownKind(kind: string): kind is keyof typeof BACKEND_ERROR_MESSAGES {
  return Object.hasOwn(BACKEND_ERROR_MESSAGES, kind);
}
