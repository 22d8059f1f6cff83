/** The card's buttons per variant; each carries the pipeline id in its `value`. */
import type { ActionsBlock, Button } from '@slack/types';
import type { Locale } from '../config.js';
import { ACTION_OPEN_CONSOLE, ACTION_REFRESH, ACTION_SHARE, ACTION_UNWATCH, ACTION_WATCH } from '../slack-ids.js';
import { fitEscaped } from './escape.js';
import { cardStrings } from './i18n.js';
import { LIMITS } from './limits.js';
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

/** The console link for pipeline `id` from a template with `{id}`; `null` when the template is unusable. */
export function consoleLink(template: string | null | undefined, id: string): string | null {
  if (!template?.includes('{id}') || !/^https?:\/\/\S+$/i.test(template)) return null;
  const url = template.split('{id}').join(encodeURIComponent(id));
  return url.length <= LIMITS.buttonUrl ? url : null;
}

/** The actions block of a card: Refresh first, then what the variant allows, then Open in console. */
export function cardActions(
  id: string,
  variant: CardVariant,
  locale: Locale,
  consoleTemplate: string | null | undefined,
): ActionsBlock {
  const b = cardStrings(locale).buttons;
  const elements: Button[] = [button(ACTION_REFRESH, b.refresh, id)];
  if (variant === 'private') elements.push(button(ACTION_SHARE, b.share, id));
  if (variant === 'private' || variant === 'channel') elements.push(button(ACTION_WATCH, b.watch, id));
  if (variant === 'watch') elements.push(button(ACTION_UNWATCH, b.unwatch, id));
  const url = consoleLink(consoleTemplate, id);
  if (url !== null) elements.push({ ...button(ACTION_OPEN_CONSOLE, b.console, id), url });
  return { type: 'actions', elements };
}
