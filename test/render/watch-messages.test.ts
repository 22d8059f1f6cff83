import { describe, expect, it } from 'vitest';
import { CONTAINEROPS_STATUSES } from '../../src/backends/containerops/map.js';
import { BACKEND_ERROR_KINDS } from '../../src/domain/backend-error.js';
import type { Locale } from '../../src/domain/locale.js';
import type { Milestone } from '../../src/domain/milestones.js';
import { mapStatus, type StatusValue } from '../../src/domain/status.js';
import type { WatchFilter } from '../../src/domain/watch-filter.js';
import type { SlackMessage } from '../../src/render/types.js';
import {
  renderUnwatchConfirmation,
  renderWatchConfirmation,
  renderWatchList,
  type WatchListItem,
} from '../../src/render/watch-command-messages.js';
import {
  renderApiUnreachableNote,
  renderMilestoneMessage,
  renderReviewReminder,
  renderSupersededCard,
  renderSupersededNote,
} from '../../src/render/watch-messages.js';
import { pipelineLabel } from '../../src/render/watch-strings.js';
import { checkMessage } from './block-kit-check.js';

const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
/** A ContainerOps status word as the domain model carries it. */
const co = (word: string): StatusValue => mapStatus(word, CONTAINEROPS_STATUSES);
const FILTERS: readonly WatchFilter[] = ['changes', 'failures', 'all'];
const SINCE = new Date('2026-03-01T09:41:00Z');
const MENTIONS = { alice: 'U0ALICE01', bob: 'U0BOB0002' };

/** The section's text: every message here leads with one, and `text` (the notification) must say the same. */
function sectionText(m: SlackMessage): string {
  const first = m.blocks[0];
  if (first?.type !== 'section' || first.text === undefined) throw new Error('no leading section');
  return first.text.text;
}

function contextText(m: SlackMessage): string | null {
  const context = m.blocks.find((b) => b.type === 'context');
  if (context?.type !== 'context') return null;
  const [element] = context.elements;
  return element && 'text' in element ? element.text : null;
}

/** A valid Block Kit message whose notification text is its section's text; returns that text. */
function valid(m: SlackMessage): string {
  expect(checkMessage(m)).toEqual([]);
  expect(m.text).toBe(sectionText(m));
  return m.text;
}

const opts = (locale: Locale, over: { pipelineName?: string; mentions?: Record<string, string> } = {}) => ({
  locale,
  pipelineName: over.pipelineName ?? 'build-api',
  pipelineId: '1003',
  mentions: over.mentions,
});

const milestone = (m: Milestone, locale: Locale, over?: Parameters<typeof opts>[1]): string =>
  valid(renderMilestoneMessage(m, opts(locale, over)));

describe('pipelineLabel', () => {
  it('names the pipeline in bold with its id, or by id alone', () => {
    expect(pipelineLabel('build-api', '1003')).toBe('*build-api* (#1003)');
    expect(pipelineLabel(null, '1003')).toBe('#1003');
    expect(pipelineLabel('   ', '1003')).toBe('#1003');
  });

  it('escapes what Slack would read as markup', () => {
    expect(pipelineLabel('<!channel> & co', '7')).toBe('*&lt;!channel&gt; &amp; co* (#7)');
  });
});

