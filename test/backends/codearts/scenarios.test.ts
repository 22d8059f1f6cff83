/** Every simulated scenario, fetched over HTTP and mapped: the domain model the card and the watcher will see. */
import { describe, expect, it } from 'vitest';
import { expectAnswer } from '../../../src/backends/codearts/answers.js';
import { mapRunDetail } from '../../../src/backends/codearts/map.js';
import { mapLatestStatuses, mapPipelineList } from '../../../src/backends/codearts/map-lists.js';
import { decodeRef } from '../../../src/backends/codearts/refs.js';
import { SIMULATED_INPUT_SECRET } from '../../../src/backends/codearts/simulator/render.js';
import { FAILING_BUILD_MESSAGE } from '../../../src/backends/codearts/simulator/scenarios.js';
import type { CodeArtsSimulator } from '../../../src/backends/codearts/simulator/server.js';
import type { PipelineRun } from '../../../src/domain/pipeline.js';
import { asPipelineId } from '../../../src/domain/pipeline-id.js';
import { summarisePipeline } from '../../../src/domain/summary.js';
import { apiPath, codeArtsPerTest, IDS, post, runDetail, tokenOf, userIdOf } from './helpers.js';

const start = codeArtsPerTest();

async function model(sim: CodeArtsSimulator, id: string): Promise<PipelineRun> {
  return mapRunDetail(expectAnswer('run detail', await runDetail(sim, id)), asPipelineId(id));
}

const states = (run: PipelineRun) => run.stages.map((s) => s.status?.state ?? null);

