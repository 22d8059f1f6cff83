import { describe, expect, it } from 'vitest';
import { formatApiTime, sysTimestamp, ZERO_TIME } from '../../../../src/backends/containerops/simulator/time.js';
import { type RunPlan, runStateAt } from '../../../../src/backends/containerops/simulator/timeline.js';
import { formatIamTime } from '../../../../src/backends/huawei/simulator/iam.js';

const T = Date.UTC(2024, 2, 1, 8, 0, 0);

describe('API time format', () => {
  it('writes UTC with a trimmed fraction, ordered like the clock', () => {
    expect(formatApiTime(Date.UTC(2019, 0, 21, 3, 31, 27, 317))).toMatch(/^2019-01-21T03:31:27\.317\d{0,3}Z$/);
    const stamps = [0, 1, 2, 999, 1000, 1001].map((d) => formatApiTime(T + d));
    // Microseconds since the epoch, as a bigint: exact, so ordering is checked to the last digit.
    const micros = stamps.map(
      (s) =>
        BigInt(Date.parse(`${s.slice(0, 19)}Z`)) * 1000n + BigInt((/\.(\d+)Z$/.exec(s)?.[1] ?? '0').padEnd(6, '0')),
    );
    expect(micros.every((m, i) => i === 0 || m > (micros[i - 1] ?? 0n))).toBe(true);
    expect(ZERO_TIME).toBe('0001-01-01T00:00:00Z');
  });

  it('varies the number of fractional digits', () => {
    const lengths = new Set(Array.from({ length: 200 }, (_, i) => formatApiTime(T + i * 37).length));
    expect(lengths.size).toBeGreaterThan(1);
  });

  it('writes IAM times with six digits and SYS_TIMESTAMP in China time', () => {
    expect(formatIamTime(Date.UTC(2019, 1, 13, 6, 52, 13, 855))).toBe('2019-02-13T06:52:13.855000Z');
    expect(sysTimestamp(Date.UTC(2019, 0, 21, 3, 31, 27, 400))).toMatch(/^20190121113127\d{4}$/);
  });
});

describe('runStateAt', () => {
  const plan: RunPlan = {
    firstStartS: 0,
    stages: [
      { kind: 'timed', durationS: 10, outcome: 'success' },
      {
        kind: 'review',
        mode: 'one',
        reviewers: [
          { user: 'a', initial: 'waiting' },
          { user: 'b', initial: 'waiting' },
        ],
      },
      { kind: 'timed', durationS: 5, outcome: 'success' },
    ],
    idleS: 20,
  };

  it('is null before the first run and walks the stages', () => {
    expect(runStateAt(plan, T, T - 1, 1)).toBeNull();
    const early = runStateAt(plan, T, T + 5000, 1);
    expect(early).toMatchObject({ status: 'running', stageIndex: 0, runNumber: 0, endMs: null });
    expect(early?.stages).toHaveLength(1);
    const review = runStateAt(plan, T, T + 3_600_000, 1);
    expect(review).toMatchObject({ status: 'running', stageIndex: 1, awaitingReview: 1 });
    expect(review?.stages[1]).toMatchObject({ status: 'waiting', startMs: T + 10_000, endMs: null });
  });

  it('one pass completes a mode-one review, then the run ends and a new one starts after the idle time', () => {
    const events = [{ at: T + 60_000, user: 'b', result: 'pass' as const }];
    expect(runStateAt(plan, T, T + 62_000, 1, events)).toMatchObject({ status: 'running', stageIndex: 2 });
    const done = runStateAt(plan, T, T + 70_000, 1, events);
    expect(done).toMatchObject({ status: 'success', stageIndex: 2, endMs: T + 65_000, runNumber: 0 });
    expect(done?.stages[1]?.reviewResults).toEqual([
      { user: 'a', result: 'waiting' },
      { user: 'b', result: 'pass' },
    ]);
    const next = runStateAt(plan, T, T + 86_000, 1, events);
    expect(next).toMatchObject({ status: 'running', stageIndex: 0, startMs: T + 85_000, runNumber: 1 });
  });

  it('a refusal fails the review stage and the run', () => {
    const events = [{ at: T + 30_000, user: 'a', result: 'refuse' as const }];
    const state = runStateAt(plan, T, T + 31_000, 1, events);
    expect(state).toMatchObject({ status: 'stage_exception', stageIndex: 1, endMs: T + 30_000 });
    expect(state?.stages).toHaveLength(2);
  });

  it('scales durations by speed and jumps to the current run in closed form', () => {
    const loop: RunPlan = {
      firstStartS: 0,
      stages: [{ kind: 'timed', durationS: 100, outcome: 'success' }],
      idleS: 100,
    };
    expect(runStateAt(loop, T, T + 10_500, 10)).toMatchObject({ runNumber: 0, status: 'success', endMs: T + 10_000 });
    const later = runStateAt(loop, T, T + 1_000_000_005, 10);
    expect(later).toMatchObject({ runNumber: 50_000, status: 'running', startMs: T + 1_000_000_000 });
  });
});