describe('milestone messages', () => {
  const stageStarted: Milestone = { kind: 'stage_started', key: 'k', stage: 1, name: 'build' };
  const stageSucceeded: Milestone = {
    kind: 'stage_finished',
    key: 'k',
    stage: 1,
    name: 'build',
    status: co('success'),
    durationMs: 252_000,
  };
  const stageFailed: Milestone = {
    kind: 'stage_finished',
    key: 'k',
    stage: 2,
    name: 'deploy',
    status: co('runtime_exception'),
    durationMs: 8_000,
  };
  const reviewRequested: Milestone = {
    kind: 'review_requested',
    key: 'k',
    stage: 3,
    name: 'approve',
    pending: ['alice', 'carol'],
  };
  const reviewApproved: Milestone = {
    kind: 'review_approved',
    key: 'k',
    stage: 3,
    name: 'approve',
    user: 'carol',
    pending: ['alice'],
  };
  const reviewApprovedLast: Milestone = { ...reviewApproved, pending: [] };
  const reviewPassed: Milestone = {
    kind: 'review_passed',
    key: 'k',
    stage: 3,
    name: 'approve',
    approvers: ['alice', 'carol'],
  };
  const reviewRefused: Milestone = { kind: 'review_refused', key: 'k', stage: 3, name: 'approve', refusers: ['dave'] };
  const runSucceeded: Milestone = {
    kind: 'run_finished',
    key: 'k',
    status: co('success'),
    durationMs: 3_780_000,
    failedStage: null,
  };
  const runFailed: Milestone = {
    kind: 'run_finished',
    key: 'k',
    status: co('runtime_exception'),
    durationMs: 90_000,
    failedStage: 'deploy',
  };

  it('tells each milestone in English', () => {
    expect(milestone(stageStarted, 'en')).toBe('🔄 *build* started');
    expect(milestone(stageSucceeded, 'en')).toBe('✅ *build* succeeded in 4 min 12 s');
    expect(milestone(stageFailed, 'en')).toBe('❌ *deploy* runtime error in 8 s');
    expect(milestone({ ...stageSucceeded, durationMs: null }, 'en')).toBe('✅ *build* succeeded');
    expect(milestone(reviewRequested, 'en')).toBe('✋ *approve* is waiting for review by *alice*, *carol*');
    expect(milestone(reviewApproved, 'en')).toBe('👍 *carol* approved *approve* · still waiting on *alice*');
    expect(milestone(reviewApprovedLast, 'en')).toBe('👍 *carol* approved *approve*');
    expect(milestone(reviewPassed, 'en')).toBe('✅ Review *approve* passed (approved by alice, carol)');
    expect(milestone({ ...reviewPassed, approvers: [] }, 'en')).toBe('✅ Review *approve* passed');
    expect(milestone(reviewRefused, 'en')).toBe('❌ Review *approve* of *build-api* (#1003) was refused by dave');
    expect(milestone(runSucceeded, 'en')).toBe('✅ *build-api* (#1003) succeeded · total 1 h 3 min');
    expect(milestone(runFailed, 'en')).toBe('❌ *build-api* (#1003) runtime error at *deploy* · total 1 min 30 s');
    expect(milestone({ ...runSucceeded, durationMs: null }, 'en')).toBe('✅ *build-api* (#1003) succeeded');
  });

  it('tells each milestone in Chinese', () => {
    expect(milestone(stageStarted, 'zh-CN')).toBe('🔄 *build* 已开始');
    expect(milestone(stageSucceeded, 'zh-CN')).toBe('✅ *build* 成功，用时 4 分钟 12 秒');
    expect(milestone(stageFailed, 'zh-CN')).toBe('❌ *deploy* 运行异常，用时 8 秒');
    expect(milestone({ ...stageSucceeded, durationMs: null }, 'zh-CN')).toBe('✅ *build* 成功');
    expect(milestone(reviewRequested, 'zh-CN')).toBe('✋ *approve* 等待审核：*alice*、*carol*');
    expect(milestone(reviewApproved, 'zh-CN')).toBe('👍 *carol* 已通过 *approve* · 仍在等待 *alice*');
    expect(milestone(reviewApprovedLast, 'zh-CN')).toBe('👍 *carol* 已通过 *approve*');
    expect(milestone(reviewPassed, 'zh-CN')).toBe('✅ 审核 *approve* 已通过（alice、carol）');
    expect(milestone({ ...reviewPassed, approvers: [] }, 'zh-CN')).toBe('✅ 审核 *approve* 已通过');
    expect(milestone(reviewRefused, 'zh-CN')).toBe('❌ *build-api* (#1003) 的审核 *approve* 被 dave 驳回');
    expect(milestone(runSucceeded, 'zh-CN')).toBe('✅ *build-api* (#1003) 成功 · 总用时 1 小时 3 分钟');
    expect(milestone(runFailed, 'zh-CN')).toBe('❌ *build-api* (#1003) 运行异常（*deploy*） · 总用时 1 分钟 30 秒');
  });

  it('mentions mapped pending reviewers as <@U…> and keeps the others bold', () => {
    expect(milestone(reviewRequested, 'en', { mentions: MENTIONS })).toBe(
      '✋ *approve* is waiting for review by <@U0ALICE01>, *carol*',
    );
    expect(milestone(reviewApproved, 'zh-CN', { mentions: MENTIONS })).toBe(
      '👍 *carol* 已通过 *approve* · 仍在等待 <@U0ALICE01>',
    );
    // Decisions already made name people, they do not ping them.
    expect(milestone(reviewPassed, 'en', { mentions: MENTIONS })).toBe(
      '✅ Review *approve* passed (approved by alice, carol)',
    );
    // Only a real Slack user id becomes a mention.
    expect(milestone(reviewRequested, 'en', { mentions: { alice: '<!channel>' } })).toBe(
      '✋ *approve* is waiting for review by *alice*, *carol*',
    );
  });

  it('names at most five pending reviewers, then how many more', () => {
    const many: Milestone = { ...reviewRequested, pending: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] };
    expect(milestone(many, 'en')).toBe('✋ *approve* is waiting for review by *a*, *b*, *c*, *d*, *e*, 2 more');
    expect(milestone(many, 'zh-CN')).toBe('✋ *approve* 等待审核：*a*、*b*、*c*、*d*、*e*、另外 2 人');
  });

  it('escapes <!channel> and & in pipeline, stage and people names', () => {
    const hostile = { pipelineName: '<!channel> & <@U0EVIL0001>' };
    const bad = '<!channel> & co';
    const texts = [
      milestone({ ...stageStarted, name: bad }, 'en'),
      milestone({ ...reviewRequested, name: bad, pending: [bad] }, 'en'),
      milestone({ ...reviewApproved, user: bad, pending: [bad] }, 'zh-CN'),
      milestone({ ...reviewPassed, approvers: [bad] }, 'en'),
      milestone({ ...reviewRefused, refusers: [bad] }, 'en', hostile),
      milestone({ ...runFailed, failedStage: bad }, 'zh-CN', hostile),
    ];
    for (const text of texts) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(texts[0]).toBe('🔄 *&lt;!channel&gt; &amp; co* started');
    expect(texts[1]).toBe('✋ *&lt;!channel&gt; &amp; co* is waiting for review by *&lt;!channel&gt; &amp; co*');
    expect(texts[4]).toBe(
      '❌ Review *approve* of *&lt;!channel&gt; &amp; &lt;@U0EVIL0001&gt;* (#1003) was refused by &lt;!channel&gt; &amp; co',
    );
    expect(texts[5]).toContain('（*&lt;!channel&gt; &amp; co*）');
  });

  it('shows an undocumented status by its escaped name', () => {
    expect(milestone({ ...stageSucceeded, status: co('weird<&>') }, 'en')).toBe(
      '❔ *build* weird&lt;&amp;&gt; in 4 min 12 s',
    );
  });

  it('names the pipeline by id when its name is empty', () => {
    expect(milestone(runSucceeded, 'en', { pipelineName: '' })).toBe('✅ #1003 succeeded · total 1 h 3 min');
  });
});

