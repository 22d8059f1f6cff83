/**
 * The words of every watch message, in each locale, and the sentence shapes they share (how a pipeline and a stage
 * are named, a pause reason in words). Pure data and string building.
 */
import type { BackendErrorKind } from '../domain/backend-error.js';
import type { Locale } from '../domain/locale.js';
import type { WatchFilter } from '../domain/watch-filter.js';
import { fitEscaped } from './escape.js';

export const NAME_MAX = 80;
const ID_MAX = 40;
export const NAMES_SHOWN = 5;

/**
 * How a pipeline is named in a sentence: `*build-api* (#1003)`, or `#1003` before its name is known. The id is
 * escaped too: an unwatch of a forged button value echoes it.
 */
export function pipelineLabel(name: string | null, id: string): string {
  const escaped = name === null ? '' : fitEscaped(name, NAME_MAX);
  const shownId = fitEscaped(id, ID_MAX) || '?';
  return escaped === '' ? `#${shownId}` : `*${escaped}* (#${shownId})`;
}

/** A pause reason in words; an unknown one (a Slack error code, `constructor` included) as its escaped value. */
export function pauseReason(s: WatchStrings, reason: string): string {
  const known = Object.hasOwn(s.pauseReasons, reason) ? s.pauseReasons[reason] : undefined;
  return known ?? (fitEscaped(reason, 60) || '?');
}

export interface WatchStrings {
  stageStarted: (stage: string) => string;
  stageFinished: (mark: string, stage: string, word: string, span: string | null) => string;
  reviewRequested: (stage: string, who: string) => string;
  reviewApproved: (who: string, stage: string, waiting: string | null) => string;
  reviewPassed: (stage: string, who: string) => string;
  reviewRefused: (stage: string, who: string, pipeline: string) => string;
  runFinished: (mark: string, pipeline: string, word: string, span: string | null, failedAt: string | null) => string;
  reminder: (stage: string, who: string, span: string) => string;
  unreachable: (why: string, since: string, every: string) => string;
  /** What has been going wrong, per backend error kind (`other`: not a backend error), naming the API. */
  apiTrouble: Record<BackendErrorKind | 'other', (service: string) => string>;
  superseded: (pipeline: string, at: string | null) => string;
  stagesAsLastSeen: string;
  filterLine: Record<WatchFilter, string>;
  filterName: Record<WatchFilter, string>;
  watching: (pipeline: string) => string;
  filterChanged: (pipeline: string, from: string, to: string) => string;
  alreadyWatching: (pipeline: string, filter: string) => string;
  cardSoon: string;
  cannotPost: (pipeline: string, reason: string) => string;
  unwatched: (pipeline: string) => string;
  notWatched: (pipeline: string) => string;
  listTitle: (n: number) => string;
  listEmpty: string;
  healthOk: string;
  healthPaused: (reason: string, since: string) => string;
  healthApi: (service: string, since: string, n: number) => string;
  pauseReasons: Record<string, string>;
  listHint: string;
  /** A watch command while the database cannot be reached: nothing was changed, try again. */
  databaseUnavailable: string;
}

