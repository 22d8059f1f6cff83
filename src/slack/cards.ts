/** The one way listeners turn a pipeline or a failure into a message, so the three ways in show the same card. */

import { isBackendError } from '../domain/backend-error.js';
import type { PipelineRun } from '../domain/pipeline.js';
import { renderErrorMessage, renderPipelineMessage } from '../render/index.js';
import type { CardVariant, SlackMessage } from '../render/types.js';
import type { SlackDeps } from './deps.js';

type CardDeps = Pick<SlackDeps, 'now' | 'locale' | 'mentions' | 'backend'>;

/**
 * The card of `pipeline` for `variant`: `refreshed` adds "refreshed at …" (Refresh clicks); `mentions` stands in
 * for the configured ones (the reminder DM's, read from linked accounts); `remind: false` leaves out Remind.
 */
export function cardFor(
  deps: CardDeps,
  pipeline: PipelineRun,
  variant: CardVariant,
  options: { refreshed?: boolean; mentions?: Record<string, string>; remind?: boolean } = {},
): SlackMessage {
  const now = deps.now();
  return renderPipelineMessage(pipeline, {
    now,
    locale: deps.locale,
    mentions: options.mentions ?? deps.mentions,
    variant,
    backend: deps.backend.info.kind,
    simulated: deps.backend.info.simulated,
    ...(options.refreshed ? { refreshedAt: now } : {}),
    ...(options.remind === undefined ? {} : { remind: options.remind }),
  });
}

/**
 * The message for a failed lookup of pipeline `id` (never a stack trace: the renderer words each kind); `retry:
 * false` leaves out Try again, which only refreshes the card.
 */
export function failureFor(
  deps: Pick<SlackDeps, 'locale' | 'backend'>,
  error: unknown,
  id: string,
  options: { retry?: boolean } = {},
): SlackMessage {
  return renderErrorMessage(error, { id, locale: deps.locale, retry: options.retry, backend: deps.backend.info.kind });
}

/** The outcome word for the request log: `api_<kind>` for the backend's errors, else `error`. */
export function outcomeOf(error: unknown): string {
  return isBackendError(error) ? `api_${error.kind}` : 'error';
}