describe('review reminder', () => {
  const reminder = (locale: Locale, mentions?: Record<string, string>) =>
    valid(
      renderReviewReminder({
        locale,
        stageName: 'approve',
        pending: ['alice', 'bob'],
        waitingMs: 7_500_000,
        mentions,
      }),
    );

  it('names the stage, how long it has waited and who it waits on', () => {
    expect(reminder('en')).toBe('⏰ Reminder: *approve* has been waiting for review for 2 h 5 min: *alice*, *bob*');
    expect(reminder('zh-CN')).toBe('⏰ 提醒：*approve* 已等待审核 2 小时 5 分钟：*alice*、*bob*');
  });

  it('mentions the mapped reviewers', () => {
    expect(reminder('en', MENTIONS)).toBe(
      '⏰ Reminder: *approve* has been waiting for review for 2 h 5 min: <@U0ALICE01>, <@U0BOB0002>',
    );
    expect(reminder('zh-CN', { bob: 'U0BOB0002' })).toBe(
      '⏰ 提醒：*approve* 已等待审核 2 小时 5 分钟：*alice*、<@U0BOB0002>',
    );
  });

  it('escapes a hostile stage or reviewer name', () => {
    const text = valid(
      renderReviewReminder({ locale: 'en', stageName: '<!here>', pending: ['a&b'], waitingMs: 3_600_000 }),
    );
    expect(text).toBe('⏰ Reminder: *&lt;!here&gt;* has been waiting for review for 1 h: *a&amp;b*');
  });
});

