/**
 * The App Home tab: your link (with Unlink, or the Link button), the reviews waiting on you across the pipelines
 * this workspace watches (each with Approve and Refuse), and the watches you started. Slack takes at most 100
 * blocks in a Home view: each list is capped and says "and N more". Pure.
 */
import type { HomeView, KnownBlock } from '@slack/types';
import type { Locale } from '../domain/locale.js';
import type { PipelineSummary } from '../domain/summary.js';
import { ACTION_UNLINK_ACCOUNT } from './action-ids.js';
import { fitBuilt, fitEscaped } from './escape.js';
import { LIMITS } from './limits.js';
import { linkAccountButton } from './link-messages.js';
import { packLines } from './measure.js';
import { reviewActions } from './review-buttons.js';
import { waitingOnText } from './review-text.js';
import type { SlackMessage } from './types.js';

/** Blocks a Home view may hold (Slack: 100). */
export const HOME_BLOCKS = 100;
/** Reviews listed (two blocks each) and watches listed (one line each) before "and N more". */
export const HOME_MAX_REVIEWS = 30;
export const HOME_MAX_WATCHES = 40;

export interface HomeInput {
  locale: Locale;
  /** The viewer's link, or `null` when they have none. */
  link: { huaweiUser: string; huaweiDomain: string; expired: boolean } | null;
  /** A sentence to show on top (how a click from this tab ended), or `null`. */
  notice: SlackMessage | null;
  /** Reviews waiting on the viewer, each its pipeline's summary (its `awaitingReview` is the review). */
  reviews: PipelineSummary[];
  /** The watches the viewer started. */
  watches: { pipelineId: string; pipelineName: string | null; channelId: string }[];
}

interface Strings {
  title: string;
  linked: (user: string, domain: string) => string;
  expired: (user: string) => string;
  unlinked: string;
  unlink: string;
  reviewsTitle: string;
  noReviews: string;
  reviewsNeedLink: string;
  watchesTitle: string;
  noWatches: string;
  more: (n: number) => string;
  unavailable: string;
  review: (pipeline: string, stage: string, waiting: string) => string;
  watch: (pipeline: string, id: string, channel: string) => string;
}

const STRINGS: Record<Locale, Strings> = {
  en: {
    title: 'Pipelines',
    linked: (user, domain) => `🔗 Linked as *${user}* in account *${domain}*: Approve and Refuse act as you.`,
    expired: (user) => `⚠️ Your link as *${user}* has expired: link again to approve or refuse from Slack.`,
    unlinked: 'Link your Huawei account to approve or refuse reviews from Slack, as yourself.',
    unlink: 'Unlink',
    reviewsTitle: 'Reviews waiting on you',
    noReviews: 'No review in the pipelines this workspace watches is waiting on you.',
    reviewsNeedLink: 'Once your account is linked, the reviews waiting on you appear here.',
    watchesTitle: 'Watches you started',
    noWatches: 'You have not started any watch. `/pipeline watch <id>` in a channel starts one.',
    more: (n) => `…and ${n} more.`,
    unavailable:
      '⚠️ This tab could not be loaded just now. Open it again in a moment; if it keeps failing, tell whoever runs the bot.',
    review: (pipeline, stage, waiting) => `*${pipeline}* · ✋ *${stage}* · waiting on ${waiting}`,
    watch: (pipeline, id, channel) => `• *${pipeline}* (${id}) in <#${channel}>`,
  },
  'zh-CN': {
    title: '流水线',
    linked: (user, domain) => `🔗 已关联为账号 *${domain}* 中的 *${user}*：通过和驳回均以你本人身份进行。`,
    expired: (user) => `⚠️ 你以 *${user}* 的关联已过期：请重新关联后再在 Slack 中审核。`,
    unlinked: '关联你的华为云账号，即可在 Slack 中以本人身份通过或驳回审核。',
    unlink: '取消关联',
    reviewsTitle: '等待你审核',
    noReviews: '本工作区关注的流水线中没有等待你审核的阶段。',
    reviewsNeedLink: '关联账号后，等待你审核的阶段会显示在这里。',
    watchesTitle: '你发起的关注',
    noWatches: '你还没有发起关注。在频道中使用 `/pipeline watch <id>` 即可。',
    more: (n) => `……还有 ${n} 项。`,
    unavailable: '⚠️ 此页面暂时无法加载。请稍后再打开；若持续失败，请告知机器人的管理员。',
    review: (pipeline, stage, waiting) => `*${pipeline}* · ✋ *${stage}* · 等待 ${waiting}`,
    watch: (pipeline, id, channel) => `• *${pipeline}* (${id})，在 <#${channel}>`,
  },
};

