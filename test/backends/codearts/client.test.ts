/**
 * `createCodeArtsClient` against the CodeArts simulator over real HTTP: every method (run detail latest and by run
 * number, the name search, the batch status, reviews as the credential's owner, the masked log tail) and each way
 * to authenticate (token, IAM password with one re-login after a 401, AK/SK with `X-Project-Id`).
 */
import { describe, expect, it } from 'vitest';
import { LOG_TAIL_LIMITS } from '../../../src/backends/codearts/log-tail.js';
import { SIMULATED_LOG_SECRET } from '../../../src/backends/codearts/simulator/logs.js';
import { SIMULATED_INPUT_SECRET } from '../../../src/backends/codearts/simulator/render.js';
import { FAILING_BUILD_MESSAGE } from '../../../src/backends/codearts/simulator/scenarios.js';
import { MASK } from '../../../src/backends/huawei/log-mask.js';
import type { PipelineBackend } from '../../../src/domain/backend.js';
import { digestKey } from '../../../src/domain/digest.js';
import type { PipelineRun } from '../../../src/domain/pipeline.js';
import { asPipelineId } from '../../../src/domain/pipeline-id.js';
import { failure } from '../containerops/swr-failure.js';
import { akskAuth, codeArtsRig, IAM_PATH, iamAuth, personal } from './client-rig.js';
import { apiPath, IDS } from './helpers.js';

const rig = codeArtsRig();
const id = (slug: keyof typeof IDS) => asPipelineId(IDS[slug]);
const detailPath = (slug: keyof typeof IDS) => apiPath(rig.sim(), `/${IDS[slug]}/pipeline-runs/detail`);
const states = (run: PipelineRun) => run.stages.map((s) => s.status?.state ?? null);
const reviewRef = (run: PipelineRun) => run.stages.find((s) => s.review)?.review?.ref ?? '';

describe('getRun', () => {
  it('reads the latest run into the domain model, no input kept', async () => {
    const run = await rig.client().getRun(id('web-portal-ci'));
    expect(run).toMatchObject({ id: IDS['web-portal-ci'], name: 'web-portal-ci', group: 'frontend' });
    expect(run.run).toMatchObject({ number: 1, trigger: 'Push', triggeredBy: 'zhang.wei', branch: 'main' });
    expect(states(run)).toEqual(['succeeded', 'succeeded', 'running', 'not_started']);
    expect(run.stages[2]?.jobs.map((j) => j.name)).toEqual(['unit-tests', 'api-tests', 'security-scan']);
    expect(JSON.stringify(run)).not.toContain(SIMULATED_INPUT_SECRET);
  });

  it('reads a run by its number, through pipeline_run_number', async () => {
    rig.at(200 + 120 + 10);
    const c = rig.client();
    expect((await c.getRun(id('web-portal-ci'))).run.number).toBe(2);
    const first = await c.getRun(id('web-portal-ci'), { runNumber: 1 });
    expect(first.run.number).toBe(1);
    expect(first.status.state).toBe('succeeded');
    expect(rig.sim().control.requestCount(apiPath(rig.sim(), `/${IDS['web-portal-ci']}/pipeline-runs/list`))).toBe(0);
  });

  it('falls back to the runs list when the detail call refuses the run number', async () => {
    rig.at(200 + 120 + 10);
    rig.sim().control.setFault(IDS['web-portal-ci'], { status: 400, times: 1 });
    const first = await rig.client().getRun(id('web-portal-ci'), { runNumber: 1 });
    expect(first.run.number).toBe(1);
    expect(first.run.id).toBe(rig.sim().control.runId(IDS['web-portal-ci'], 1));
    expect(rig.sim().control.requestCount(apiPath(rig.sim(), `/${IDS['web-portal-ci']}/pipeline-runs/list`))).toBe(1);
    expect(rig.sim().control.requestCount(detailPath('web-portal-ci'))).toBe(2);
  });

  it('a run number that does not exist is not_found; a malformed one bad_request, with no request', async () => {
    expect(await failure(rig.client().getRun(id('web-portal-ci'), { runNumber: 99 }))).toMatchObject({
      kind: 'not_found',
      status: 404,
    });
    const before = rig.sim().control.requestCount();
    expect((await failure(rig.client().getRun(id('web-portal-ci'), { runNumber: 0 }))).kind).toBe('bad_request');
    expect(rig.sim().control.requestCount()).toBe(before);
  });

  it('an id that is not a CodeArts id is invalid_id, before any request', async () => {
    expect((await failure(rig.client().getRun(asPipelineId('29476')))).kind).toBe('invalid_id');
    expect(rig.sim().control.requestCount()).toBe(0);
  });

  it('an unknown pipeline (its code inside a 200) is not_found', async () => {
    const error = await failure(rig.client().getRun(asPipelineId('0123456789abcdef0123456789abcdef')));
    expect(error).toMatchObject({ kind: 'not_found', status: 200, code: 'DEVPIPE.00011401' });
  });

  it('concurrent reads share one request; the mapped run is kept for cacheMs', async () => {
    rig.sim().control.setFault(IDS['payment-release'], { latencyMs: 100 });
    const c = rig.client({ cacheMs: 2_000 });
    const runs = await Promise.all(Array.from({ length: 5 }, () => c.getRun(id('payment-release'))));
    expect(new Set(runs).size).toBe(1);
    await c.getRun(id('payment-release'));
    expect(rig.sim().control.requestCount(detailPath('payment-release'))).toBe(1);
    rig.at(2);
    await c.getRun(id('payment-release'));
    expect(rig.sim().control.requestCount(detailPath('payment-release'))).toBe(2);
  });
});