const EN: WatchStrings = {
  stageStarted: (stage) => `🔄 ${stage} started`,
  stageFinished: (mark, stage, word, span) => `${mark} ${stage} ${word}${span ? ` in ${span}` : ''}`,
  reviewRequested: (stage, who) => `✋ ${stage} is waiting for review by ${who}`,
  reviewApproved: (who, stage, waiting) =>
    `👍 ${who} approved ${stage}${waiting ? ` · still waiting on ${waiting}` : ''}`,
  reviewPassed: (stage, who) => `✅ Review ${stage} passed${who ? ` (approved by ${who})` : ''}`,
  reviewRefused: (stage, who, pipeline) => `❌ Review ${stage} of ${pipeline} was refused by ${who}`,
  runFinished: (mark, pipeline, word, span, failedAt) =>
    `${mark} ${pipeline} ${word}${failedAt ? ` at ${failedAt}` : ''}${span ? ` · total ${span}` : ''}`,
  reminder: (stage, who, span) => `⏰ Reminder: ${stage} has been waiting for review for ${span}: ${who}`,
  unreachable: (why, since, every) =>
    `⚠️ ${why} since ${since}; the card may be out of date. Still trying every ${every}.`,
  apiTrouble: {
    timeout: (s) => `${s} has not answered`,
    network: (s) => `${s} has not answered`,
    upstream: (s) => `${s} has been failing with internal errors`,
    unauthorized: (s) => `${s} has been rejecting the bot’s credentials`,
    forbidden: (s) => `${s} has been refusing the bot’s account access to this pipeline`,
    rate_limited: (s) => `${s} has been rate-limiting the bot`,
    invalid_response: (s) => `${s}’s answers have been unreadable`,
    too_large: (s) => `${s}’s answers have been too large to read`,
    not_found: (s) => `${s} has not found this pipeline`,
    bad_request: (s) => `${s} has been refusing the bot’s request`,
    unavailable: (s) => `${s}’s pipeline feature has been unavailable to the bot’s account`,
    invalid_id: (s) => `The bot has not been able to read this pipeline from ${s}`,
    other: (s) => `The bot has not been able to read this pipeline from ${s}`,
  },
  superseded: (pipeline, at) =>
    `⏹️ A newer run of ${pipeline} started${at ? ` at ${at}` : ''}. This run’s final result was not seen by the bot.`,
  stagesAsLastSeen: 'Stages as last seen by the bot:',
  filterLine: {
    changes:
      'stage starts and finishes, reviews and the final result go in its thread. Failures are also posted to the channel.',
    failures: 'only failures and the final result go in its thread. Failures are also posted to the channel.',
    all: 'stage starts and finishes, reviews and the final result go in its thread, and the final result and failures are also posted to the channel.',
  },
  filterName: { changes: 'changes', failures: 'failures', all: 'all' },
  watching: (pipeline) => `This channel now gets one live card for pipeline ${pipeline}, edited as it moves; `,
  filterChanged: (pipeline, from, to) => `Watch of ${pipeline} changed from _${from}_ to _${to}_: the same card, `,
  alreadyWatching: (pipeline, filter) => `This channel already watches ${pipeline} (_${filter}_): the same card, `,
  cardSoon: 'The card will appear here within a minute.',
  cannotPost: (pipeline, reason) => `I can’t watch ${pipeline} here: ${reason}`,
  unwatched: (pipeline) => `This channel no longer watches ${pipeline}. The last card stays as it is.`,
  notWatched: (pipeline) => `This channel does not watch ${pipeline}.`,
  listTitle: (n) => (n === 1 ? 'This channel watches 1 pipeline:' : `This channel watches ${n} pipelines:`),
  listEmpty: 'This channel watches no pipeline. Start with `/pipeline watch &lt;id&gt; [changes|failures|all]`.',
  healthOk: 'ok',
  healthPaused: (reason, since) => `paused: ${reason} (since ${since})`,
  healthApi: (service, since, n) => `${service} errors since ${since} (${n} in a row)`,
  pauseReasons: {
    channel_not_found: 'channel not found',
    not_in_channel: 'the bot is not in this channel — invite it, then watch again',
    is_archived: 'channel archived',
    channel_is_archived: 'channel archived',
  },
  listHint:
    'Change a filter with `/pipeline watch &lt;id&gt; &lt;filter&gt;`; stop with `/pipeline unwatch &lt;id&gt;`.',
  databaseUnavailable:
    '⚠️ The database is unavailable, so no watch was changed: try again shortly. `/pipeline &lt;id&gt;` lookups still work.',
};

