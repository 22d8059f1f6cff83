/**
 * The card for CodeArts runs, from the simulator's scenarios mapped as the client maps them: run number, trigger
 * and executor, branch and commit, each stage's jobs, the failed job's message, manual reviews whose votes are not
 * known, "Open in CodeArts" — in both locales, each checked against Block Kit's limits and snapshotted.
 */
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { ACTION_OPEN_CONSOLE, ACTION_REFRESH, ACTION_SHARE, ACTION_WATCH } from '../../src/render/action-ids.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { renderPlainText } from '../../src/render/plain-text.js';
import type { RenderOptions, SlackMessage } from '../../src/render/types.js';
import { checkMessage } from './block-kit-check.js';
import { CODEARTS_FIXTURES, type CodeArtsFixture, loadCodeArtsFixture } from './codearts-fixtures.js';

const ALICE = 'dabd1db8d35ab13106274f61f1bf9778';
const BOB = '3cf105295f918eb8f4dd96d1b545117d';
const CAROL = '814fd26c58f58787d0dfaaa55564c180';

function render(name: CodeArtsFixture, options: Partial<RenderOptions> = {}): SlackMessage {
  const { pipeline, now } = loadCodeArtsFixture(name);
  return renderPipelineMessage(pipeline, { now, locale: 'en', refreshedAt: now, backend: 'codearts', ...options });
}

const plain = (name: CodeArtsFixture, options: Partial<RenderOptions> = {}) => renderPlainText(render(name, options));
const json = (message: SlackMessage) => JSON.stringify(message);

describe('every CodeArts fixture', () => {
  for (const locale of ['en', 'zh-CN'] as Locale[]) {
    for (const name of CODEARTS_FIXTURES) {
      it(`${name} (${locale}) fits Block Kit and matches its snapshot`, () => {
        const message = render(name, { locale });
        expect(checkMessage(message)).toEqual([]);
        expect(plain(name, { locale })).toMatch(
          locale === 'en' ? /Progress: stage \d+ of \d+/ : /第 \d+ 步，共 \d+ 步/,
        );
        expect(message).toMatchSnapshot();
      });
    }
  }

  it('never shows step inputs, the simulator’s secret or raw ids of jobs and steps', () => {
    for (const name of CODEARTS_FIXTURES) {
      const out = json(render(name));
      expect(out).not.toContain('sim-input-secret');
      expect(out).not.toContain('official_devcloud');
      expect(out).not.toContain('codehub.example.com');
    }
  });
});

describe('running with parallel jobs', () => {
  it('says which run, who started it how, on which branch with which commit', () => {
    const message = render('running-parallel');
    expect((message.blocks[0] as { text: { text: string } }).text.text).toBe('🔄 web-portal-ci #1');
    const runLine = message.blocks[2] as { type: string; elements: { text: string; verbatim?: boolean }[] };
    expect(runLine.type).toBe('context');
    expect(runLine.elements[0]).toEqual({
      type: 'mrkdwn',
      text: 'Push by *zhang\u2060.wei* · branch *main* · “Add dark mode to the settings page”',
      verbatim: true,
    });
  });

  it('lists each job of a stage with its state and time, the stage of N, the time since start', () => {
    const text = plain('running-parallel');
    expect(text).toContain('Progress: stage 3 of 4');
    expect(text).toContain('⏱ Started 6 min ago');
    expect(text).toContain('🔄 3. Test — running for 39 s  ← current\n\u2003🔄 unit-tests — running for 39 s\n');
    expect(text).toContain('\u2003🔄 api-tests — running for 39 s');
    expect(text).toContain('\u2003❔ security-scan — ASYNC_WAITING');
    expect(text).toContain('✅ 2. Build · build — succeeded in 5 min\n\u2003✅ build-frontend — succeeded in 4 min');
    expect(text).toContain('\u2003✅ build-backend — succeeded in 5 min');
    expect(render('running-parallel').text).toBe("🔄 web-portal-ci is running · stage 3 of 4 'Test'");
  });

  it('offers Open in CodeArts with the run’s console link; every other button carries the pipeline id', () => {
    const actions = render('running-parallel').blocks.at(-1);
    expect(actions?.type).toBe('actions');
    const buttons = (
      actions as { elements: { action_id: string; value: string; url?: string; text: { text: string } }[] }
    ).elements;
    expect(buttons.map((b) => b.action_id)).toEqual([ACTION_REFRESH, ACTION_SHARE, ACTION_WATCH, ACTION_OPEN_CONSOLE]);
    expect(buttons.every((b) => b.value === 'c87ae95a4b96141590b1cc0707da4e77')).toBe(true);
    expect(buttons[3]?.text.text).toBe('Open in CodeArts');
    expect(buttons[3]?.url).toMatch(
      /^https:\/\/devcloud\.cn-north-4\.huaweicloud\.com\/cicd\/project\/.+\/pipeline\/detail\//,
    );
    expect(plain('running-parallel', { locale: 'zh-CN' })).toContain('[在 CodeArts 中打开]');
  });
});

