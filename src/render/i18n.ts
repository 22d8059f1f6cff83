/**
 * Every sentence the card and the error message say, per locale. Arguments arrive already escaped (names) or
 * formatted (durations); these functions only arrange words.
 */
import type { Locale } from '../domain/locale.js';

/** Every phrase of the card in one locale. */
export interface CardStrings {
  group: (name: string) => string;
  id: (id: string) => string;
  /** The progress label, mrkdwn: "*Progress:* stage 2 of 4". */
  stageOf: (n: number, total: number) => string;
  notStartedStages: (total: number) => string;
  noStages: string;
  startedAgo: string;
  startedAt: string;
  updatedAgo: string;
  took: (span: string) => string;
  finishedAt: string;
  notStarted: string;
  refreshedAt: string;
  liveCard: string;
  finalCard: string;
  /** On every card while a built-in simulator serves the bot: `variable` is the endpoint to set, `service` the API. */
  simulated: (variable: string, service: string) => string;
  current: string;
  /** Stage timing: `word` is the status in words, `span` a formatted duration. */
  doneIn: (word: string, span: string) => string;
  failedAfter: (word: string, span: string) => string;
  activeFor: (word: string, span: string) => string;
  reviewRefused: string;
  /** A finished review whose votes are not known: only its outcome. */
  reviewPassed: string;
  /** A review not waiting yet, votes not known: who may decide. */
  reviewersAre: (names: string) => string;
  /** What a review's timeout does: `span` formatted, `outcome` one of `onTimeout`. */
  timesOutIn: (span: string, outcome: string) => string;
  timesOutAfter: (span: string, outcome: string) => string;
  timeoutDue: (outcome: string) => string;
  onTimeout: { pass: string; refuse: string };
  /** Jobs of a stage left out: "⋯ 3 more jobs: 2 succeeded, 1 running". */
  moreJobs: (n: number, parts: string) => string;
  /** A queued run's timing: "Queued " + a live "30 s ago". */
  queuedAgo: string;
  approvedOf: (passed: number, total: number) => string;
  approvedBy: (names: string) => string;
  refusedBy: (names: string) => string;
  waitingOn: (names: string) => string;
  andMore: (n: number) => string;
  listJoin: string;
  modeAll: string;
  modeOne: string;
  modeOther: (mode: string) => string;
  awaitingReviewAt: (n: number, total: number, stage: string) => string;
  failedAt: (n: number, total: number, stage: string, word: string) => string;
  pipelineFailed: (word: string) => string;
  foldedSame: (n: number, word: string) => string;
  foldedMixed: (n: number, parts: string) => string;
  foldedPart: (n: number, word: string) => string;
  buttons: { refresh: string; share: string; watch: string; unwatch: string; showLog: string };
  fallback: {
    failedAt: (name: string, n: number, stage: string) => string;
    failed: (name: string, word: string) => string;
    awaitingReview: (name: string, n: number, stage: string, who: string) => string;
    active: (name: string, word: string, n: number, total: number, stage: string) => string;
    succeededIn: (name: string, span: string) => string;
    succeeded: (name: string) => string;
    stoppedAt: (name: string, word: string, n: number, stage: string) => string;
    notStarted: (name: string) => string;
    other: (name: string, word: string) => string;
  };
}

const EN: CardStrings = {
  group: (name) => `Group *${name}*`,
  id: (id) => `ID *${id}*`,
  stageOf: (n, total) => `*Progress:* stage ${n} of ${total}`,
  notStartedStages: (total) => `*Progress:* not started · ${total} ${total === 1 ? 'stage' : 'stages'}`,
  noStages: 'No stages',
  startedAgo: 'Started ',
  startedAt: 'Started ',
  updatedAgo: 'updated ',
  took: (span) => `Took ${span}`,
  finishedAt: 'finished ',
  notStarted: 'Not started',
  refreshedAt: 'Refreshed at',
  liveCard: 'Live card: it changes as the pipeline moves.',
  finalCard: 'This run has finished: the card no longer changes.',
  simulated: (variable, service) => `🧪 Simulated data — set ${variable} to use ${service}`,
  current: '← current',
  doneIn: (word, span) => `${word} in ${span}`,
  failedAfter: (word, span) => `${word} after ${span}`,
  activeFor: (word, span) => `${word} for ${span}`,
  reviewRefused: 'review refused',
  reviewPassed: 'review passed',
  reviewersAre: (names) => `reviewers ${names}`,
  timesOutIn: (span, outcome) => `times out in ${span} → ${outcome}`,
  timesOutAfter: (span, outcome) => `times out after ${span} → ${outcome}`,
  timeoutDue: (outcome) => `timed out → ${outcome}`,
  onTimeout: { pass: 'passed', refuse: 'refused' },
  moreJobs: (n, parts) => `⋯ ${n} more ${n === 1 ? 'job' : 'jobs'}: ${parts}`,
  queuedAgo: 'Queued ',
  approvedOf: (passed, total) => `${passed} of ${total} approved`,
  approvedBy: (names) => `approved by ${names}`,
  refusedBy: (names) => `refused by ${names}`,
  waitingOn: (names) => `waiting on ${names}`,
  andMore: (n) => `${n} more`,
  listJoin: ', ',
  modeAll: 'all must approve',
  modeOne: 'any one can approve',
  modeOther: (mode) => `mode “${mode}”`,
  awaitingReviewAt: (n, total, stage) => `*Waiting for review* at stage ${n} of ${total} · ${stage}`,
  failedAt: (n, total, stage, word) => `*Failed at stage ${n} of ${total} · ${stage}* — ${word}`,
  pipelineFailed: (word) => `*The pipeline failed* — ${word}`,
  foldedSame: (n, word) => `⋯ ${n} more ${word}`,
  foldedMixed: (n, parts) => `⋯ ${n} more: ${parts}`,
  foldedPart: (n, word) => `${n} ${word}`,
  buttons: {
    refresh: 'Refresh',
    share: 'Share in channel',
    watch: 'Watch in channel',
    unwatch: 'Stop watching',
    showLog: 'Show log',
  },
  fallback: {
    failedAt: (name, n, stage) => `${name} failed at stage ${n} '${stage}'`,
    failed: (name, word) => `${name} failed: ${word}`,
    awaitingReview: (name, n, stage, who) =>
      `${name} is waiting for review at stage ${n} '${stage}' · waiting on ${who}`,
    active: (name, word, n, total, stage) => `${name} is ${word} · stage ${n} of ${total} '${stage}'`,
    succeededIn: (name, span) => `${name} succeeded in ${span}`,
    succeeded: (name) => `${name} succeeded`,
    stoppedAt: (name, word, n, stage) => `${name} ${word} at stage ${n} '${stage}'`,
    notStarted: (name) => `${name} has not started`,
    other: (name, word) => `${name}: ${word}`,
  },
};