describe('SWR unreachable note', () => {
  it('says what has gone wrong since when, and how often it is tried', () => {
    expect(
      valid(renderApiUnreachableNote({ locale: 'en', since: SINCE, retryEveryMs: 300_000, kind: 'timeout' })),
    ).toBe('⚠️ SWR has not answered since 2026-03-01 09:41 UTC; the card may be out of date. Still trying every 5 min.');
    expect(
      valid(renderApiUnreachableNote({ locale: 'en', since: SINCE, retryEveryMs: 120_000, kind: 'unauthorized' })),
    ).toBe(
      '⚠️ SWR has been rejecting the bot’s credentials since 2026-03-01 09:41 UTC; the card may be out of date. Still trying every 2 min.',
    );
    expect(valid(renderApiUnreachableNote({ locale: 'en', since: SINCE, retryEveryMs: 30_000, kind: null }))).toBe(
      '⚠️ The bot has not been able to read this pipeline from SWR since 2026-03-01 09:41 UTC; the card may be out of date. Still trying every 30 s.',
    );
    expect(
      valid(renderApiUnreachableNote({ locale: 'zh-CN', since: SINCE, retryEveryMs: 30_000, kind: 'network' })),
    ).toBe('⚠️ 自 2026-03-01 09:41 UTC 起 SWR 无响应，卡片可能不是最新状态。每 30 秒 重试一次。');
  });

  it('has a distinct reason for every SWR error kind, in both locales', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const notes = BACKEND_ERROR_KINDS.map((kind) =>
        valid(renderApiUnreachableNote({ locale, since: SINCE, retryEveryMs: 60_000, kind })),
      );
      // timeout and network read the same: SWR did not answer.
      expect(new Set(notes).size).toBe(BACKEND_ERROR_KINDS.length - 1);
    }
  });
});

describe('superseded run', () => {
  const NEWER = new Date('2026-03-01T10:05:00Z');
  const stages = [
    { name: 'Build', status: co('success') },
    { name: 'Approve <prod>', status: co('running') },
    { name: 'Deploy & verify', status: co('waiting') },
  ];
  const base = { pipelineName: 'build-<api>', pipelineId: '1003', newRunStart: NEWER, stages };

  it('says a newer run started and the result was not seen, in both languages; the note says the same', () => {
    const en = renderSupersededCard({ ...base, locale: 'en' });
    expect(valid(en)).toBe(
      '⏹️ A newer run of *build-&lt;api&gt;* (#1003) started at 2026-03-01 10:05 UTC. This run’s final result was not seen by the bot.',
    );
    const zh = renderSupersededCard({ ...base, locale: 'zh-CN' });
    expect(valid(zh)).toBe(
      '⏹️ *build-&lt;api&gt;* (#1003) 的新一次运行已于 2026-03-01 10:05 UTC 开始。机器人未看到本次运行的最终结果。',
    );
    expect(JSON.stringify(zh.blocks)).toContain('机器人最后看到的步骤状态：');
    for (const locale of LOCALES) {
      const note = renderSupersededNote({ ...base, locale });
      expect(valid(note)).toBe(renderSupersededCard({ ...base, locale }).text);
      expect(note.blocks).toHaveLength(1);
    }
    expect(valid(renderSupersededNote({ ...base, newRunStart: null, locale: 'zh-CN' }))).toBe(
      '⏹️ *build-&lt;api&gt;* (#1003) 的新一次运行已开始。机器人未看到本次运行的最终结果。',
    );
  });

  it('keeps the stages as last seen, escaped, and no button but Open in console when configured', () => {
    const plain = renderSupersededCard({ ...base, locale: 'en' });
    const lines = plain.blocks[2];
    expect(lines?.type === 'section' ? lines.text?.text : null).toBe(
      'Stages as last seen by the bot:\n✅ *Build* — succeeded\n🔄 *Approve &lt;prod&gt;* — running\n⏳ *Deploy &amp; verify* — waiting',
    );
    expect(plain.blocks.some((b) => b.type === 'actions')).toBe(false);
    const linked = renderSupersededCard({ ...base, locale: 'zh-CN', consoleUrl: 'https://console.example/p/1003' });
    expect(checkMessage(linked)).toEqual([]);
    const actions = linked.blocks.at(-1);
    expect(actions?.type === 'actions' ? actions.elements : null).toEqual([
      expect.objectContaining({ action_id: 'pipeline_open_console', url: 'https://console.example/p/1003' }),
    ]);
  });

  it('fits Slack with many long stage names', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ name: `${'&'.repeat(100)}${i}`, status: co('running') }));
    const m = renderSupersededCard({ ...base, stages: many, locale: 'en', pipelineName: '<'.repeat(500) });
    expect(checkMessage(m)).toEqual([]);
    expect(JSON.stringify(m.blocks)).toContain('…');
  });
});