describe('searchByName and latestStatuses', () => {
  it('finds pipelines by a fuzzy, case-insensitive name, with the total', async () => {
    const found = await rig.client().searchByName(' RELEASE ', 10);
    expect(found.items.map((p) => p.name).sort()).toEqual(['hotfix-release', 'payment-release']);
    expect(found.total).toBe(2);
    const one = await rig.client().searchByName('', 1);
    expect(one.items).toHaveLength(1);
    expect(one.total).toBe(6);
  });

  it('gives the latest run of each pipeline asked for, in one call', async () => {
    const c = rig.client();
    const latest = c.latestStatuses;
    if (!latest) throw new Error('latestStatuses missing');
    const unknown = asPipelineId('0123456789abcdef0123456789abcdef');
    const asked = [id('nightly-build'), id('web-portal-ci'), unknown, asPipelineId('not-an-id')];
    const digests = await latest(asked);
    expect([...digests.keys()].sort()).toEqual([IDS['nightly-build'], IDS['web-portal-ci']].sort());
    expect(digests.get(id('nightly-build'))?.status.state).toBe('failed');
    expect(rig.sim().control.requestCount(apiPath(rig.sim(), '/status'))).toBe(1);
    const before = digestKey(digests.get(id('web-portal-ci')) ?? fail());
    expect(digestKey((await latest([id('web-portal-ci')])).get(id('web-portal-ci')) ?? fail())).toBe(before);
    rig.at(200);
    expect(digestKey((await latest([id('web-portal-ci')])).get(id('web-portal-ci')) ?? fail())).not.toBe(before);
  });

  it('splits a long list into calls of 100 ids, and asks nothing for none', async () => {
    const c = rig.client();
    const many = Array.from({ length: 150 }, (_, i) => asPipelineId(i.toString(16).padStart(32, '0')));
    const digests = await c.latestStatuses?.([...many, id('monorepo-ci')]);
    expect([...(digests?.keys() ?? [])]).toEqual([IDS['monorepo-ci']]);
    expect(rig.sim().control.requestCount(apiPath(rig.sim(), '/status'))).toBe(2);
    expect((await c.latestStatuses?.([]))?.size).toBe(0);
    expect(rig.sim().control.requestCount(apiPath(rig.sim(), '/status'))).toBe(2);
  });
});

function fail(): never {
  throw new Error('missing digest');
}

