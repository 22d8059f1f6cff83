/**
 * The answer to `/pipeline <name>` when several pipelines match: one line per pipeline with a button that shows
 * its card (action `ACTION_PICK`, value = id), at most `PICK_MAX`, and how many more there are. Pure.
 */
import type { KnownBlock, SectionBlock } from '@slack/types';
import type { Locale } from '../domain/locale.js';
import type { PipelineListing } from '../domain/pipeline.js';
import { ACTION_PICK } from './action-ids.js';
import { fitEscaped } from './escape.js';
import { LIMITS } from './limits.js';
import { sentenceMessage } from './sentence-message.js';
import { statusMark, statusWord } from './status-table.js';
import type { SlackMessage } from './types.js';

/** Most pipelines offered at once: a longer list is a search the user should narrow. */
export const PICK_MAX = 10;

const NAME_MAX = 80;
const QUERY_MAX = 100;
const ID_MAX = 40;

function strings(locale: Locale) {
  const zh = locale === 'zh-CN';
  return {
    intro: (n: number, q: string) => (zh ? `名称包含“${q}”的流水线有 ${n} 条：` : `${n} pipelines match “${q}”:`),
    more: (n: number) =>
      zh
        ? `还有 ${n} 条未列出：请输入更完整的名称，或直接用 ID。`
        : `…and ${n} more: type more of the name, or use an id.`,
    show: zh ? '查看' : 'Show',
    none: (q: string) =>
      zh
        ? `没有名称包含“${q}”的流水线（或机器人的账号看不到）。请检查名称，或使用流水线 ID：\`/pipeline 29476\`。`
        : `No pipeline name contains “${q}” (or the bot’s account cannot see it). Check the name, or use the id: \`/pipeline 29476\`.`,
  };
}

/** Lists `items` (already the matches) to pick from; `total` is how many matched in all (pure). */
export function renderPickList(
  items: readonly PipelineListing[],
  options: { query: string; total: number; locale: Locale },
): SlackMessage {
  const s = strings(options.locale);
  const query = fitEscaped(options.query, QUERY_MAX);
  const shown = items.slice(0, PICK_MAX);
  const total = Math.max(options.total, items.length);
  const intro = s.intro(total, query);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: intro } }];
  for (const p of shown) {
    const { status } = p;
    // Ids are a backend's spelling, shown like names: escaped (the button's value keeps the id as it is).
    const id = fitEscaped(p.id, ID_MAX);
    const line: SectionBlock = {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${statusMark(status)} *${fitEscaped(p.name, NAME_MAX) || id}* · \`${id}\` · ${statusWord(status, options.locale)}`,
      },
      accessory: {
        type: 'button',
        action_id: ACTION_PICK,
        text: { type: 'plain_text', text: s.show },
        value: String(p.id).slice(0, LIMITS.buttonValue),
      },
    };
    blocks.push(line);
  }
  if (total > shown.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: s.more(total - shown.length) }] });
  }
  return { text: intro, blocks };
}

/** "No pipeline name contains …" (pure). */
export function renderNoMatchMessage(options: { query: string; locale: Locale }): SlackMessage {
  return sentenceMessage(strings(options.locale).none(fitEscaped(options.query, QUERY_MAX)));
}