describe('watch confirmation', () => {
  const confirm = (
    c: Parameters<typeof renderWatchConfirmation>[0],
    locale: Locale,
    name: string | null = 'build-api',
  ) => renderWatchConfirmation(c, { locale, pipelineName: name, pipelineId: '1003' });

  const EN_FILTER: Record<WatchFilter, string> = {
    changes:
      'stage starts and finishes, reviews and the final result go in its thread. Failures are also posted to the channel.',
    failures: 'only failures and the final result go in its thread. Failures are also posted to the channel.',
    all: 'stage starts and finishes, reviews and the final result go in its thread, and the final result and failures are also posted to the channel.',
  };
  const ZH_FILTER: Record<WatchFilter, string> = {
    changes: '步骤开始与结束、审核和最终结果发在卡片的消息列中；失败也会发到频道。',
    failures: '只有失败和最终结果发在卡片的消息列中；失败也会发到频道。',
    all: '步骤开始与结束、审核和最终结果发在卡片的消息列中；最终结果和失败也会发到频道。',
  };

  for (const filter of FILTERS) {
    it(`says exactly what the channel gets with "${filter}"`, () => {
      const en = confirm({ kind: 'watching', filter, cardPosted: true }, 'en');
      expect(valid(en)).toBe(
        `This channel now gets one live card for pipeline *build-api* (#1003), edited as it moves; ${EN_FILTER[filter]}`,
      );
      expect(contextText(en)).toBeNull();
      expect(valid(confirm({ kind: 'watching', filter, cardPosted: true }, 'zh-CN'))).toBe(
        `本频道现在有流水线 *build-api* (#1003) 的一张实时卡片，随状态更新；${ZH_FILTER[filter]}`,
      );
      expect(valid(confirm({ kind: 'unchanged', filter }, 'en'))).toBe(
        `This channel already watches *build-api* (#1003) (_${filter}_): the same card, ${EN_FILTER[filter]}`,
      );
    });
  }

  it('the three filters promise different things', () => {
    const texts = FILTERS.map((filter) => confirm({ kind: 'watching', filter, cardPosted: true }, 'en').text);
    expect(new Set(texts).size).toBe(3);
    expect(texts[1]).toContain('only failures and the final result');
    expect(texts[2]).toContain('the final result and failures are also posted to the channel');
  });

  it('says the card is on its way when it is not posted yet', () => {
    const en = confirm({ kind: 'watching', filter: 'changes', cardPosted: false }, 'en');
    valid(en);
    expect(contextText(en)).toBe('The card will appear here within a minute.');
    const zh = confirm({ kind: 'watching', filter: 'changes', cardPosted: false }, 'zh-CN');
    valid(zh);
    expect(contextText(zh)).toBe('卡片将在一分钟内出现。');
  });

  it('a changed filter names the old and the new one', () => {
    expect(valid(confirm({ kind: 'filter_changed', from: 'changes', filter: 'failures' }, 'en'))).toBe(
      `Watch of *build-api* (#1003) changed from _changes_ to _failures_: the same card, ${EN_FILTER.failures}`,
    );
    expect(valid(confirm({ kind: 'filter_changed', from: 'failures', filter: 'all' }, 'zh-CN'))).toBe(
      `*build-api* (#1003) 的关注方式已从「失败」改为「全部」：卡片不变，${ZH_FILTER.all}`,
    );
    expect(valid(confirm({ kind: 'unchanged', filter: 'changes' }, 'zh-CN'))).toBe(
      `本频道已关注 *build-api* (#1003)（变化）：卡片不变，${ZH_FILTER.changes}`,
    );
  });

  it('says why the bot cannot watch here', () => {
    expect(valid(confirm({ kind: 'cannot_post', reason: 'not_in_channel' }, 'en'))).toBe(
      'I can’t watch *build-api* (#1003) here: the bot is not in this channel — invite it, then watch again',
    );
    expect(valid(confirm({ kind: 'cannot_post', reason: 'is_archived' }, 'zh-CN', null))).toBe(
      '无法在此关注 #1003：频道已归档',
    );
    expect(valid(confirm({ kind: 'cannot_post', reason: 'odd<&>' }, 'en'))).toBe(
      'I can’t watch *build-api* (#1003) here: odd&lt;&amp;&gt;',
    );
  });

  it('escapes the pipeline name', () => {
    const text = valid(confirm({ kind: 'watching', filter: 'all', cardPosted: true }, 'en', '<!channel> & co'));
    expect(text).toContain('pipeline *&lt;!channel&gt; &amp; co* (#1003)');
    expect(text).not.toContain('<!channel>');
  });
});

