import { describe, expect, it } from 'vitest';
import { diffMilestones, type Milestone, planMilestones } from '../../src/domain/milestones.js';
import { parseRunState, type RunState, toRunState } from '../../src/domain/run-state.js';
import { summarisePipeline } from '../../src/domain/summary.js';
import { fingerprintState } from '../../src/watch/remembered-state.js';
import { runFromRaw } from '../helpers/containerops-run.js';
import { threeStage } from '../watch/raw-pipeline.js';

const RUN = new Date('2026-03-01T10:00:00.000Z');
const state = (point: Parameters<typeof threeStage>[2], run = RUN): RunState =>
  toRunState(summarisePipeline(runFromRaw(threeStage(1003, run, point))));
const kinds = (ms: Milestone[]): string[] => ms.map((m) => m.kind);

describe('watch state and fingerprint', () => {
  it('does not depend on the clock and changes with any state change', () => {
    expect(fingerprintState(state('building'))).toBe(fingerprintState(state('building')));
    expect(fingerprintState(state('review'))).not.toBe(fingerprintState(state('approved_by_alice')));
    expect(parseRunState(JSON.stringify(state('review')))).toEqual(state('review'));
    expect(parseRunState('not json')).toBeNull();
    expect(parseRunState(null)).toBeNull();
  });
});

describe('diffMilestones', () => {
  it('derives each change once, in order, with stable keys', () => {
    const steps = ['queued', 'building', 'review', 'approved_by_alice', 'deploying', 'succeeded'] as const;
    const all: Milestone[] = [];
    for (let i = 1; i < steps.length; i += 1) all.push(...diffMilestones(state(steps[i - 1]), state(steps[i])));
    expect(kinds(all)).toEqual([
      'stage_started',
      'stage_finished',
      'review_requested',
      'review_approved',
      'review_passed',
      'stage_started',
      'stage_finished',
      'run_finished',
    ]);
    expect(new Set(all.map((m) => m.key)).size).toBe(all.length);
    expect(all.find((m) => m.kind === 'review_requested')).toMatchObject({ pending: ['alice', 'bob'] });
    expect(all.find((m) => m.kind === 'stage_finished')).toMatchObject({ name: 'Build', durationMs: 120_000 });
    expect(all.at(-1)).toMatchObject({ kind: 'run_finished', status: { state: 'succeeded' }, durationMs: 700_000 });
  });

  it('gives the same milestones with the same keys when derived again from the same baseline', () => {
    const a = diffMilestones(state('building'), state('deploying'));
    const b = diffMilestones(state('building'), state('deploying'));
    expect(a).toEqual(b);
    expect(kinds(a)).toEqual(['stage_finished', 'review_passed', 'stage_started']);
  });

  it('has nothing to say when nothing changed', () => {
    expect(diffMilestones(state('review'), state('review'))).toEqual([]);
    expect(diffMilestones(state('succeeded'), state('succeeded'))).toEqual([]);
  });

  it('tells a run seen for the first time from its start', () => {
    expect(kinds(diffMilestones(null, state('review')))).toEqual(['stage_finished', 'review_requested']);
  });

  it('treats a new run as new even from an old baseline', () => {
    const next = state('building', new Date(RUN.getTime() + 3_600_000));
    expect(kinds(diffMilestones(state('succeeded'), next))).toEqual(['stage_started']);
  });

  it('reports a refused review, not a second failure for its stage', () => {
    expect(kinds(diffMilestones(state('approved_by_alice'), state('refused')))).toEqual([
      'review_refused',
      'run_finished',
    ]);
  });
});

describe('planMilestones', () => {
  const failing = diffMilestones(state('building'), state('build_failed'));
  const passing = diffMilestones(state('deploying'), state('succeeded'));

  it('changes: everything in the thread, failures broadcast', () => {
    expect(planMilestones(passing, 'changes').map((p) => [p.milestone.kind, p.broadcast])).toEqual([
      ['stage_finished', false],
      ['run_finished', false],
    ]);
    expect(planMilestones(failing, 'changes').map((p) => [p.milestone.kind, p.broadcast])).toEqual([
      ['stage_finished', true],
      ['run_finished', false],
    ]);
  });

  it('failures: only failures and the final result', () => {
    expect(planMilestones(passing, 'failures').map((p) => p.milestone.kind)).toEqual(['run_finished']);
    expect(planMilestones(failing, 'failures').map((p) => [p.milestone.kind, p.broadcast])).toEqual([
      ['stage_finished', true],
      ['run_finished', false],
    ]);
  });

  it('all: changes plus the final result broadcast', () => {
    expect(planMilestones(passing, 'all').map((p) => [p.milestone.kind, p.broadcast])).toEqual([
      ['stage_finished', false],
      ['run_finished', true],
    ]);
  });

  it('broadcasts a failed run that has no failed stage to show it', () => {
    const timedOut: Milestone = {
      kind: 'run_finished',
      key: 'k',
      status: { state: 'timed_out', raw: 'timeout' },
      durationMs: 1,
      failedStage: null,
    };
    expect(planMilestones([timedOut], 'changes')).toEqual([{ milestone: timedOut, broadcast: true }]);
  });
});