/** Passes or refuses the review of `run` as `user`, through the API with the user's own token. */
async function decide(sim: CodeArtsSimulator, run: PipelineRun, user: string, decision: 'pass' | 'refuse') {
  const ref = run.stages.find((s) => s.review)?.review?.ref;
  const address = decodeRef('review', ref);
  if (!address) throw new Error('no review ref');
  const path = `/${run.id}/pipeline-runs/${address.runId}/jobs/${address.jobRunId}/steps/${address.stepRunId}/${decision}`;
  const res = await post(sim, apiPath(sim, path), undefined, tokenOf(sim, user));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('scenarios → domain model', () => {
  it('web-portal-ci: running in Test with three parallel jobs, one in an undocumented status', async () => {
    const { sim } = await start();
    const run = await model(sim, IDS['web-portal-ci']);
    expect(run.name).toBe('web-portal-ci');
    expect(run.group).toBe('frontend');
    expect(run.status).toEqual({ state: 'running', raw: 'RUNNING' });
    expect(states(run)).toEqual(['succeeded', 'succeeded', 'running', 'not_started']);
    expect(run.currentStage).toBe(2);
    const test = run.stages[2];
    expect(test?.jobs.map((j) => [j.name, j.kind, j.status.state])).toEqual([
      ['unit-tests', 'test', 'running'],
      ['api-tests', 'test', 'running'],
      ['security-scan', 'check', 'unknown'],
    ]);
    expect(test?.jobs[2]?.status.raw).toBe('ASYNC_WAITING');
    expect(test?.kind).toBeNull();
    expect(run.stages[1]?.kind).toBe('build');
    expect(run.run).toMatchObject({ number: 1, trigger: 'Push', triggeredBy: 'zhang.wei', branch: 'main' });
    expect(run.run.commitMessage).toBe('Add dark mode to the settings page');
    expect(run.consoleUrl).toBe(`${sim.url}/cicd/project/${sim.projectId}/pipeline/detail/${run.id}/${run.run.id}?v=1`);
    expect(JSON.stringify(run)).not.toContain(SIMULATED_INPUT_SECRET);
  });

  it('web-portal-ci: succeeds, then a new run (new id, number 2, next executor) starts after the idle time', async () => {
    const { sim, at } = await start();
    const first = await model(sim, IDS['web-portal-ci']);
    at(200);
    const done = await model(sim, IDS['web-portal-ci']);
    expect(done.status.state).toBe('succeeded');
    expect(states(done)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(done.currentStage).toBe(3);
    at(200 + 120);
    const next = await model(sim, IDS['web-portal-ci']);
    expect(next.run.number).toBe(2);
    expect(next.run.id).not.toBe(first.run.id);
    expect(next.run.triggeredBy).toBe('li.na');
    expect(summarisePipeline(next).runKey).not.toBe(summarisePipeline(first).runKey);
  });

  it('payment-release: waits on its review — approvers by user id, all must pass, 3-day timeout, all pending', async () => {
    const { sim } = await start();
    const run = await model(sim, IDS['payment-release']);
    expect(states(run)).toEqual(['succeeded', 'succeeded', 'waiting', 'not_started']);
    expect(run.currentStage).toBe(2);
    const review = run.stages[2]?.review;
    expect(review?.mode).toBe('all');
    expect(review?.reviewers).toEqual(
      ['alice', 'bob', 'carol'].map((name) => ({ name: userIdOf(sim, name), decision: 'pending' })),
    );
    expect(review?.votesKnown).toBe(false);
    expect(review?.timeout?.seconds).toBe(3 * 86_400);
    expect(review?.timeout?.onTimeout).toBe('refuse');
    expect(decodeRef('review', review?.ref)?.runId).toBe(run.run.id);
    expect(summarisePipeline(run).awaitingReview?.index).toBe(2);
    expect(run.run).toMatchObject({ trigger: 'Manual', branch: 'release/2.4', triggeredBy: 'zhang.wei' });
  });

  it('payment-release: completes only when all approvers have passed, then deploys and starts anew', async () => {
    const { sim, at } = await start();
    const run = await model(sim, IDS['payment-release']);
    expect((await decide(sim, run, 'alice', 'pass')).body).toEqual({ success: true });
    expect((await decide(sim, run, 'bob', 'pass')).body).toEqual({ success: true });
    const still = await model(sim, IDS['payment-release']);
    expect(still.stages[2]?.status?.state).toBe('waiting');
    // Votes are not in the API: the model does not pretend to know who has passed.
    expect(still.stages[2]?.review?.reviewers.every((r) => r.decision === 'pending')).toBe(true);
    at(10);
    await decide(sim, run, 'carol', 'pass');
    const passed = await model(sim, IDS['payment-release']);
    expect(states(passed)).toEqual(['succeeded', 'succeeded', 'succeeded', 'running']);
    expect(passed.stages[2]?.review?.reviewers.every((r) => r.decision === 'unknown')).toBe(true);
    expect(passed.currentStage).toBe(3);
    expect(summarisePipeline(passed).awaitingReview).toBeNull();
    at(10 + 46);
    expect((await model(sim, IDS['payment-release'])).status.state).toBe('succeeded');
    at(300);
    const next = await model(sim, IDS['payment-release']);
    expect(next.run.number).toBe(2);
    expect(next.stages[2]?.status?.state).toBe('waiting');
    expect(next.stages[2]?.review?.ref).not.toBe(run.stages[2]?.review?.ref);
    expect(next.stages[2]?.review?.reviewers.every((r) => r.decision === 'pending')).toBe(true);
  });

  it('payment-release: one refusal fails the stage and the run, with the job’s message', async () => {
    const { sim } = await start();
    const run = await model(sim, IDS['payment-release']);
    await decide(sim, run, 'alice', 'pass');
    await decide(sim, run, 'bob', 'refuse');
    const refused = await model(sim, IDS['payment-release']);
    expect(refused.status.state).toBe('failed');
    expect(states(refused)).toEqual(['succeeded', 'succeeded', 'failed', 'not_started']);
    expect(refused.stages[2]?.jobs[0]?.message).toBe('Manual review refused by bob');
    expect(summarisePipeline(refused).failedStage?.name).toBe('Approval');
  });

  it('payment-release: the 3-day timeout rejects it', async () => {
    const { sim, at } = await start();
    // The review started ≈ 300 s before launch; the next run would start 120 s after the deadline.
    at(3 * 86_400 - 200);
    const expired = await model(sim, IDS['payment-release']);
    expect(expired.status.state).toBe('failed');
    expect(expired.stages[2]?.jobs[0]?.message).toMatch(/timed out/);
  });

  it('hotfix-release: any one approver is enough', async () => {
    const { sim } = await start();
    const run = await model(sim, IDS['hotfix-release']);
    expect(run.stages[1]?.review?.mode).toBe('any');
    expect(run.run).toMatchObject({ trigger: 'MR', branch: 'hotfix/refund-rounding' });
    await decide(sim, run, 'dave', 'pass');
    expect(states(await model(sim, IDS['hotfix-release']))).toEqual(['succeeded', 'succeeded', 'running']);
  });

  it('hotfix-release: its 1-hour timeout passes it', async () => {
    const { sim, at } = await start();
    expect((await model(sim, IDS['hotfix-release'])).stages[1]?.review?.timeout?.onTimeout).toBe('pass');
    at(3_600);
    expect((await model(sim, IDS['hotfix-release'])).stages[1]?.status?.state).toBe('succeeded');
  });

  it('nightly-build: failed at launch — failed job, its message, a log ref whose log ends with the error', async () => {
    const { sim } = await start();
    const run = await model(sim, IDS['nightly-build']);
    expect(run.status.state).toBe('failed');
    expect(states(run)).toEqual(['succeeded', 'failed', 'not_started', 'not_started']);
    const summary = summarisePipeline(run);
    expect(summary.failedStage?.index).toBe(1);
    expect(summary.currentIndex).toBe(1);
    const job = run.stages[1]?.jobs[0];
    expect(job?.message).toBe(FAILING_BUILD_MESSAGE);
    const address = decodeRef('log', job?.logRef);
    expect(address?.runId).toBe(run.run.id);
    const path = `/${run.id}/pipeline-runs/${address?.runId}/jobs/${address?.jobRunId}/steps/${address?.stepRunId}/logs`;
    const res = await post(sim, apiPath(sim, path), { limit: 20, sort: 'desc', start_offset: 0, end_offset: 0 });
    const page = expectAnswer('step log', await res.json());
    expect(page.log?.split('\n').at(-1)).toMatch(/mvn -B verify exited with code 1$/);
    expect(run.run).toMatchObject({ trigger: 'Scheduler', branch: 'develop' });
  });

  it('monorepo-ci: 36 stages, at stage 11 at launch', async () => {
    const { sim } = await start();
    const run = await model(sim, IDS['monorepo-ci']);
    expect(run.stages).toHaveLength(36);
    expect(run.currentStage).toBe(10);
    expect(run.stages[10]?.status?.state).toBe('running');
    expect(run.stages.slice(0, 10).every((s) => s.status?.state === 'succeeded')).toBe(true);
    expect(run.stages.slice(11).every((s) => s.status?.state === 'not_started')).toBe(true);
  });

  it('shared-runner-deploy: queued first, then running, then done', async () => {
    const { sim, at } = await start();
    const queued = await model(sim, IDS['shared-runner-deploy']);
    expect(queued.status).toEqual({ state: 'queued', raw: 'QUEUED' });
    expect(states(queued)).toEqual(['queued', 'not_started']);
    expect(queued.currentStage).toBe(0);
    expect(queued.stages[0]?.startTime).toBeNull();
    at(81);
    expect((await model(sim, IDS['shared-runner-deploy'])).status.state).toBe('running');
    at(81 + 62);
    expect((await model(sim, IDS['shared-runner-deploy'])).status.state).toBe('succeeded');
  });

  it('the pipeline list and the batch status map to listings and digests', async () => {
    const { sim } = await start();
    const list = await post(sim, apiPath(sim, '/list'), { limit: 50, sort_key: 'name', sort_dir: 'asc' });
    const matches = mapPipelineList(expectAnswer('pipeline list', await list.json()));
    expect(matches.total).toBe(6);
    expect(matches.items.map((i) => [i.name, i.status.state])).toEqual([
      ['hotfix-release', 'running'],
      ['monorepo-ci', 'running'],
      ['nightly-build', 'failed'],
      ['payment-release', 'running'],
      ['shared-runner-deploy', 'queued'],
      ['web-portal-ci', 'running'],
    ]);
    const batch = await post(sim, apiPath(sim, '/status'), [IDS['nightly-build'], IDS['web-portal-ci']]);
    const digests = mapLatestStatuses(expectAnswer('latest-status batch', await batch.json()));
    const nightly = digests.get(asPipelineId(IDS['nightly-build']));
    expect(nightly?.status.state).toBe('failed');
    expect(nightly?.stages.map((s) => s.status?.state)).toEqual(['succeeded', 'failed', 'not_started', 'not_started']);
    expect(nightly?.stages[1]?.endTime).toBeInstanceOf(Date);
    expect(digests.get(asPipelineId(IDS['web-portal-ci']))?.stages[2]?.endTime).toBeNull();
  });
});
