/**
 * Any CodeArts-shaped run the domain model allows — stages with many jobs, run info, reviews whose votes are not
 * known, failed jobs with long messages, hostile text everywhere — renders within every Block Kit limit, pings no
 * one and never throws, in both locales and every variant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import type { Job, PipelineRun, Review, Stage } from '../../src/domain/pipeline.js';
import { asPipelineId } from '../../src/domain/pipeline-id.js';
import { STATUSES, type StatusValue } from '../../src/domain/status.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { renderPlainText } from '../../src/render/plain-text.js';
import type { CardVariant } from '../../src/render/types.js';
import { checkMessage } from './block-kit-check.js';

const T = Date.UTC(2024, 2, 1, 8, 0, 0);
const hostileBits = ['<!channel>', '&', '<@U024BE7LH>', 'https://evil.example.com', '`', '*', '\n', '中文', '🐳', 'a'];
const text = (max: number) =>
  fc.oneof(
    fc.string({ maxLength: max }),
    fc.array(fc.constantFrom(...hostileBits), { maxLength: Math.ceil(max / 4) }).map((parts) => parts.join('')),
  );
const status: fc.Arbitrary<StatusValue> = fc.oneof(
  fc.constantFrom(...STATUSES).map((state) => ({ state, raw: state.toUpperCase() })),
  text(60).map((raw) => ({ state: 'unknown' as const, raw })),
);
const time = fc.option(
  fc.integer({ min: -3_600_000, max: 4 * 86_400_000 }).map((d) => new Date(T + d)),
  { nil: null },
);
const review: fc.Arbitrary<Review> = fc.record({
  mode: fc.option(fc.oneof(fc.constantFrom('all', 'any'), text(30)), { nil: null }),
  reviewers: fc.array(
    fc.record({ name: text(64), decision: fc.constantFrom('pending' as const, 'unknown' as const) }),
    { maxLength: 30 },
  ),
  votesKnown: fc.constant(false),
  timeout: fc.option(
    fc.record({
      seconds: fc.integer({ min: 1, max: 400_000 }),
      onTimeout: fc.constantFrom('pass' as const, 'refuse' as const),
    }),
    { nil: null },
  ),
  ref: fc.constant(null),
});
const job: fc.Arbitrary<Job> = fc.record({
  id: fc.constant('j'),
  name: text(200),
  kind: fc.constantFrom(null, 'build' as const, 'test' as const, 'review' as const),
  status,
  startTime: time,
  endTime: time,
  message: text(2_000),
  review: fc.option(review, { nil: null, freq: 4 }),
  logRef: fc.constant(null),
});
const stage = (index: number): fc.Arbitrary<Stage> =>
  fc
    .record({
      name: text(200),
      status: fc.option(status, { nil: null }),
      startTime: time,
      endTime: time,
      jobs: fc.array(job, { maxLength: 25 }),
    })
    .map((s) => ({
      index,
      kind: null,
      kindLabel: '',
      ...s,
      review: s.jobs.find((j) => j.review !== null)?.review ?? null,
    }));
const run: fc.Arbitrary<PipelineRun> = fc.integer({ min: 0, max: 50 }).chain((count) =>
  fc.record({
    id: fc.constant(asPipelineId('c87ae95a4b96141590b1cc0707da4e77')),
    name: text(300),
    group: text(100),
    groupId: fc.constant(null),
    description: text(300),
    run: fc.record({
      id: fc.option(fc.constant('0123456789abcdef0123456789abcdef'), { nil: null }),
      number: fc.option(fc.nat(1_000_000), { nil: null }),
      trigger: fc.option(fc.oneof(fc.constantFrom('Manual', 'Push', 'MR', 'Scheduler'), text(40)), { nil: null }),
      triggeredBy: fc.option(text(100), { nil: null }),
      branch: fc.option(text(300), { nil: null }),
      commitMessage: fc.option(text(1_000), { nil: null }),
    }),
    status,
    startTime: time,
    endTime: time,
    updatedTime: time,
    currentStage: fc.option(fc.integer({ min: -1, max: count + 1 }), { nil: null }),
    stages: fc.tuple(...Array.from({ length: count }, (_, i) => stage(i))),
    consoleUrl: fc.option(fc.constant('https://devcloud.cn-north-4.huaweicloud.com/cicd/x'), { nil: null }),
  }),
);

describe('any CodeArts run the model allows', () => {
  it('renders within every Block Kit limit, never throws, never pings', () => {
    fc.assert(
      fc.property(
        run,
        fc.constantFrom<Locale>('en', 'zh-CN'),
        fc.constantFrom<CardVariant>('private', 'channel', 'watch'),
        (pipeline, locale, variant) => {
          const now = new Date(T + 600_000);
          const message = renderPipelineMessage(pipeline, {
            now,
            locale,
            variant,
            backend: 'codearts',
            refreshedAt: now,
          });
          expect(checkMessage(message)).toEqual([]);
          expect(JSON.stringify(message)).not.toMatch(/<!(channel|here|everyone)>|<@U024BE7LH>|<https:\/\/evil/);
          expect(typeof renderPlainText(message)).toBe('string');
        },
      ),
      { numRuns: 150 },
    );
  });
});
