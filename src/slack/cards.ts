/** The one way listeners turn a pipeline or a failure into a message, so the three ways in show the same card. */
import { renderErrorMessage, renderPipelineMessage } from '../render/index.js';
import type { CardVariant, SlackMessage } from '../render/types.js';
import { isSwrError } from '../swr/errors.js';
import type { Pipeline } from '../swr/types.js';
import type { SlackDeps } from './deps.js';

type CardDeps = Pick<SlackDeps, 'now' | 'locale' | 'consoleUrlTemplate' | 'mentions'>;

/** The card of `pipeline` for `variant`; `refreshed` adds "refreshed at …" (Refresh clicks). */
export function cardFor(deps: CardDeps, pipeline: Pipeline, variant: CardVariant, refreshed = false): SlackMessage {
  const now = deps.now();
  return renderPipelineMessage(pipeline, {
    now,
    locale: deps.locale,
    consoleUrl: deps.consoleUrlTemplate,
    mentions: deps.mentions,
    variant,
    ...(refreshed ? { refreshedAt: now } : {}),
  });
}

/**
 * The message for a failed lookup of pipeline `id` (never a stack trace: the renderer words each kind); `retry:
 * false` leaves out Try again, which only refreshes the card.
 */
export function failureFor(
  deps: Pick<SlackDeps, 'locale'>,
  error: unknown,
  id: string,
  options: { retry?: boolean } = {},
): SlackMessage {
  return renderErrorMessage(error, { id, locale: deps.locale, retry: options.retry });
}

/** The outcome word for the request log: `swr_<kind>` for SWR errors, else `error`. */
export function outcomeOf(error: unknown): string {
  return isSwrError(error) ? `swr_${error.kind}` : 'error';
}
