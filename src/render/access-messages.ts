/**
 * Refusals that teach: one sentence saying what the person asked, why it is not allowed here, and who can change
 * it (the policy's `contact`). A refusal never tells whether a pipeline exists. Pure.
 */
import type { Locale } from '../domain/locale.js';
import { fitEscaped } from './escape.js';
import { sentenceMessage } from './sentence-message.js';
import type { SlackMessage } from './types.js';

/** What was refused, and why. */
export type AccessRefusal =
  | { kind: 'other_workspace'; team: string | null }
  | { kind: 'external_user' }
  | { kind: 'guest' }
  | { kind: 'who_unknown' }
  /** The pipeline (or a pipeline by that id) is not one this request may see. */
  | { kind: 'not_visible'; pipelineId: string }
  /** Cards may not be posted in this conversation. */
  | { kind: 'cannot_post'; asked: 'share' | 'watch' | 'thread'; pipelineId: string }
  | { kind: 'watch_admins_only'; pipelineId: string }
  | { kind: 'stop_not_allowed'; pipelineId: string; startedBy: string | null };

// The contact is the operator's own text (it may link a channel, `<#C…|team>`); only a broadcast ping is taken out.
const PINGS = /<!(?:channel|here|everyone)[^>]*>/g;

const id = (value: string): string => `\`${fitEscaped(value, 40) || '?'}\``;
const person = (userId: string | null): string | null =>
  userId !== null && /^[UW][A-Z0-9]{2,30}$/.test(userId) ? `<@${userId}>` : null;

const EN = {
  contact: (contact: string) => ` Ask ${contact} to change that.`,
  other_workspace: (team: string | null) =>
    `This bot serves the workspace ${team ? `*${fitEscaped(team, 80)}*` : 'it is installed in'}: it does not act on requests from other workspaces.`,
  external_user:
    'This bot serves the people of its own organisation: in a Slack Connect channel, people from other organisations cannot use it.',
  guest: 'Guests cannot use /pipeline in this workspace.',
  who_unknown: 'Slack did not say who you are, so I cannot check what you may see. Try again in a moment.',
  not_visible: (p: string) => `You asked for pipeline ${p}: it is not one you can see in this conversation.`,
  cannot_post: {
    share: (p: string) => `You asked to share pipeline ${p} here: cards cannot be posted in this conversation.`,
    watch: (p: string) => `You asked to watch pipeline ${p} here: cards cannot be posted in this conversation.`,
    thread: (_p: string) => 'Cards cannot be posted in this conversation, so here is the answer, only for you.',
  },
  watch_admins_only: (p: string) =>
    `You asked to watch pipeline ${p} here: only workspace admins and owners can start watches in this conversation.`,
  stop_not_allowed: (p: string, who: string | null) =>
    `You asked to stop the watch of pipeline ${p}: only ${who ? `${who} (who started it), ` : 'the person who started it, '}the channel's creator and workspace admins can stop it.`,
};

const ZH: typeof EN = {
  contact: (contact: string) => `如需更改，请联系 ${contact}。`,
  other_workspace: (team: string | null) =>
    `本机器人只服务于工作区${team ? ` *${fitEscaped(team, 80)}*` : '（安装它的工作区）'}，不处理其他工作区的请求。`,
  external_user: '本机器人只服务于本组织的成员：在 Slack Connect 频道中，其他组织的成员不能使用它。',
  guest: '访客不能在本工作区使用 /pipeline。',
  who_unknown: 'Slack 没有告知你的身份，无法确认你可查看的内容。请稍后重试。',
  not_visible: (p: string) => `你请求查看流水线 ${p}：在此会话中你无权查看它。`,
  cannot_post: {
    share: (p: string) => `你请求在此分享流水线 ${p}：此会话不允许发布卡片。`,
    watch: (p: string) => `你请求在此关注流水线 ${p}：此会话不允许发布卡片。`,
    thread: (_p: string) => '此会话不允许发布卡片，以下结果仅你可见。',
  },
  watch_admins_only: (p: string) => `你请求在此关注流水线 ${p}：此会话中只有工作区管理员和所有者可以发起关注。`,
  stop_not_allowed: (p: string, who: string | null) =>
    `你请求停止关注流水线 ${p}：只有${who ? ` ${who}（发起者）、` : '发起者、'}频道创建者和工作区管理员可以停止。`,
};

/** The refusal as a one-section message; `contact` (the policy's) is named where someone can change it. */
export function renderAccessRefusal(
  refusal: AccessRefusal,
  o: { locale: Locale; contact: string | null },
): SlackMessage {
  const s = o.locale === 'zh-CN' ? ZH : EN;
  let sentence: string;
  let changeable = true;
  switch (refusal.kind) {
    case 'other_workspace':
      sentence = s.other_workspace(refusal.team);
      changeable = false;
      break;
    case 'external_user':
      sentence = s.external_user;
      break;
    case 'guest':
      sentence = s.guest;
      break;
    case 'who_unknown':
      sentence = s.who_unknown;
      changeable = false;
      break;
    case 'not_visible':
      sentence = s.not_visible(id(refusal.pipelineId));
      break;
    case 'cannot_post':
      sentence = s.cannot_post[refusal.asked](id(refusal.pipelineId));
      changeable = refusal.asked !== 'thread';
      break;
    case 'watch_admins_only':
      sentence = s.watch_admins_only(id(refusal.pipelineId));
      break;
    case 'stop_not_allowed':
      sentence = s.stop_not_allowed(id(refusal.pipelineId), person(refusal.startedBy));
      changeable = false;
      break;
  }
  const contact = o.contact?.replace(PINGS, '').trim();
  return sentenceMessage(`🔒 ${sentence}${changeable && contact ? s.contact(contact) : ''}`);
}
