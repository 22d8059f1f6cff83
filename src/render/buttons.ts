/** The card's buttons per variant; each carries the pipeline id in its `value`. */
import type { ActionsBlock, Button } from '@slack/types';
import type { BackendKind } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';
import {
  ACTION_OPEN_CONSOLE,
  ACTION_REFRESH,
  ACTION_SHARE,
  ACTION_SHOW_LOG,
  ACTION_UNWATCH,
  ACTION_WATCH,
} from './action-ids.js';
import { fitEscaped } from './escape.js';
import { cardStrings } from './i18n.js';
import { LIMITS } from './limits.js';
import { serviceWords } from './service-words.js';
import type { CardVariant } from './types.js';

function button(actionId: string, label: string, value: string, style?: 'primary'): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: { type: 'plain_text', text: fitEscaped(label, LIMITS.buttonText), emoji: true },
    value: value.slice(0, LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

/** `url` when a link button can carry it (http(s), no spaces, within Slack's length), else `null`. */
export function consoleLink(url: string | null | undefined): string | null {
  if (!url || !/^https?:\/\/\S+$/i.test(url)) return null;
  return url.length <= LIMITS.buttonUrl ? url : null;
}

/**
 * A Show log button's value: the pipeline and the failed step's log reference (`readLogButtonValue` reads it back);
 * `null` when it would not read back (a space in either, too long) — the card then leaves the button out.
 */
export function logButtonValue(pipelineId: string, logRef: string): string | null {
  const value = `${pipelineId} ${logRef}`;
  return readLogButtonValue(value) === null ? null : value;
}

/** The pipeline id and log reference a Show log button carries, or `null` when its value is not one. */
export function readLogButtonValue(value: unknown): { pipelineId: string; logRef: string } | null {
  if (typeof value !== 'string' || value.length > LIMITS.buttonValue) return null;
  const match = /^(\S{1,64}) (\S{1,300})$/.exec(value);
  return match?.[1] && match[2] ? { pipelineId: match[1], logRef: match[2] } : null;
}

/**
 * The actions block of a card: Refresh first, then what the variant allows, Show log when a failed step's log can be
 * read (`logRef`), then Open in console.
 */
export function cardActions(
  id: string,
  variant: CardVariant,
  locale: Locale,
  consoleUrl: string | null | undefined,
  backend: BackendKind,
  logRef: string | null = null,
): ActionsBlock {
  const b = cardStrings(locale).buttons;
  const elements: Button[] = [button(ACTION_REFRESH, b.refresh, id)];
  if (variant === 'private') elements.push(button(ACTION_SHARE, b.share, id));
  if (variant === 'private' || variant === 'channel') elements.push(button(ACTION_WATCH, b.watch, id));
  if (variant === 'watch') elements.push(button(ACTION_UNWATCH, b.unwatch, id));
  const logValue = logRef === null ? null : logButtonValue(id, logRef);
  if (logValue !== null) elements.push(button(ACTION_SHOW_LOG, b.showLog, logValue));
  const url = consoleLink(consoleUrl);
  if (url !== null) elements.push({ ...button(ACTION_OPEN_CONSOLE, serviceWords(backend, locale).console, id), url });
  return { type: 'actions', elements };
}