describe('review', () => {
  // The bot reads as erin, who approves nothing: a recorded decision can only be the person's own.
  const botAsErin = (): PipelineBackend => rig.client({ auth: { kind: 'token', token: rig.user('erin').token } });

  it('passes as the owner of the token, never as the bot, and drops the cached run', async () => {
    const c = rig.client({ auth: { kind: 'token', token: rig.user('erin').token }, cacheMs: 60_000 });
    const run = await c.getRun(id('payment-release'));
    await c.review({ pipelineId: run.id, ref: reviewRef(run), decision: 'pass', as: personal(rig.user('alice')) });
    expect(rig.sim().control.decisions(IDS['payment-release'])).toMatchObject([
      { user: 'alice', decision: 'pass', via: 'token', runId: run.run.id },
    ]);
    await c.getRun(id('payment-release'));
    expect(rig.sim().control.requestCount(detailPath('payment-release'))).toBe(2);
  });

  it('refuses as the owner of the access keys; the run fails with the job’s message', async () => {
    const c = botAsErin();
    const run = await c.getRun(id('payment-release'));
    await c.review({
      pipelineId: run.id,
      ref: reviewRef(run),
      decision: 'refuse',
      as: personal(rig.user('bob'), 'aksk'),
    });
    expect(rig.sim().control.decisions(IDS['payment-release'])).toMatchObject([
      { user: 'bob', decision: 'refuse', via: 'aksk' },
    ]);
    const refused = await c.getRun(id('payment-release'));
    expect(refused.status.state).toBe('failed');
    expect(refused.stages[2]?.jobs[0]?.message).toBe('Manual review refused by bob');
  });

  it('a person who is not an approver is forbidden; a second decision is bad_request (code inside a 200)', async () => {
    const c = botAsErin();
    const run = await c.getRun(id('payment-release'));
    const ask = (user: string) =>
      c.review({ pipelineId: run.id, ref: reviewRef(run), decision: 'pass', as: personal(rig.user(user)) });
    expect(await failure(ask('erin'))).toMatchObject({ kind: 'forbidden', status: 403 });
    await ask('carol');
    expect(await failure(ask('carol'))).toMatchObject({ kind: 'bad_request', status: 200, code: 'SIM.00000409' });
    expect(rig.sim().control.decisions()).toHaveLength(1);
  });

  it('is sent once: a 500 is not retried; a ref of another kind is refused before any request', async () => {
    const c = rig.client({ retries: 2 });
    const run = await c.getRun(id('hotfix-release'));
    rig.sim().control.setFault(IDS['hotfix-release'], { status: 500 });
    const ref = reviewRef(run);
    const error = await failure(c.review({ pipelineId: run.id, ref, decision: 'pass', as: personal(rig.user('bob')) }));
    expect(error.kind).toBe('upstream');
    const reviewPaths = rig.sim().control.requestCount() - 1;
    expect(reviewPaths).toBe(1);
    const logRef = ref.replace('ca1.r.', 'ca1.l.');
    const wrong = c.review({ pipelineId: run.id, ref: logRef, decision: 'pass', as: personal(rig.user('bob')) });
    expect((await failure(wrong)).kind).toBe('bad_request');
    expect(rig.sim().control.requestCount()).toBe(2);
  });
});