describe('unwatch confirmation', () => {
  it('says the watch is gone, or that there was none', () => {
    const unwatch = (locale: Locale, removed: boolean) =>
      valid(renderUnwatchConfirmation({ locale, removed, pipelineName: 'build-api', pipelineId: '1003' }));
    expect(unwatch('en', true)).toBe(
      'This channel no longer watches *build-api* (#1003). The last card stays as it is.',
    );
    expect(unwatch('en', false)).toBe('This channel does not watch *build-api* (#1003).');
    expect(unwatch('zh-CN', true)).toBe('本频道不再关注 *build-api* (#1003)。最后一张卡片保持原样。');
    expect(unwatch('zh-CN', false)).toBe('本频道没有关注 *build-api* (#1003)。');
  });
});

describe('watch list', () => {
  const items: WatchListItem[] = [
    { pipelineId: '1003', pipelineName: 'build-api', filter: 'changes', health: { kind: 'ok' } },
    {
      pipelineId: '1004',
      pipelineName: 'deploy-web',
      filter: 'failures',
      health: { kind: 'paused', reason: 'not_in_channel', since: SINCE },
    },
    {
      pipelineId: '1005',
      pipelineName: null,
      filter: 'all',
      health: { kind: 'api_errors', since: SINCE, streak: 4 },
    },
  ];

  it('lists each watch with its filter and health, in English', () => {
    const m = renderWatchList(items, { locale: 'en' });
    expect(checkMessage(m)).toEqual([]);
    expect(sectionText(m)).toBe(
      [
        'This channel watches 3 pipelines:',
        '• *build-api* (#1003) — _changes_ — ✅ ok',
        '• *deploy-web* (#1004) — _failures_ — ⏸️ paused: the bot is not in this channel — invite it, then watch again (since 2026-03-01 09:41 UTC)',
        '• #1005 — _all_ — ⚠️ SWR errors since 2026-03-01 09:41 UTC (4 in a row)',
      ].join('\n'),
    );
    expect(m.text).toBe(sectionText(m));
    expect(contextText(m)).toBe(
      'Change a filter with `/pipeline watch &lt;id&gt; &lt;filter&gt;`; stop with `/pipeline unwatch &lt;id&gt;`.',
    );
  });

  it('lists each watch with its filter and health, in Chinese', () => {
    const m = renderWatchList(items, { locale: 'zh-CN' });
    expect(checkMessage(m)).toEqual([]);
    expect(sectionText(m)).toBe(
      [
        '本频道关注 3 条流水线：',
        '• *build-api* (#1003) — _变化_ — ✅ 正常',
        '• *deploy-web* (#1004) — _失败_ — ⏸️ 已暂停：机器人不在此频道，请邀请后重新关注（自 2026-03-01 09:41 UTC）',
        '• #1005 — _全部_ — ⚠️ 自 2026-03-01 09:41 UTC 起 SWR 出错（连续 4 次）',
      ].join('\n'),
    );
    expect(contextText(m)).toBe(
      '用 `/pipeline watch &lt;id&gt; &lt;方式&gt;` 修改；用 `/pipeline unwatch &lt;id&gt;` 停止。',
    );
  });

  it('names each pause reason, and an unknown one by its escaped code', () => {
    const paused = (reason: string, since: Date | null, locale: Locale = 'en'): string =>
      sectionText(
        renderWatchList(
          [{ pipelineId: '9', pipelineName: 'p', filter: 'changes', health: { kind: 'paused', reason, since } }],
          { locale },
        ),
      );
    expect(paused('channel_not_found', SINCE)).toContain('⏸️ paused: channel not found (since 2026-03-01 09:41 UTC)');
    expect(paused('is_archived', null)).toContain('⏸️ paused: channel archived (since ?)');
    expect(paused('is_archived', SINCE, 'zh-CN')).toContain('⏸️ 已暂停：频道已归档（自 2026-03-01 09:41 UTC）');
    expect(paused('x<!channel>&', SINCE)).toContain('paused: x&lt;!channel&gt;&amp; (since');
  });

  it('says 1 pipeline, not 1 pipelines', () => {
    const m = renderWatchList([items[0] as WatchListItem], { locale: 'en' });
    expect(sectionText(m).split('\n')[0]).toBe('This channel watches 1 pipeline:');
  });

  it('says how to start when the channel watches nothing', () => {
    expect(valid(renderWatchList([], { locale: 'en' }))).toBe(
      'This channel watches no pipeline. Start with `/pipeline watch &lt;id&gt; [changes|failures|all]`.',
    );
    expect(valid(renderWatchList([], { locale: 'zh-CN' }))).toBe(
      '本频道没有关注任何流水线。使用 `/pipeline watch &lt;id&gt; [changes|failures|all]` 开始。',
    );
  });

  it('escapes pipeline names', () => {
    const m = renderWatchList(
      [{ pipelineId: '1', pipelineName: '<!channel> & co', filter: 'all', health: { kind: 'ok' } }],
      { locale: 'en' },
    );
    expect(checkMessage(m)).toEqual([]);
    expect(sectionText(m)).toContain('• *&lt;!channel&gt; &amp; co* (#1) — _all_ — ✅ ok');
    expect(m.text).not.toContain('<!channel>');
  });

  it('cuts a long list under the section limit, keeping the true count in the title', () => {
    const many: WatchListItem[] = Array.from({ length: 200 }, (_, i) => ({
      pipelineId: String(10_000 + i),
      pipelineName: `pipeline-with-a-rather-long-name-${i}`,
      filter: 'changes',
      health: { kind: 'ok' },
    }));
    for (const locale of LOCALES) {
      const m = renderWatchList(many, { locale });
      expect(checkMessage(m)).toEqual([]);
      const lines = sectionText(m).split('\n');
      expect(lines[0]).toBe(locale === 'en' ? 'This channel watches 200 pipelines:' : '本频道关注 200 条流水线：');
      expect(lines.at(-1)).toBe('…');
      expect(sectionText(m).length).toBeLessThanOrEqual(3_000);
    }
  });
});