const ZH: WatchStrings = {
  stageStarted: (stage) => `🔄 ${stage} 已开始`,
  stageFinished: (mark, stage, word, span) => `${mark} ${stage} ${word}${span ? `，用时 ${span}` : ''}`,
  reviewRequested: (stage, who) => `✋ ${stage} 等待审核：${who}`,
  reviewApproved: (who, stage, waiting) => `👍 ${who} 已通过 ${stage}${waiting ? ` · 仍在等待 ${waiting}` : ''}`,
  reviewPassed: (stage, who) => `✅ 审核 ${stage} 已通过${who ? `（${who}）` : ''}`,
  reviewRefused: (stage, who, pipeline) => `❌ ${pipeline} 的审核 ${stage} 被 ${who} 驳回`,
  runFinished: (mark, pipeline, word, span, failedAt) =>
    `${mark} ${pipeline} ${word}${failedAt ? `（${failedAt}）` : ''}${span ? ` · 总用时 ${span}` : ''}`,
  reminder: (stage, who, span) => `⏰ 提醒：${stage} 已等待审核 ${span}：${who}`,
  unreachable: (why, since, every) => `⚠️ 自 ${since} 起 ${why}，卡片可能不是最新状态。每 ${every} 重试一次。`,
  apiTrouble: {
    timeout: (s) => `${s} 无响应`,
    network: (s) => `${s} 无响应`,
    upstream: (s) => `${s} 持续返回内部错误`,
    unauthorized: (s) => `${s} 拒绝了机器人的凭据`,
    forbidden: (s) => `${s} 拒绝机器人的账号访问此流水线`,
    rate_limited: (s) => `${s} 正在限流`,
    invalid_response: (s) => `无法读取 ${s} 的应答`,
    too_large: (s) => `${s} 的应答过大，无法读取`,
    not_found: (s) => `${s} 找不到此流水线`,
    bad_request: (s) => `${s} 拒绝了机器人的请求`,
    unavailable: (s) => `该账号无法使用 ${s} 流水线功能`,
    invalid_id: (s) => `无法从 ${s} 读取此流水线`,
    other: (s) => `无法从 ${s} 读取此流水线`,
  },
  superseded: (pipeline, at) =>
    `⏹️ ${pipeline} 的新一次运行已${at ? `于 ${at} ` : ''}开始。机器人未看到本次运行的最终结果。`,
  stagesAsLastSeen: '机器人最后看到的步骤状态：',
  filterLine: {
    changes: '步骤开始与结束、审核和最终结果发在卡片的消息列中；失败也会发到频道。',
    failures: '只有失败和最终结果发在卡片的消息列中；失败也会发到频道。',
    all: '步骤开始与结束、审核和最终结果发在卡片的消息列中；最终结果和失败也会发到频道。',
  },
  filterName: { changes: '变化', failures: '失败', all: '全部' },
  watching: (pipeline) => `本频道现在有流水线 ${pipeline} 的一张实时卡片，随状态更新；`,
  filterChanged: (pipeline, from, to) => `${pipeline} 的关注方式已从「${from}」改为「${to}」：卡片不变，`,
  alreadyWatching: (pipeline, filter) => `本频道已关注 ${pipeline}（${filter}）：卡片不变，`,
  cardSoon: '卡片将在一分钟内出现。',
  cannotPost: (pipeline, reason) => `无法在此关注 ${pipeline}：${reason}`,
  unwatched: (pipeline) => `本频道不再关注 ${pipeline}。最后一张卡片保持原样。`,
  notWatched: (pipeline) => `本频道没有关注 ${pipeline}。`,
  listTitle: (n) => `本频道关注 ${n} 条流水线：`,
  listEmpty: '本频道没有关注任何流水线。使用 `/pipeline watch &lt;id&gt; [changes|failures|all]` 开始。',
  healthOk: '正常',
  healthPaused: (reason, since) => `已暂停：${reason}（自 ${since}）`,
  healthApi: (service, since, n) => `自 ${since} 起 ${service} 出错（连续 ${n} 次）`,
  pauseReasons: {
    channel_not_found: '找不到频道',
    not_in_channel: '机器人不在此频道，请邀请后重新关注',
    is_archived: '频道已归档',
    channel_is_archived: '频道已归档',
  },
  listHint: '用 `/pipeline watch &lt;id&gt; &lt;方式&gt;` 修改；用 `/pipeline unwatch &lt;id&gt;` 停止。',
  databaseUnavailable:
    '⚠️ 机器人的数据库暂时无法访问，监视未作任何更改，请稍后再试。`/pipeline &lt;id&gt;` 查询不受影响。',
};

export const STRINGS: Record<Locale, WatchStrings> = { en: EN, 'zh-CN': ZH };
