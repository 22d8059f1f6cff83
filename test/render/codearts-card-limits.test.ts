/**
 * The CodeArts card under pressure: hostile executor, branch, commit and job texts (escaped, cut, verbatim: no
 * ping, no link), stages with many jobs (denser layouts until the card fits), and how a review whose votes are not
 * known reads before, while and after it waits.
 */
import { describe, expect, it } from 'vitest';
import { expectAnswer } from '../../src/backends/codearts/answers.js';
import { mapRunDetail } from '../../src/backends/codearts/map.js';
import type { Review } from '../../src/domain/pipeline.js';
import { asPipelineId } from '../../src/domain/pipeline-id.js';
import { statusOf } from '../../src/domain/status.js';
import { summariseReview } from '../../src/domain/summary.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { renderPlainText } from '../../src/render/plain-text.js';
import { reviewText } from '../../src/render/review-text.js';
import type { SlackMessage } from '../../src/render/types.js';
import { checkMessage, cumulativeText } from './block-kit-check.js';
import { rawCodeArtsFixture } from './codearts-fixtures.js';

type Raw = Record<string, unknown> & { stages: Record<string, unknown>[] };

function renderRaw(raw: Record<string, unknown>, locale: 'en' | 'zh-CN' = 'en'): SlackMessage {
  const answer = expectAnswer('run detail', raw);
  const pipeline = mapRunDetail(answer, asPipelineId(String(answer.pipeline_id)));
  const now = new Date(Number(raw.current_system_time));
  return renderPipelineMessage(pipeline, { now, locale, backend: 'codearts', refreshedAt: now, variant: 'watch' });
}

