/**
 * The short private notes the Slack listeners send besides cards, usage and errors: what the shortcut looked
 * for, why the bot could not post somewhere, a share confirmation, "more found than shown". Pure.
 */
import type { Locale } from '../domain/locale.js';
import { fitEscaped } from './escape.js';
import { sentenceMessage } from './sentence-message.js';
import type { SlackMessage } from './types.js';

/** Which note to render. */
export type Notice =
  /** The message shortcut found no pipeline id in the message. */
  | { kind: 'nothing_found' }
  /** The bot could not post in the channel (`not_in_channel`, `channel_not_found`, …). */
  | { kind: 'cannot_post'; reason: string }
  /** A card was posted in the channel. */
  | { kind: 'shared'; id: string }
  /** The shortcut found `total` ids and shows `shown`. */
  | { kind: 'more_found'; shown: number; total: number }
  /** The watch feature is not wired into this process. */
  | { kind: 'watch_unavailable' }
  /** Slack refused a message for a reason the user cannot fix. */
  | { kind: 'slack_failed' }
  /**
   * A button click the bot cannot act on: its value is no pipeline id, its action is unknown (a card from an
   * older version of the bot), or the click does not say which conversation it came from.
   */
  | { kind: 'stale_button' }
  /** The person asked for more lookups than their share: when the next one is allowed. */
  | { kind: 'rate_limited'; retryAfterSeconds: number };

interface NoticeStrings {
  nothing_found: string;
  cannot_post: (missing: boolean) => string;
  shared: (id: string) => string;
  more_found: (shown: number, total: number) => string;
  watch_unavailable: string;
  slack_failed: string;
  stale_button: string;
  rate_limited: (seconds: number) => string;
}

const EN: NoticeStrings = {
  nothing_found:
    'I found no pipeline id in that message. I look for “pipeline 29476”, “#29476”, “id 29476” and console links (…/pipelines/29476, pipelineId=29476) in its text, blocks and attachments. Try `/pipeline &lt;id|name&gt;` instead.',
  cannot_post: (missing: boolean) =>
    missing
      ? 'I can’t post in this conversation (I’m not a member of it — for a private channel, invite me with `/invite @pipeline-bot`). Here is the answer, only for you:'
      : 'Slack did not let me post in this conversation. Here is the answer, only for you:',
  shared: (id: string) => `Shared pipeline ${id} in this channel.`,
  more_found: (shown: number, total: number) =>
    `That message mentions ${total} pipelines; I showed the first ${shown}. Use \`/pipeline &lt;id&gt;\` for the others.`,
  watch_unavailable: 'Watching pipelines is not available in this deployment yet: ask whoever runs the bot.',
  slack_failed: 'Slack refused the message. Try again in a moment; if it keeps failing, tell whoever runs the bot.',
  stale_button:
    'That button is out of date or incomplete: it does not name a pipeline I can show here. Run `/pipeline &lt;id|name&gt;` again for a fresh card.',
  rate_limited: (seconds: number) => `You’re going fast — try again in ${seconds} s.`,
};

const ZH: NoticeStrings = {
  nothing_found:
    '在这条消息里没有找到流水线 ID。我会在正文、区块和附件中查找“pipeline 29476”、“#29476”、“id 29476”以及控制台链接（…/pipelines/29476、pipelineId=29476）。也可以用 `/pipeline &lt;id|名称&gt;`。',
  cannot_post: (missing: boolean) =>
    missing
      ? '我无法在此会话中发消息（我不是成员——私有频道请用 `/invite @pipeline-bot` 邀请我）。以下结果仅你可见：'
      : 'Slack 不允许我在此会话中发消息。以下结果仅你可见：',
  shared: (id: string) => `已把流水线 ${id} 发到本频道。`,
  more_found: (shown: number, total: number) =>
    `这条消息提到了 ${total} 条流水线，已显示前 ${shown} 条。其余请用 \`/pipeline &lt;id&gt;\`。`,
  watch_unavailable: '此部署暂不支持关注流水线：请联系机器人的管理员。',
  slack_failed: 'Slack 拒绝了这条消息。请稍后重试；若持续失败，请告知机器人的管理员。',
  stale_button:
    '这个按钮已过期或不完整：它没有指向可在此显示的流水线。请重新运行 `/pipeline &lt;id|名称&gt;` 获取新的卡片。',
  rate_limited: (seconds: number) => `操作太快了——请 ${seconds} 秒后再试。`,
};

/** Slack errors meaning "the bot is not in (or cannot see) that conversation". */
const MEMBERSHIP_ERRORS = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

/** Renders one note as a one-section message (pure). */
export function renderNotice(notice: Notice, locale: Locale): SlackMessage {
  const s = locale === 'zh-CN' ? ZH : EN;
  let text: string;
  switch (notice.kind) {
    case 'nothing_found':
      text = `🔎 ${s.nothing_found}`;
      break;
    case 'cannot_post':
      text = `🔒 ${s.cannot_post(MEMBERSHIP_ERRORS.has(notice.reason))}`;
      break;
    case 'shared':
      text = `✅ ${s.shared(`\`${fitEscaped(notice.id, 40)}\``)}`;
      break;
    case 'more_found':
      text = `ℹ️ ${s.more_found(notice.shown, notice.total)}`;
      break;
    case 'watch_unavailable':
      text = `ℹ️ ${s.watch_unavailable}`;
      break;
    case 'slack_failed':
      text = `⚠️ ${s.slack_failed}`;
      break;
    case 'stale_button':
      text = `⚠️ ${s.stale_button}`;
      break;
    case 'rate_limited':
      text = `⏳ ${s.rate_limited(notice.retryAfterSeconds)}`;
      break;
  }
  return sentenceMessage(text);
}