const NAME_MAX = 80;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,30}$/;

const section = (text: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: fitBuilt(text, LIMITS.sectionText) },
});
const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text, emoji: true } });

function linkBlocks(input: HomeInput, s: Strings): KnownBlock[] {
  const { link, locale } = input;
  if (link === null || link.expired) {
    const text = link === null ? s.unlinked : s.expired(fitEscaped(link.huaweiUser, NAME_MAX));
    return [section(text), linkAccountButton(locale)];
  }
  const unlink = {
    type: 'button' as const,
    action_id: ACTION_UNLINK_ACCOUNT,
    text: { type: 'plain_text' as const, text: s.unlink, emoji: true },
    value: 'unlink',
  };
  const text = s.linked(fitEscaped(link.huaweiUser, NAME_MAX), fitEscaped(link.huaweiDomain, NAME_MAX));
  return [{ ...section(text), accessory: unlink } as KnownBlock];
}

function reviewBlocks(input: HomeInput, s: Strings): KnownBlock[] {
  if (input.link === null || input.link.expired) return [section(s.reviewsNeedLink)];
  if (input.reviews.length === 0) return [section(s.noReviews)];
  const blocks: KnownBlock[] = [];
  for (const summary of input.reviews.slice(0, HOME_MAX_REVIEWS)) {
    const waiting = summary.awaitingReview;
    if (!waiting?.review) continue;
    const who = waitingOnText(waiting.review, { locale: input.locale, maxNames: 5 });
    const name = fitEscaped(summary.name, NAME_MAX) || `#${summary.id}`;
    blocks.push(section(s.review(name, fitEscaped(waiting.name, NAME_MAX) || '?', who)));
    const decide = reviewActions(summary, input.locale, { remind: false });
    if (decide) blocks.push(decide);
  }
  const rest = input.reviews.length - HOME_MAX_REVIEWS;
  if (rest > 0) blocks.push(section(s.more(rest)));
  return blocks;
}

function watchBlocks(input: HomeInput, s: Strings): KnownBlock[] {
  if (input.watches.length === 0) return [section(s.noWatches)];
  const lines = input.watches.slice(0, HOME_MAX_WATCHES).map((w) => {
    const name = fitEscaped(w.pipelineName ?? '', NAME_MAX) || `#${fitEscaped(w.pipelineId, NAME_MAX)}`;
    const channel = CHANNEL_ID.test(w.channelId) ? w.channelId : 'C0UNKNOWN';
    return s.watch(name, fitEscaped(w.pipelineId, NAME_MAX), channel);
  });
  const rest = input.watches.length - HOME_MAX_WATCHES;
  if (rest > 0) lines.push(s.more(rest));
  return packLines(lines, LIMITS.sectionText).map((text) => section(text));
}

/** The Home view of one person (pure); always within Slack's 100 blocks. */
export function renderAppHome(input: HomeInput): HomeView {
  const s = STRINGS[input.locale];
  const blocks: KnownBlock[] = [header(s.title)];
  if (input.notice) blocks.push(...input.notice.blocks);
  blocks.push(...linkBlocks(input, s), { type: 'divider' }, header(s.reviewsTitle));
  blocks.push(...reviewBlocks(input, s), { type: 'divider' }, header(s.watchesTitle), ...watchBlocks(input, s));
  return { type: 'home', blocks: blocks.slice(0, HOME_BLOCKS) };
}

/** The Home view when it could not be built (the database or the backend failed): one sentence, never a blank tab. */
export function renderHomeUnavailable(locale: Locale): HomeView {
  const s = STRINGS[locale];
  return { type: 'home', blocks: [header(s.title), section(s.unavailable)] };
}
