/** The shapes the renderers take and return. */
import type { KnownBlock } from '@slack/types';
import type { BackendKind } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';

/** A message payload: `text` is the notification and screen-reader fallback, `blocks` the card. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Where the card is shown: `private` answers `/pipeline` (ephemeral), `channel` is a shared card, `watch` is the
 * live card a watched channel keeps.
 */
export type CardVariant = 'private' | 'channel' | 'watch';

/** What `renderPipelineMessage` needs besides the pipeline. */
export interface RenderOptions {
  /** The clock: every "ago" and "for 3 min" is measured against it. */
  now: Date;
  locale: Locale;
  /** SWR user name → Slack user id: pending reviewers become real `<@U…>` mentions. */
  mentions?: Record<string, string>;
  /** When the pipeline was fetched; shown as "refreshed at …". */
  refreshedAt?: Date;
  /** `private` by default. */
  variant?: CardVariant;
  /** Which backend the pipeline came from (the console button's words); `containerops` by default. */
  backend?: BackendKind;
  /** A built-in simulator served the pipeline: the card says so, and how to use the real API. */
  simulated?: boolean;
}
