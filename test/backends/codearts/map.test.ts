import { describe, expect, it } from 'vitest';
import { expectAnswer } from '../../../src/backends/codearts/answers.js';
import { bySequence, currentStageOf, mapRunDetail, safeUrl } from '../../../src/backends/codearts/map.js';
import {
  mapLatestStatuses,
  mapLogPage,
  mapPipelineList,
  mapRunDigest,
  mapRunList,
  tailLines,
} from '../../../src/backends/codearts/map-lists.js';
import { decodeRef } from '../../../src/backends/codearts/refs.js';
import { CODEARTS_STATUS, codeArtsStatus, reviewStatus } from '../../../src/backends/codearts/status-table.js';
import { BackendError } from '../../../src/domain/backend-error.js';
import { asPipelineId } from '../../../src/domain/pipeline-id.js';
import { STATUSES } from '../../../src/domain/status.js';
import { summarisePipeline } from '../../../src/domain/summary.js';
import {
  ALICE,
  BOB,
  FAILED_JOB,
  FAILED_STEP,
  failedRun,
  latestRunItem,
  PIPELINE,
  REVIEW_JOB,
  REVIEW_STEP,
  RUN,
  SECRET_INPUT,
  T,
  waitingReviewRun,
} from './fixtures.js';

const ID = asPipelineId(PIPELINE);

const map = (body: unknown) => mapRunDetail(expectAnswer('run detail', body), ID);

describe('status table', () => {
  it('maps every documented word as the brief says, and keeps unknown words', () => {
    expect(CODEARTS_STATUS).toEqual({
      INIT: 'not_started',
      QUEUED: 'queued',
      REDISPATCH: 'queued',
      RUNNING: 'running',
      ASYNC_RUNNING: 'running',
      COMPLETED: 'succeeded',
      FAILED: 'failed',
      ASYNC_FAILED: 'failed',
      CANCELED: 'cancelled',
      SKIPPED: 'skipped',
      IGNORED: 'skipped',
      UNSELECTED: 'skipped',
      PAUSED: 'paused',
      SUSPEND: 'paused',
    });
    for (const state of Object.values(CODEARTS_STATUS)) expect(STATUSES).toContain(state);
    expect(codeArtsStatus('ROLLBACKING')).toEqual({ state: 'unknown', raw: 'ROLLBACKING' });
    expect(codeArtsStatus('__proto__')).toEqual({ state: 'unknown', raw: '__proto__' });
    expect(codeArtsStatus('running')).toEqual({ state: 'unknown', raw: 'running' });
    expect(codeArtsStatus(null)).toBeNull();
    expect(codeArtsStatus('  ')).toBeNull();
  });

  it('reads a review that is running, paused or queued as waiting, its word kept', () => {
    for (const word of ['RUNNING', 'ASYNC_RUNNING', 'PAUSED', 'SUSPEND', 'QUEUED']) {
      expect(reviewStatus(word)).toEqual({ state: 'waiting', raw: word });
    }
    expect(reviewStatus('COMPLETED')?.state).toBe('succeeded');
    expect(reviewStatus('INIT')?.state).toBe('not_started');
    expect(reviewStatus('AUDITING')).toEqual({ state: 'unknown', raw: 'AUDITING' });
  });
});