describe('hostile texts', () => {
  const raw = rawCodeArtsFixture('failed-job') as Raw;
  raw.executor_name = '<@U024BE7LH> <!channel>';
  const source = (raw.sources as { params: { build_params: Record<string, string> } }[])[0];
  if (source) {
    source.params.build_params.target_branch = 'feature/<script>&';
    source.params.build_params.message = '<!here> *fix* https://evil.example.com/x\nsecond line must not show';
  }
  const job = ((raw.stages[1]?.jobs ?? []) as Record<string, unknown>[])[0];
  if (job) job.message = `<!channel> see <https://evil.example.com|docs> @here \`rm -rf /\` ${'x'.repeat(5_000)}`;
  const message = renderRaw(raw);
  const out = JSON.stringify(message);

  it('pings no one and links nothing: escaped, and the blocks holding them verbatim', () => {
    expect(checkMessage(message)).toEqual([]);
    expect(out).not.toMatch(/<!(channel|here|everyone)|<@U024BE7LH>|<https:\/\/evil/);
    expect(out).toContain('&lt;@U024BE7LH&gt; &lt;!channel&gt;');
    expect(out).toContain('feature/&lt;script&gt;&amp;');
    const verbatim = message.blocks.filter((b) => JSON.stringify(b).includes('"verbatim":true'));
    expect(verbatim.map((b) => b.type)).toEqual(['context', 'section']);
    expect(JSON.stringify(verbatim)).toContain('&lt;!here&gt;');
    // The link is broken by word joiners too: the fallback text and any surface without `verbatim` link nothing.
    expect(JSON.stringify(verbatim)).toContain('https:\u2060//evil\u2060.example\u2060.com');
    expect(out).not.toContain('evil.example.com');
  });

  it('keeps the commit’s first line only, and cuts the job message inside its code span', () => {
    expect(out).not.toContain('second line must not show');
    const alert = message.blocks.find((b) => JSON.stringify(b).includes('Failed at stage')) as {
      text: { text: string };
    };
    const code = /`([^`]*)`/.exec(alert.text.text)?.[1] ?? '';
    expect(
      code.startsWith('&lt;!channel&gt; see &lt;https:\u2060//evil\u2060.example\u2060.com|docs&gt; @\u2060here '),
    ).toBe(true);
    expect(code).toContain("'rm -rf /'");
    expect(code.length).toBeLessThanOrEqual(300);
    expect(code.endsWith('…')).toBe(true);
  });
});

/** A run of `stages` stages of `jobs` jobs each with long names; stage `current` runs, the ones before passed. */
function manyJobs(stages: number, jobs: number, current: number): Raw {
  const raw = rawCodeArtsFixture('running-parallel') as Raw;
  const t = Number(raw.current_system_time) - 3_600_000;
  raw.stages = Array.from({ length: stages }, (_, s) => {
    const status = s < current ? 'COMPLETED' : s === current ? 'RUNNING' : 'INIT';
    const times =
      s <= current ? { start_time: t + s * 60_000, end_time: s < current ? t + s * 60_000 + 59_000 : 0 } : {};
    return {
      id: `stage${s}`,
      name: `Stage ${s + 1} with a rather long descriptive name for its parallel work`,
      sequence: s,
      status,
      ...times,
      jobs: Array.from({ length: jobs }, (_, j) => ({
        id: `job${s}x${j}`,
        name: `job ${j + 1} of stage ${s + 1}: build and test the module with every option on`,
        sequence: j,
        status: s === current && j % 3 === 0 ? 'FAILED' : status,
        message: s === current && j % 3 === 0 ? `error ${'e'.repeat(400)}` : '',
        ...times,
        steps: [],
      })),
    };
  });
  return raw;
}

describe('many jobs', () => {
  it('a stage of 12 jobs lists the failed and moving ones first, then the rest in one line', () => {
    const message = renderRaw(manyJobs(3, 12, 1));
    expect(checkMessage(message)).toEqual([]);
    const text = renderPlainText(message);
    expect(text).toMatch(/⋯ \d+ more jobs: /);
    expect(text).toContain('❌ job 1 of stage 2');
    expect(text).toContain('❌ job 10 of stage 2');
  });

  it.each([
    [12, 8, 6],
    [30, 15, 20],
    [36, 25, 35],
    [60, 40, 30],
  ])('%i stages × %i jobs (current %i) stay within Block Kit, in both locales', (stages, jobs, current) => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const message = renderRaw(manyJobs(stages, jobs, current), locale);
      expect(checkMessage(message)).toEqual([]);
      expect(cumulativeText(message)).toBeLessThan(11_000);
      expect(renderPlainText(message)).toContain(locale === 'en' ? `stage ${current + 1} of ${stages}` : '步');
    }
  });

  it('the current stage keeps its jobs when the card must be denser', () => {
    const text = renderPlainText(renderRaw(manyJobs(30, 15, 20)));
    expect(text).toContain('21. Stage 21');
    expect(text).toMatch(/job \d+ of stage 21/);
  });
});

describe('a review whose votes are not known, in words', () => {
  const review: Review = {
    mode: 'all',
    reviewers: [
      { name: 'alice', decision: 'pending' },
      { name: 'bob', decision: 'pending' },
    ],
    votesKnown: false,
    timeout: { seconds: 3 * 86_400, onTimeout: 'refuse' },
    ref: null,
  };
  const start = new Date('2024-03-01T08:00:00Z');
  const text = (state: Parameters<typeof statusOf>[0] | null, now: Date, open = true, locale: 'en' | 'zh-CN' = 'en') =>
    reviewText(summariseReview(review, { status: state && statusOf(state), startTime: start }), open, {
      locale,
      maxNames: 5,
      now,
    });

  it('before it starts: who may decide and how long it may wait', () => {
    expect(text('not_started', start)).toBe('reviewers alice, bob · all must approve · times out after 3 d → refused');
    expect(text(null, start, true, 'zh-CN')).toBe('审核人 alice、bob · 需全部通过 · 超时时限 3 天 → 拒绝');
  });

  it('while it waits: on whom, and the time left; past its timeout, what happens', () => {
    expect(text('waiting', new Date(start.getTime() + 3_600_000))).toBe(
      'waiting on *alice*, *bob* · all must approve · times out in 2 d 23 h → refused',
    );
    expect(text('waiting', new Date(start.getTime() + 4 * 86_400_000))).toBe(
      'waiting on *alice*, *bob* · all must approve · timed out → refused',
    );
  });

  it('after: only the outcome; a cancelled or closed one says nothing', () => {
    expect(text('succeeded', start)).toBe('review passed');
    expect(text('failed', start, false)).toBe('review refused');
    expect(text('cancelled', start)).toBe('');
    expect(text('waiting', start, false)).toBe('');
  });
});