const ZH: CardStrings = {
  group: (name) => `分组 *${name}*`,
  id: (id) => `ID *${id}*`,
  stageOf: (n, total) => `*进度：* 第 ${n} 步，共 ${total} 步`,
  notStartedStages: (total) => `*进度：* 未开始，共 ${total} 步`,
  noStages: '没有步骤',
  startedAgo: '开始于 ',
  startedAt: '开始于 ',
  updatedAgo: '更新于 ',
  took: (span) => `用时 ${span}`,
  finishedAt: '结束于 ',
  notStarted: '未开始',
  refreshedAt: '刷新于',
  liveCard: '实时卡片：流水线变化时自动更新。',
  finalCard: '本次运行已结束：卡片不再更新。',
  simulated: (variable, service) => `🧪 模拟数据 — 设置 ${variable} 以使用 ${service}`,
  current: '← 当前',
  doneIn: (word, span) => `${word}，用时 ${span}`,
  failedAfter: (word, span) => `${word}，用时 ${span}`,
  activeFor: (word, span) => `${word}，已 ${span}`,
  reviewRefused: '审核被拒绝',
  reviewPassed: '审核已通过',
  reviewersAre: (names) => `审核人 ${names}`,
  timesOutIn: (span, outcome) => `${span}后超时 → ${outcome}`,
  timesOutAfter: (span, outcome) => `超时时限 ${span} → ${outcome}`,
  timeoutDue: (outcome) => `已超时 → ${outcome}`,
  onTimeout: { pass: '通过', refuse: '拒绝' },
  moreJobs: (n, parts) => `⋯ 另有 ${n} 个任务：${parts}`,
  queuedAgo: '排队于 ',
  approvedOf: (passed, total) => `${total} 人中 ${passed} 人已通过`,
  approvedBy: (names) => `${names} 已通过`,
  refusedBy: (names) => `${names} 已拒绝`,
  waitingOn: (names) => `等待 ${names} 审核`,
  andMore: (n) => `另外 ${n} 人`,
  listJoin: '、',
  modeAll: '需全部通过',
  modeOne: '任意一人通过即可',
  modeOther: (mode) => `审核方式“${mode}”`,
  awaitingReviewAt: (n, total, stage) => `*等待审核*：第 ${n} 步（共 ${total} 步）· ${stage}`,
  failedAt: (n, total, stage, word) => `*在第 ${n} 步（共 ${total} 步）失败 · ${stage}* — ${word}`,
  pipelineFailed: (word) => `*流水线失败* — ${word}`,
  foldedSame: (n, word) => `⋯ 另有 ${n} 个步骤${word}`,
  foldedMixed: (n, parts) => `⋯ 另有 ${n} 个步骤：${parts}`,
  foldedPart: (n, word) => `${n} 个${word}`,
  buttons: {
    refresh: '刷新',
    share: '分享到频道',
    watch: '在频道中关注',
    unwatch: '停止关注',
    showLog: '查看日志',
  },
  fallback: {
    failedAt: (name, n, stage) => `${name} 在第 ${n} 步「${stage}」失败`,
    failed: (name, word) => `${name} 失败：${word}`,
    awaitingReview: (name, n, stage, who) => `${name} 在第 ${n} 步「${stage}」等待审核 · 等待 ${who}`,
    active: (name, word, n, total, stage) => `${name} ${word} · 第 ${n} 步（共 ${total} 步）「${stage}」`,
    succeededIn: (name, span) => `${name} 成功，用时 ${span}`,
    succeeded: (name) => `${name} 成功`,
    stoppedAt: (name, word, n, stage) => `${name} ${word}，停在第 ${n} 步「${stage}」`,
    notStarted: (name) => `${name} 尚未开始`,
    other: (name, word) => `${name}：${word}`,
  },
};

/** The card's words in `locale` (English for anything else). */
export function cardStrings(locale: Locale): CardStrings {
  return locale === 'zh-CN' ? ZH : EN;
}