describe('logTail', () => {
  const failedJob = async (c: PipelineBackend) => {
    const run = await c.getRun(id('nightly-build'));
    const job = run.stages[1]?.jobs[0];
    if (!job?.logRef) throw new Error('no log ref');
    return { run, ref: job.logRef };
  };
  const logPath = () => /\/logs$/;

  it('the end of the failed step’s log, one page, the DEPLOY_TOKEN line masked', async () => {
    const c = rig.client();
    const { run, ref } = await failedJob(c);
    const tail = await c.logTail?.({ pipelineId: run.id, ref, maxLines: 20 });
    expect(tail?.lines).toHaveLength(20);
    expect(tail?.truncated).toBe(true);
    expect(tail?.lines.at(-1)).toMatch(/\[ERROR\] mvn -B verify exited with code 1$/);
    expect(tail?.lines.join('\n')).toContain(`DEPLOY_TOKEN=${MASK}`);
    expect(JSON.stringify(tail)).not.toContain(SIMULATED_LOG_SECRET);
    expect(run.stages[1]?.jobs[0]?.message).toBe(FAILING_BUILD_MESSAGE);
    expect(rig.lines().filter((l) => logPath().test(String(l.path)))).toHaveLength(1);
  });

  it('bounded: at most LOG_TAIL_LIMITS.maxLines lines, in a few pages', async () => {
    const c = rig.client();
    const { run, ref } = await failedJob(c);
    const tail = await c.logTail?.({ pipelineId: run.id, ref, maxLines: 100_000 });
    expect(tail?.lines).toHaveLength(LOG_TAIL_LIMITS.maxLines);
    expect(tail?.truncated).toBe(true);
    const pages = rig.lines().filter((l) => logPath().test(String(l.path)));
    expect(pages.length).toBeLessThanOrEqual(LOG_TAIL_LIMITS.maxPages);
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(tail)).not.toContain(SIMULATED_LOG_SECRET);
  });

  it('a review ref is not a log ref', async () => {
    const c = rig.client();
    const run = await c.getRun(id('payment-release'));
    const tail = c.logTail?.({ pipelineId: run.id, ref: reviewRef(run), maxLines: 5 });
    expect((await failure(tail ?? Promise.resolve())).kind).toBe('bad_request');
  });
});

describe('authentication', () => {
  it('IAM password: logs in once, and after the token is revoked logs in once more', async () => {
    const c = rig.client({ auth: iamAuth(rig.sim(), rig.user('bob')) });
    await c.getRun(id('web-portal-ci'));
    await c.getRun(id('nightly-build'));
    expect(rig.sim().control.requestCount(IAM_PATH)).toBe(1);
    rig.sim().control.revokeTokens();
    expect((await c.getRun(id('web-portal-ci'))).name).toBe('web-portal-ci');
    expect(rig.sim().control.requestCount(IAM_PATH)).toBe(2);
    expect(rig.sim().control.requestCount(detailPath('web-portal-ci'))).toBe(3);
  });

  it('IAM password: a wrong password is refused once and never sent again', async () => {
    const c = rig.client({ auth: iamAuth(rig.sim(), rig.user('bob'), 'not-bobs-password'), retries: 2 });
    for (let i = 0; i < 3; i += 1) expect((await failure(c.getRun(id('web-portal-ci')))).kind).toBe('unauthorized');
    expect(rig.sim().control.requestCount(IAM_PATH)).toBe(1);
    expect(rig.sim().control.requestCount(detailPath('web-portal-ci'))).toBe(0);
  });

  it('AK/SK: signed requests with X-Project-Id are read as the key’s owner; a wrong key is unauthorized', async () => {
    const c = rig.client({ auth: akskAuth(rig.user('dave')) });
    expect((await c.searchByName('hotfix', 5)).items.map((p) => p.name)).toEqual(['hotfix-release']);
    expect((await c.getRun(id('hotfix-release'))).stages[1]?.review?.mode).toBe('any');
    const bad = rig.client({ auth: akskAuth(rig.user('dave'), 'not-daves-secret-key'), retries: 2 });
    expect(await failure(bad.getRun(id('hotfix-release')))).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(rig.sim().control.requestCount(detailPath('hotfix-release'))).toBe(2);
  });

  it('a static token the API revoked is unauthorized, not retried', async () => {
    rig.sim().control.revokeTokens({ includeStatic: true });
    const error = await failure(rig.client({ retries: 2 }).getRun(id('web-portal-ci')));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, code: 'APIGW.0301' });
    expect(rig.sim().control.requestCount()).toBe(1);
  });

  it('the bot’s outcome is kept for /healthz; a person’s review does not change it', async () => {
    const c = rig.client();
    expect(c.lastOutcome()).toBeNull();
    const run = await c.getRun(id('payment-release'));
    expect(c.lastOutcome()).toMatchObject({ ok: true, kind: null });
    await failure(
      c.review({ pipelineId: run.id, ref: reviewRef(run), decision: 'pass', as: personal(rig.user('erin')) }),
    );
    expect(c.lastOutcome()).toMatchObject({ ok: true, kind: null });
  });
});
