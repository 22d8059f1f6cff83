/** Where a review a button names stands in a fresh run: waiting, decided, voted already, or moved on. */
import { describe, expect, it } from 'vitest';
import type { PipelineRun } from '../../src/domain/pipeline.js';
import { reviewStanding } from '../../src/domain/review-standing.js';
import { statusOf } from '../../src/domain/status.js';
import { runKeyOf } from '../../src/domain/summary.js';
import { loadFixture } from '../render/fixtures.js';

const run = loadFixture('running-review');
const stage = run.stages[2];
const ref = stage?.review?.ref ?? '';
const key = runKeyOf(run);

function withStage(change: (s: NonNullable<typeof stage>) => void): PipelineRun {
  const copy = structuredClone(run);
  const s = copy.stages[2];
  if (s) change(s);
  return copy;
}

describe('reviewStanding', () => {
  it('waiting for a pending reviewer; "you decided" for one who voted', () => {
    expect(ref).not.toBe('');
    expect(reviewStanding(run, ref, key, 'bob')).toBe('waiting');
    expect(reviewStanding(run, ref, key, 'alice')).toBe('you_decided');
  });

  it('another run, or a ref the run does not have: moved on', () => {
    expect(reviewStanding(run, ref, `${key}-older`, 'bob')).toBe('moved_on');
    expect(reviewStanding(run, 'no-such-ref', key, 'bob')).toBe('moved_on');
  });

  it('the review stage finished (passed or refused): already decided', () => {
    const passed = withStage((s) => {
      s.status = statusOf('succeeded');
    });
    expect(reviewStanding({ ...passed, currentStage: 3 }, ref, key, 'bob')).toBe('already_decided');
    const refused = withStage((s) => {
      s.status = statusOf('failed');
    });
    expect(reviewStanding({ ...refused, status: statusOf('failed') }, ref, key, 'bob')).toBe('already_decided');
  });
});