describe('run detail → PipelineRun', () => {
  it('maps the run: identity, run info, statuses, times, console link', () => {
    const run = map(waitingReviewRun());
    expect(run.id).toBe(PIPELINE);
    expect(run.name).toBe('payment-release');
    expect(run.group).toBe('payments');
    expect(run.run).toEqual({
      id: RUN,
      number: 42,
      trigger: 'Manual',
      triggeredBy: 'zhang.wei',
      branch: 'release/2.4',
      commitMessage: 'Release 2.4.1',
    });
    expect(run.status).toEqual({ state: 'running', raw: 'RUNNING' });
    expect(run.startTime?.getTime()).toBe(T);
    expect(run.endTime).toBeNull();
    expect(run.updatedTime?.getTime()).toBe(T + 120_000);
    expect(run.consoleUrl).toMatch(/^https:\/\/devcloud\.cn-north-4\.huaweicloud\.com\/cicd\/project\//);
  });

  it('orders stages and jobs by sequence (numbers or numeric strings) and reads string times', () => {
    const run = map(waitingReviewRun());
    expect(run.stages.map((s) => s.name)).toEqual(['Build', 'Verify', 'Approval', 'Deploy']);
    expect(run.stages.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    const verify = run.stages[1];
    expect(verify?.jobs.map((j) => j.name)).toEqual(['scan', 'tests']);
    expect(verify?.startTime?.getTime()).toBe(T + 60_000);
    expect(verify?.jobs[0]?.status).toEqual({ state: 'unknown', raw: 'ASYNC_WAITING' });
    expect(verify?.jobs.map((j) => j.kind)).toEqual(['check', 'test']);
    expect(verify?.kind).toBeNull();
    expect(run.stages[0]?.kind).toBe('build');
    expect(run.stages[3]?.status).toEqual({ state: 'not_started', raw: 'INIT' });
    expect(run.stages[3]?.startTime).toBeNull();
  });

  it('maps the checkpoint job to a review: approvers, strategy, timeout, all pending, votes not known', () => {
    const run = map(waitingReviewRun());
    const approval = run.stages[2];
    expect(approval?.kind).toBe('review');
    expect(approval?.status).toEqual({ state: 'waiting', raw: 'RUNNING' });
    expect(approval?.jobs[0]?.status).toEqual({ state: 'waiting', raw: 'RUNNING' });
    expect(approval?.review).toEqual({
      mode: 'all',
      reviewers: [
        { name: ALICE, decision: 'pending' },
        { name: BOB, decision: 'pending' },
      ],
      votesKnown: false,
      timeout: { seconds: 3600, onTimeout: 'refuse' },
      ref: `ca1.r.${RUN}.${REVIEW_JOB}.${REVIEW_STEP}`,
    });
    expect(decodeRef('review', approval?.review?.ref)).toEqual({
      runId: RUN,
      jobRunId: REVIEW_JOB,
      stepRunId: REVIEW_STEP,
    });
    expect(run.currentStage).toBe(2);
    const summary = summarisePipeline(run);
    expect(summary.awaitingReview?.name).toBe('Approval');
    expect(summary.awaitingReview?.review?.pending).toEqual([ALICE, BOB]);
  });

  it('reads approvers given as an array, strategy any, timeout as text, strategy pass', () => {
    const body = waitingReviewRun();
    const inputs = [
      { key: 'approvers', value: [BOB, ALICE, BOB, '', 7] },
      { key: 'check_strategy', value: 'ANY' },
      { key: 'timeout', value: '600' },
      { key: 'timeout_strategy', value: 'pass' },
    ];
    (body.stages[3] as { jobs: { steps: { inputs: unknown }[] }[] }).jobs[0].steps[0].inputs = inputs;
    const review = map(body).stages[2]?.review;
    expect(review?.reviewers.map((r) => r.name)).toEqual([BOB, ALICE, '7']);
    expect(review?.mode).toBe('any');
    expect(review?.timeout).toEqual({ seconds: 600, onTimeout: 'pass' });
  });

  it('says only what the API tells once a review is final: the approvers, their votes unknown, no one pending', () => {
    for (const word of ['COMPLETED', 'FAILED']) {
      const body = waitingReviewRun();
      const stage = body.stages[3] as { status: string; jobs: { status: string; steps: { status: string }[] }[] };
      stage.status = word;
      stage.jobs[0].status = word;
      stage.jobs[0].steps[0].status = word;
      const run = map(body);
      expect(run.stages[2]?.review?.reviewers).toEqual([
        { name: ALICE, decision: 'unknown' },
        { name: BOB, decision: 'unknown' },
      ]);
      expect(run.stages[2]?.review?.votesKnown).toBe(false);
      expect(summarisePipeline(run).awaitingReview).toBeNull();
    }
  });

  it('a missing or unknown timeout strategy gives no timeout; unsafe ids give no ref', () => {
    const body = waitingReviewRun();
    const job = (body.stages[3] as { jobs: { id: string; steps: { inputs: unknown }[] }[] }).jobs[0];
    job.steps[0].inputs = [
      { key: 'timeout', value: 60 },
      { key: 'timeout_strategy', value: 'maybe' },
    ];
    job.id = '../../etc/passwd';
    const review = map(body).stages[2]?.review;
    expect(review?.timeout).toBeNull();
    expect(review?.mode).toBeNull();
    expect(review?.reviewers).toEqual([]);
    expect(review?.ref).toBeNull();
  });

  it('keeps no input, variable or source URL of the answer (they may hold secrets)', () => {
    const run = map(waitingReviewRun());
    expect(JSON.stringify(run)).not.toContain(SECRET_INPUT);
    expect(JSON.stringify(run)).not.toContain('inputs');
  });

  it('maps a failed run: failed stage and job, its message, a log ref to the failed step', () => {
    const run = map(failedRun());
    expect(run.status.state).toBe('failed');
    expect(run.run.number).toBe(7);
    expect(run.run.branch).toBeNull();
    const job = run.stages[0]?.jobs[0];
    expect(job?.id).toBe(FAILED_JOB);
    expect(job?.message).toBe('Build failed: exit code 1');
    expect(job?.logRef).toBe(`ca1.l.${RUN}.${FAILED_JOB}.${FAILED_STEP}`);
    expect(decodeRef('log', job?.logRef)).toEqual({ runId: RUN, jobRunId: FAILED_JOB, stepRunId: FAILED_STEP });
    expect(decodeRef('review', job?.logRef)).toBeNull();
    expect(run.stages[1]?.status).toBeNull();
    expect(run.stages[1]?.jobs).toEqual([]);
    expect(summarisePipeline(run).failedStage?.name).toBe('Build');
  });

  it('takes a failed step’s message when the job has none, and clips long messages', () => {
    const body = failedRun() as { stages: { jobs: { message?: string }[] }[] };
    const job = body.stages[0]?.jobs[0];
    if (job) job.message = '';
    expect(map(body).stages[0]?.jobs[0]?.message).toBe('mvn exited 1');
    if (job) job.message = 'x'.repeat(5_000);
    expect(map(body).stages[0]?.jobs[0]?.message.length).toBe(1_000);
  });

  it('refuses an answer about another pipeline, accepts the same id in another case', () => {
    expect(() => map({ ...waitingReviewRun(), pipeline_id: 'b'.repeat(32) })).toThrow(BackendError);
    expect(map({ ...waitingReviewRun(), pipeline_id: PIPELINE.toUpperCase() }).id).toBe(PIPELINE);
    expect(map({ status: 'COMPLETED' }).stages).toEqual([]);
  });

  it('current stage: the one moving or waiting, else the first unfinished, else the last', () => {
    const stage = (raw: string | null) => ({ status: raw === null ? null : codeArtsStatus(raw) }) as never;
    expect(currentStageOf([])).toBeNull();
    expect(currentStageOf([stage('COMPLETED'), stage('RUNNING'), stage('INIT')])).toBe(1);
    expect(currentStageOf([stage('COMPLETED'), stage('PAUSED'), stage(null)])).toBe(1);
    expect(currentStageOf([stage('COMPLETED'), stage(null)])).toBe(1);
    expect(currentStageOf([stage('COMPLETED'), stage('COMPLETED')])).toBe(1);
  });

  it('bySequence is stable and puts missing sequences last', () => {
    const items = [
      { sequence: null, n: 'a' },
      { sequence: 2, n: 'b' },
      { sequence: '0', n: 'c' },
      { sequence: 2, n: 'd' },
    ];
    expect(bySequence(items).map((i) => i.n)).toEqual(['c', 'b', 'd', 'a']);
  });

  it('console links must be http(s) and of sane length', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl(`https://x/${'a'.repeat(3_000)}`)).toBeNull();
    expect(safeUrl(' https://devcloud.example.com/a?b=1 ')).toBe('https://devcloud.example.com/a?b=1');
  });
});

