import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPipelineRun } from '../../src/backends/containerops/map.js';
import type { Locale } from '../../src/domain/locale.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { renderPlainText } from '../../src/render/plain-text.js';
import type { CardVariant } from '../../src/render/types.js';
import { arbitraryPipeline, SECRET_MARK } from './arbitrary-pipeline.js';
import { checkMessage } from './block-kit-check.js';

const options = fc.record({
  now: fc.oneof(
    fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }),
    fc.date({ noInvalidDate: true }),
  ),
  locale: fc.constantFrom<Locale>('en', 'zh-CN'),
  variant: fc.constantFrom<CardVariant>('private', 'channel', 'watch'),
  consoleUrl: fc.option(
    fc.constantFrom(
      'https://console.example.com/#/pipeline/{id}',
      'not a url {id}',
      `https://x/${'a'.repeat(3100)}{id}`,
    ),
    { nil: null },
  ),
  mentions: fc.dictionary(
    fc.constantFrom('alice', 'bob', 'carol', '<!channel>'),
    fc.constantFrom('U0ALICE1', 'W0BOB222', '<!here>', ''),
  ),
  refreshedAt: fc.option(fc.date(), { nil: undefined }),
});

describe('any pipeline the types allow', () => {
  it('renders within every Block Kit limit, never throws, never shows a secret', () => {
    fc.assert(
      fc.property(arbitraryPipeline, options, (pipeline, opts) => {
        const message = renderPipelineMessage(toPipelineRun(pipeline, null), opts);
        expect(checkMessage(message)).toEqual([]);
        const json = JSON.stringify(message);
        expect(json).not.toContain(SECRET_MARK);
        expect(json).not.toMatch(/<!(channel|here|everyone)>/);
        expect(typeof renderPlainText(message)).toBe('string');
      }),
      { numRuns: 400 },
    );
  });
});

describe('the worst the types allow', () => {
  const hostile = (n: number) => '<!channel>&'.repeat(n);
  it('many long review stages with long reviewer lists still fit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 250 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: -1, max: 260 }),
        fc.constantFrom<Locale>('en', 'zh-CN'),
        (stageCount, reviewers, current, locale) => {
          const users = Array.from({ length: reviewers }, (_, i) => ({ userName: `${i}${hostile(300)}`, email: null }));
          const pipeline = {
            id: 1,
            name: hostile(300),
            groupId: 1,
            groupName: hostile(300),
            description: hostile(300),
            source: null,
            params: [],
            preOperation: null,
            postOperation: null,
            stages: Array.from({ length: stageCount }, (_, index) => ({
              index,
              id: index,
              name: hostile(300),
              serviceName: index % 2 ? 'test_review' : hostile(50),
              exceptionHandler: null,
              inputResources: [],
              outputResources: [],
              preOperation: null,
              postOperation: null,
              params: {},
              review: { mode: hostile(20), users },
            })),
            status: {
              status: 'running',
              stageIndex: current,
              createdTime: null,
              updatedTime: new Date('2024-05-01T11:00:00Z'),
              startTime: new Date('2024-05-01T10:00:00Z'),
              endTime: null,
              stages: Array.from({ length: stageCount }, (_, i) => ({
                status: i % 3 === 0 ? 'stage_exception' : 'running',
                startTime: new Date('2024-05-01T10:00:00Z'),
                endTime: null,
                preOperation: null,
                state: {},
                reviewResults: users.map((u, j) => ({
                  userName: u.userName,
                  result: j % 3 === 0 ? 'refuse' : 'waiting',
                })),
              })),
              preOperation: null,
            },
          };
          const message = renderPipelineMessage(toPipelineRun(pipeline, null), {
            now: new Date('2024-05-01T12:00:00Z'),
            locale,
          });
          expect(checkMessage(message)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
