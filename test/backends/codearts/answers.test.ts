import { describe, expect, it } from 'vitest';
import { expectAnswer, readAnswer } from '../../../src/backends/codearts/answers.js';
import { dateOf, msOf } from '../../../src/backends/codearts/times.js';
import { BackendError } from '../../../src/domain/backend-error.js';
import { failedRun, latestRunItem, SECRET_INPUT, T, waitingReviewRun } from './fixtures.js';

describe('run detail schema', () => {
  it('accepts the documented shape with unknown statuses, string and number times, nulls and extra fields', () => {
    const read = readAnswer('run detail', waitingReviewRun());
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    // Unknown fields (variables, git_url) are dropped by the schema: they never reach the mapping.
    expect(JSON.stringify(read.value)).not.toContain('variables');
    expect(JSON.stringify(read.value)).not.toContain('git_url');
    const verify = read.value.stages?.find((s) => s.name === 'Verify');
    expect(verify?.start_time).toBe(String(T + 60_000));
    expect(verify?.jobs?.[1]?.status).toBe('ASYNC_WAITING');
  });

  it('accepts a run number as a string and stages without jobs or status', () => {
    expect(readAnswer('run detail', failedRun()).ok).toBe(true);
  });

  it('accepts step inputs without a value, and error bodies without a message', () => {
    const run = { status: 'RUNNING', stages: [{ jobs: [{ steps: [{ inputs: [{ key: 'comment' }, {}] }] }] }] };
    expect(readAnswer('run detail', run).ok).toBe(true);
  });

  it('accepts a minimal answer: only a status', () => {
    expect(readAnswer('run detail', { status: 'RUNNING' })).toEqual({ ok: true, value: { status: 'RUNNING' } });
  });

  it('refuses what is not a run, saying where without echoing values', () => {
    const cases: [unknown, RegExp][] = [
      [null, /the body/],
      [[], /the body/],
      ['RUNNING', /the body/],
      [{}, /not a run/],
      [{ status: 5 }, /status: .*expected string/],
      [{ status: 'RUNNING', stages: 'all of them' }, /stages: .*expected array/],
      [
        { status: 'RUNNING', stages: [{ jobs: [{ steps: [{ inputs: 'x' }] }] }] },
        /stages\.0\.jobs\.0\.steps\.0\.inputs/,
      ],
      [{ status: 'RUNNING', start_time: { ms: 1 } }, /start_time/],
      [{ status: 'RUNNING', run_number: true }, /run_number/],
    ];
    for (const [body, reason] of cases) {
      const read = readAnswer('run detail', body);
      expect(read.ok, JSON.stringify(body)).toBe(false);
      if (!read.ok) {
        expect(read.reason).toMatch(/^not a CodeArts run detail: /);
        expect(read.reason).toMatch(reason);
      }
    }
    const secret = readAnswer('run detail', { status: SECRET_INPUT.length, name: SECRET_INPUT });
    expect(secret.ok || secret.reason.includes(SECRET_INPUT)).toBe(false);
  });

  it('lists at most three problems, then how many more', () => {
    const read = readAnswer('run detail', { status: 1, name: 2, id: 3, pipeline_id: 4, group_name: 5 });
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.reason).toMatch(/\(\+\d+ more\)$/);
  });

  it('refuses absurd sizes (a body that large is not a pipeline)', () => {
    const stages = Array.from({ length: 1_001 }, () => ({ name: 'x' }));
    expect(readAnswer('run detail', { status: 'RUNNING', stages }).ok).toBe(false);
  });

  it('expectAnswer throws invalid_response with the reason as detail', () => {
    try {
      expectAnswer('run detail', { status: [] }, 200);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BackendError);
      expect((err as BackendError).kind).toBe('invalid_response');
      expect((err as BackendError).status).toBe(200);
      expect((err as BackendError).detail).toMatch(/^not a CodeArts run detail: status/);
    }
  });
});

describe('list schemas', () => {
  it('pipeline list: items need a pipeline id; latest_run may be null or missing', () => {
    const ok = readAnswer('pipeline list', {
      offset: 0,
      limit: 10,
      total: '3',
      pipelines: [
        { pipeline_id: 'x', name: 'a', latest_run: latestRunItem() },
        { pipeline_id: 'y', latest_run: null },
        { pipeline_id: 'z' },
      ],
    });
    expect(ok.ok).toBe(true);
    expect(readAnswer('pipeline list', { pipelines: [{ name: 'no id' }] }).ok).toBe(false);
    expect(readAnswer('pipeline list', { total: 0 }).ok).toBe(false);
  });

  it('runs list and batch status read latest-run items with string stage times', () => {
    const runs = readAnswer('run list', { total: 1, pipeline_runs: [latestRunItem()] });
    expect(runs.ok && runs.value.pipeline_runs[0]?.stage_status_list?.[0]?.start_time).toBe(String(T + 60_000));
    expect(readAnswer('latest-status batch', [latestRunItem(), latestRunItem({ status: 'WHATEVER' })]).ok).toBe(true);
    expect(readAnswer('latest-status batch', { pipelines: [] }).ok).toBe(false);
  });

  it('step log: offsets as strings or numbers, has_more as a boolean or its text', () => {
    expect(readAnswer('step log', { has_more: true, start_offset: '10', end_offset: '20', log: 'a\nb' }).ok).toBe(true);
    expect(readAnswer('step log', { has_more: 'false', start_offset: 0, end_offset: 2, log: '' }).ok).toBe(true);
    expect(readAnswer('step log', {}).ok).toBe(false);
    expect(readAnswer('step log', { log: ['a'] }).ok).toBe(false);
  });

  it('review result: {success} and nothing else will do', () => {
    expect(readAnswer('review result', { success: true })).toEqual({ ok: true, value: { success: true } });
    expect(readAnswer('review result', { success: 'true' }).ok).toBe(false);
    expect(readAnswer('review result', {}).ok).toBe(false);
  });
});

describe('times', () => {
  it('reads int64 ms, digit strings, ISO with a zone and zone-less China time', () => {
    expect(msOf(T)).toBe(T);
    expect(msOf(String(T))).toBe(T);
    expect(msOf('2024-03-01T08:00:00Z')).toBe(T);
    expect(msOf('2024-03-01T16:00:00+08:00')).toBe(T);
    expect(msOf('2024-03-01 16:00:00')).toBe(T);
    expect(msOf('2024-03-01 16:00:00.250')).toBe(T + 250);
    expect(msOf('2024-03-01T16:00:00')).toBe(T);
  });

  it('treats zero, negatives, seconds, garbage and other zone-less texts as unset', () => {
    for (const value of [0, -1, '0', '', '   ', 'soon', 1_709_280_000, 'March 1, 2024', Number.NaN, null, undefined]) {
      expect(msOf(value as never), String(value)).toBeNull();
    }
    expect(dateOf(T)?.toISOString()).toBe('2024-03-01T08:00:00.000Z');
  });
});