describe('lists → domain', () => {
  it('pipeline list → listings: ids normalised, invalid ids dropped, never-run pipelines not started', () => {
    const matches = mapPipelineList(
      expectAnswer('pipeline list', {
        total: '12',
        pipelines: [
          { pipeline_id: PIPELINE.toUpperCase(), name: 'a', latest_run: latestRunItem({ status: 'FAILED' }) },
          { pipeline_id: 'not-an-id', name: 'b' },
          { pipeline_id: 'b'.repeat(32), name: 'c', latest_run: null },
        ],
      }),
    );
    expect(matches).toEqual({
      items: [
        { id: PIPELINE, name: 'a', group: '', groupId: null, status: { state: 'failed', raw: 'FAILED' } },
        { id: 'b'.repeat(32), name: 'c', group: '', groupId: null, status: { state: 'not_started', raw: '' } },
      ],
      total: 12,
    });
  });

  it('latest run → digest: stages by sequence with string times read, unsafe links dropped', () => {
    const digest = mapRunDigest(expectAnswer('latest-status batch', [latestRunItem()])[0] as never);
    expect(digest.pipelineId).toBe(PIPELINE);
    expect(digest.stages.map((s) => s.name)).toEqual(['Build', 'Test']);
    expect(digest.stages[0]?.endTime?.getTime()).toBe(T + 60_000);
    expect(digest.stages[1]?.startTime?.getTime()).toBe(T + 60_000);
    expect(digest.stages[1]?.endTime).toBeNull();
    expect(digest.branch).toBe('main');
    expect(digest.consoleUrl).toBeNull();
    const runs = mapRunList(expectAnswer('run list', { total: 1, pipeline_runs: [latestRunItem()] }));
    expect(runs.total).toBe(1);
    const batch = mapLatestStatuses(
      expectAnswer('latest-status batch', [latestRunItem(), latestRunItem({ pipeline_id: null })]),
    );
    expect([...batch.keys()]).toEqual([PIPELINE]);
  });

  it('log page: offsets kept as digit strings only, has_more read from either form', () => {
    expect(
      mapLogPage(expectAnswer('step log', { has_more: 'true', start_offset: 5, end_offset: '9', log: 'a' })),
    ).toEqual({
      text: 'a',
      hasMore: true,
      startOffset: '5',
      endOffset: '9',
    });
    const odd = mapLogPage(expectAnswer('step log', { has_more: false, start_offset: '1&x=2', end_offset: '-3' }));
    expect(odd).toEqual({ text: '', hasMore: false, startOffset: null, endOffset: null });
    expect(tailLines('a\nb\r\nc\n', 2)).toEqual({ lines: ['b', 'c'], truncated: true });
    expect(tailLines('a', 5)).toEqual({ lines: ['a'], truncated: false });
  });
});
