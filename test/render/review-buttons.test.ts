/** Approve / Refuse / Remind on a waiting review: only there, with a confirm naming the stage, a value read back. */
import { describe, expect, it } from 'vitest';
import { ACTION_APPROVE, ACTION_REFUSE, ACTION_REMIND_REVIEWERS } from '../../src/render/action-ids.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { readReviewButtonValue, reviewButtonValue } from '../../src/render/review-buttons.js';
import { FIXTURE_NAMES, loadFixture, NOW } from './fixtures.js';

const actionIds = (blocks: unknown): string[] =>
  [...JSON.stringify(blocks).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1] ?? '');

describe('review buttons on the card', () => {
  it('a waiting review has Approve and Refuse with a confirm naming the pipeline and stage, and Remind', () => {
    const run = loadFixture('running-review');
    const { blocks } = renderPipelineMessage(run, { now: NOW, locale: 'en', variant: 'watch' });
    const ids = actionIds(blocks);
    expect(ids).toEqual(expect.arrayContaining([ACTION_APPROVE, ACTION_REFUSE, ACTION_REMIND_REVIEWERS]));
    const approve = JSON.stringify(blocks).match(/"confirm":\{.*?"text":"(Approve \*[^"]+)"/)?.[1] ?? '';
    expect(approve).toContain(run.name);
    const waiting = run.stages.find((s) => s.review !== null && s.status?.state === 'waiting');
    expect(approve).toContain(waiting?.name ?? '?');
  });

  it('every other fixture, where no review waits, has none of them', () => {
    for (const name of FIXTURE_NAMES.filter((n) => !['running-review', 'hostile'].includes(n))) {
      const { blocks } = renderPipelineMessage(loadFixture(name), { now: NOW, locale: 'en' });
      expect(actionIds(blocks), name).not.toContain(ACTION_APPROVE);
    }
  });

  it('a reminder card leaves Remind out', () => {
    const { blocks } = renderPipelineMessage(loadFixture('running-review'), { now: NOW, locale: 'en', remind: false });
    expect(actionIds(blocks)).toContain(ACTION_APPROVE);
    expect(actionIds(blocks)).not.toContain(ACTION_REMIND_REVIEWERS);
  });

  it('the value reads back; a forged or oversized one reads as nothing', () => {
    const value = { pipelineId: '29501', ref: '3', runKey: '29501@2024-05-01T11:30:00.000Z' };
    expect(readReviewButtonValue(reviewButtonValue(value))).toEqual(value);
    expect(reviewButtonValue({ ...value, ref: 'x'.repeat(2000) })).toBeNull();
    for (const bad of ['29501', '{"p":1}', '{"p":"1","r":"","k":"x"}', null, 'x'.repeat(2001)]) {
      expect(readReviewButtonValue(bad)).toBeNull();
    }
  });
});
