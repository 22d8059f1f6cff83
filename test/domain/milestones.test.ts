import { describe, expect, it } from 'vitest';
import { diffMilestones, type Milestone, planMilestones } from '../../src/domain/milestones.js';
import { parseRunState, type RunState, toRunState } from '../../src/domain/run-state.js';
import { summarisePipeline } from '../../src/domain/summary.js';
import { fingerprintState } from '../../src/watch/remembered-state.js';
import { runFromRaw } from '../helpers/containerops-run.js';
import { RETRY_POINTS, threeStage, threeStageRetried } from '../watch/raw-pipeline.js';

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

describe('a stage retried within one run', () => {
  const retried = (point: (typeof RETRY_POINTS)[number]): RunState =>
    toRunState(summarisePipeline(runFromRaw(threeStageRetried(1003, RUN, point))));
  /** Walks the run point by point; like the watch, skips a milestone whose key was already sent. */
  function told(): Milestone[] {
    const sent = new Set<string>();
    const out: Milestone[] = [];
    let prev: RunState | null = null;
    for (const point of RETRY_POINTS) {
      const next = retried(point);
      expect(next.runKey, point).toBe(retried('building').runKey);
      for (const m of diffMilestones(prev, next)) {
        if (sent.has(m.key)) continue;
        sent.add(m.key);
        out.push(m);
      }
      prev = next;
    }
    return out;
  }

  it('tells the retry again, each attempt under keys of its own (the stage’s start time is in the key)', () => {
    const all = told();
    expect(all.map((m) => [m.kind, 'stage' in m ? m.stage : null])).toEqual([
      ['stage_started', 0],
      ['stage_finished', 0],
      // Build, retried: started and finished again.
      ['stage_started', 0],
      ['stage_finished', 0],
      ['review_requested', 1],
      ['review_refused', 1],
      // The review, asked again: requested, approved and passed again.
      ['review_requested', 1],
      ['review_approved', 1],
      ['review_passed', 1],
      ['stage_started', 2],
    ]);
    expect(all.filter((m) => m.kind === 'stage_finished').map((m) => m.status.state)).toEqual([
      'stage_error',
      'succeeded',
    ]);
    expect(all.find((m) => m.kind === 'review_passed')).toMatchObject({ approvers: ['alice', 'bob'] });
    // The same derivation again (after a 429 or a crash) gives the same keys: nothing new to tell.
    const again = told();
    expect(again.map((m) => m.key)).toEqual(all.map((m) => m.key));
  });

  it('derives the retry’s milestones from the failed attempt as from nothing: none of them is kept back', () => {
    expect(kinds(diffMilestones(retried('build_failed'), retried('build_retried')))).toEqual(['stage_started']);
    expect(kinds(diffMilestones(retried('review_refused'), retried('review_asked_again')))).toEqual([
      'review_requested',
    ]);
    const first = diffMilestones(retried('building'), retried('build_failed'));
    const second = diffMilestones(retried('build_retried'), retried('review'));
    expect(first.map((m) => m.kind)).toEqual(['stage_finished']);
    expect(second[0]?.kind).toBe('stage_finished');
    expect(second[0]?.key).not.toBe(first[0]?.key);
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