describe('a review whose votes are not known', () => {
  it('waits on every approver, all must approve, with its timeout — and never a tally', () => {
    const mentions = { [ALICE]: 'U0ALICE01', [BOB]: 'U0BOB0001' };
    const message = render('waiting-review', { mentions });
    const alert = JSON.stringify(message.blocks[4]);
    expect(alert).toContain('*Waiting for review* at stage 3 of 4 · Approval');
    expect(alert).toContain(
      `✋ waiting on <@U0ALICE01>, <@U0BOB0001>, *${CAROL}* · all must approve · times out in 2 d 23 h → refused`,
    );
    expect(json(message)).not.toMatch(/\d of \d approved|approved by \*/);
    expect(plain('waiting-review')).toContain('3. Approval · manual review — awaiting review for 4 min 59 s');
    expect(message.text).toBe(
      `✋ payment-release is waiting for review at stage 3 'Approval' · waiting on ${ALICE}, ${BOB}, ${CAROL}`,
    );
  });

  it('any one can approve; the timeout passes it', () => {
    const text = plain('waiting-review-any');
    expect(text).toContain(`waiting on ${BOB}, ${ANY_DAVE} · any one can approve · times out in 49 min → passed`);
    expect(text).not.toMatch(/\d of \d approved/);
  });

  it('in Chinese too', () => {
    const text = plain('waiting-review', { locale: 'zh-CN' });
    expect(text).toContain(`等待 ${ALICE}、${BOB}、${CAROL} 审核 · 需全部通过 · 2 天 23 小时后超时 → 拒绝`);
    expect(text).not.toContain('人已通过');
    expect(plain('waiting-review-any', { locale: 'zh-CN' })).toContain('任意一人通过即可 · 49 分钟后超时 → 通过');
  });

  it('once passed says only that it passed', () => {
    const text = plain('review-passed');
    expect(text).toContain('✅ 3. Approval · manual review — succeeded in 5 min 6 s\n\u2003↳ review passed\n');
    expect(text).not.toMatch(/waiting on|approved by (?!three people)|\d of \d approved|all must approve/);
    expect(plain('review-passed', { locale: 'zh-CN' })).toContain('↳ 审核已通过');
  });

  it('once refused says that, with the job’s message, and names no one as having voted', () => {
    const message = render('review-refused');
    const text = renderPlainText(message);
    expect(text).toContain('❌ Failed at stage 3 of 4 · Approval — review refused (failed)');
    expect(text).toContain('↳ Release approval: Manual review refused by bob');
    expect(text).toContain('❌ 3. Approval · manual review — failed after 5 min 4 s\n\u2003↳ review refused\n');
    expect(text).not.toMatch(/approved by (?!three people)|waiting on|\d of \d approved/);
    expect(message.text).toBe("❌ payment-release failed at stage 3 'Approval'");
  });
});

const ANY_DAVE = 'da514774875ca7a4710d5eb7ff9ffbef';

describe('failed with a job message', () => {
  it('names the failed job and its message in a code span, the section verbatim', () => {
    const message = render('failed-job');
    const alert = message.blocks[4] as { text: { text: string; verbatim?: boolean } };
    expect(alert.text.text).toBe(
      '❌ *Failed at stage 2 of 4 · Build* — failed\n\u2003↳ maven-build: `Build failed: mvn -B verify exited with code 1 (3 test failures)`',
    );
    expect(alert.text.verbatim).toBe(true);
    expect(plain('failed-job')).toContain('Scheduled run by li.na · branch develop');
    expect(plain('failed-job')).toContain('⏱ Took 1 min 1 s');
    expect(plain('failed-job', { locale: 'zh-CN' })).toContain('定时触发 · 执行人 li.na · 分支 develop');
  });
});

describe('long and queued runs', () => {
  it('36 stages fold around the current one and stay within the limits', () => {
    const message = render('long-36');
    const text = renderPlainText(message);
    expect(text).toContain('Progress: stage 11 of 36');
    expect(text).toContain('🔄 11. Build module-10 · build — running for 9 s');
    expect(text).toContain('36. Package');
    expect(text).toMatch(/⋯ \d+ more not started/);
    expect(checkMessage(message)).toEqual([]);
  });

  it('a queued run says since when it queues', () => {
    const text = plain('queued');
    expect(text).toContain('⏱ Queued 30 s ago');
    expect(text).toContain('⏳ 1. Build · build — queued  ← current');
    expect(plain('queued', { locale: 'zh-CN' })).toContain('⏱ 排队于 30 秒前');
  });
});
