/**
 * What the watch commands answer: `/pipeline watch` (exactly what the channel will get), `unwatch`, and `list`
 * (each watch of the channel with its filter and health). Pure.
 */
import type { BackendKind } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';
import type { WatchFilter } from '../domain/watch-filter.js';
import { formatUtc } from './durations.js';
import { sentenceMessage } from './sentence-message.js';
import { serviceWords } from './service-words.js';
import type { SlackMessage } from './types.js';
import { pauseReason, pipelineLabel, STRINGS } from './watch-strings.js';

export type WatchConfirmation =
  | { kind: 'watching'; filter: WatchFilter; cardPosted: boolean }
  | { kind: 'filter_changed'; from: WatchFilter; filter: WatchFilter }
  | { kind: 'unchanged'; filter: WatchFilter }
  | { kind: 'cannot_post'; reason: string };

/** What `/pipeline watch` answers: exactly what the channel will get. */
export function renderWatchConfirmation(
  c: WatchConfirmation,
  o: { locale: Locale; pipelineName: string | null; pipelineId: string },
): SlackMessage {
  const s = STRINGS[o.locale];
  const label = pipelineLabel(o.pipelineName, o.pipelineId);
  switch (c.kind) {
    case 'watching':
      return sentenceMessage(`${s.watching(label)}${s.filterLine[c.filter]}`, {
        context: c.cardPosted ? undefined : s.cardSoon,
      });
    case 'filter_changed':
      return sentenceMessage(
        `${s.filterChanged(label, s.filterName[c.from], s.filterName[c.filter])}${s.filterLine[c.filter]}`,
      );
    case 'unchanged':
      return sentenceMessage(`${s.alreadyWatching(label, s.filterName[c.filter])}${s.filterLine[c.filter]}`);
    case 'cannot_post':
      return sentenceMessage(s.cannotPost(label, pauseReason(s, c.reason)));
  }
}

/** What a watch command answers while the database cannot be reached (nothing was changed). */
export function renderWatchDatabaseUnavailable(locale: Locale): SlackMessage {
  return sentenceMessage(STRINGS[locale].databaseUnavailable);
}

/** What `/pipeline unwatch` answers. */
export function renderUnwatchConfirmation(o: {
  locale: Locale;
  removed: boolean;
  pipelineName: string | null;
  pipelineId: string;
}): SlackMessage {
  const label = pipelineLabel(o.pipelineName, o.pipelineId);
  return sentenceMessage(o.removed ? STRINGS[o.locale].unwatched(label) : STRINGS[o.locale].notWatched(label));
}

export type WatchHealth =
  | { kind: 'ok' }
  | { kind: 'paused'; reason: string; since: Date | null }
  | { kind: 'api_errors'; since: Date; streak: number };

export interface WatchListItem {
  pipelineId: string;
  pipelineName: string | null;
  filter: WatchFilter;
  health: WatchHealth;
}

/** What `/pipeline list` answers: each watch of the channel with its filter and health. */
export function renderWatchList(
  items: readonly WatchListItem[],
  o: { locale: Locale; backend?: BackendKind },
): SlackMessage {
  const s = STRINGS[o.locale];
  if (items.length === 0) return sentenceMessage(s.listEmpty);
  const health = (h: WatchHealth): string => {
    if (h.kind === 'ok') return `✅ ${s.healthOk}`;
    if (h.kind === 'paused') {
      return `⏸️ ${s.healthPaused(pauseReason(s, h.reason), h.since ? formatUtc(h.since) : '?')}`;
    }
    return `⚠️ ${s.healthApi(serviceWords(o.backend ?? 'containerops', o.locale).service, formatUtc(h.since), h.streak)}`;
  };
  // A section's text holds 3,000 characters: cut the list before it, the count in the title stays true.
  const lines: string[] = [];
  let length = 0;
  for (const item of items) {
    const line = `• ${pipelineLabel(item.pipelineName, item.pipelineId)} — _${s.filterName[item.filter]}_ — ${health(item.health)}`;
    if (length + line.length + 1 > 2_800) {
      lines.push('…');
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  const title = s.listTitle(items.length);
  return {
    text: `${title}\n${lines.join('\n')}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `${title}\n${lines.join('\n')}` } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: s.listHint }] },
    ],
  };
}
