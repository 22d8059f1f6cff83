/** The paths and bodies the client will send, checked against the simulator the way the client will use them. */
import { describe, expect, it } from 'vitest';
import {
  codeArtsEndpoint,
  codeArtsIds,
  codeArtsInfo,
  codeArtsPaths,
  decodeRef,
  expectAnswer,
  interpretAnswer,
  isCodeArtsProjectId,
  listBody,
  logBody,
  mapLogPage,
  mapRunDetail,
  tailLines,
} from '../../../src/backends/codearts/index.js';
import { asPipelineId } from '../../../src/domain/pipeline-id.js';
import { call, codeArtsPerTest, IDS, post, T0, tokenOf } from './helpers.js';

const start = codeArtsPerTest();

describe('endpoints', () => {
  it('follow the SDK region table; other regions are configuration', () => {
    expect(codeArtsEndpoint('cn-north-4')).toBe('https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com');
    expect(codeArtsEndpoint('ap-southeast-3')).toBe('https://cloudpipeline-ext.ap-southeast-3.myhuaweicloud.com');
    expect(codeArtsEndpoint('tr-west-1')).toBe('https://pipeline-external.tr-west-1.myhuaweicloud.com');
    expect(codeArtsEndpoint('me-east-1')).toBe('https://pipeline.me-east-1.myhuaweicloud.com');
    expect(codeArtsEndpoint('eu-west-101')).toBeNull();
    expect(codeArtsEndpoint('cn-north-4.evil.example/')).toBeNull();
  });

  it('the backend names itself CodeArts', () => {
    expect(codeArtsInfo(true)).toEqual({
      kind: 'codearts',
      simulated: true,
    });
  });
});

describe('paths', () => {
  const project = 'ae6f6d51e009d404a1858bdd0a7dee31';
  const pipeline = asPipelineId('c87ae95a4b96141590b1cc0707da4e77');
  const step = { runId: 'a'.repeat(32), jobRunId: 'b'.repeat(32), stepRunId: 'c'.repeat(32) };

  it('are built from checked ids only', () => {
    expect(codeArtsPaths.detail(project, pipeline)).toBe(
      `/v5/${project}/api/pipelines/${pipeline}/pipeline-runs/detail`,
    );
    expect(codeArtsPaths.detail(project, pipeline, { runNumber: 3 })).toMatch(/\?pipeline_run_number=3$/);
    expect(codeArtsPaths.review(project, pipeline, step, 'refuse', ' not now & never ')).toMatch(
      /\/steps\/c{32}\/refuse\?approval_description=not%20now%20%26%20never$/,
    );
    expect(() => codeArtsPaths.detail('../x', pipeline)).toThrow(RangeError);
    expect(() => codeArtsPaths.detail(project, asPipelineId('../../etc'))).toThrow(RangeError);
    expect(() => codeArtsPaths.detail(project, pipeline, { runId: 'a/b' })).toThrow(RangeError);
    expect(() => codeArtsPaths.detail(project, pipeline, { runNumber: 0 })).toThrow(RangeError);
    expect(() => codeArtsPaths.log(project, pipeline, { ...step, jobRunId: '..' })).toThrow(RangeError);
    expect(isCodeArtsProjectId(project)).toBe(true);
    expect(isCodeArtsProjectId(`${project}/`)).toBe(false);
  });

  it('drive every call of the simulator as the client will', async () => {
    const { sim } = await start();
    const id = codeArtsIds.parse(IDS['payment-release'].toUpperCase());
    if (id === null) throw new Error('id');
    const list = await post(sim, codeArtsPaths.list(sim.projectId), listBody('payment', 10));
    expect(expectAnswer('pipeline list', await list.json()).pipelines[0]?.pipeline_id).toBe(id);
    const detail = await call(sim, codeArtsPaths.detail(sim.projectId, id));
    const run = mapRunDetail(expectAnswer('run detail', await detail.json()), id);
    const address = decodeRef('review', run.stages[2]?.review?.ref);
    if (address === null) throw new Error('no review');
    const byNumber = await call(sim, codeArtsPaths.detail(sim.projectId, id, { runNumber: 1 }));
    expect(((await byNumber.json()) as { id: string }).id).toBe(address.runId);
    const byId = await call(sim, codeArtsPaths.detail(sim.projectId, id, { runId: address.runId }));
    expect(byId.status).toBe(200);
    const status = await post(sim, codeArtsPaths.status(sim.projectId), [id]);
    expect(expectAnswer('latest-status batch', await status.json())).toHaveLength(1);
    const runs = await post(sim, codeArtsPaths.runs(sim.projectId, id), { offset: 0, limit: 5 });
    expect(expectAnswer('run list', await runs.json()).total).toBe(1);

    const review = await call(sim, codeArtsPaths.review(sim.projectId, id, address, 'pass', 'ship it'), {
      method: 'POST',
      headers: { 'X-Auth-Token': tokenOf(sim, 'bob') },
    });
    const text = await review.text();
    const outcome = interpretAnswer(
      { status: review.status, headers: {}, body: JSON.parse(text), text },
      'review',
      [],
      T0,
    );
    expect(outcome).toEqual({ kind: 'ok' });
    expect(expectAnswer('review result', JSON.parse(text))).toEqual({ success: true });
    expect(sim.control.decisions()).toMatchObject([{ user: 'bob', comment: 'ship it' }]);
  });

  it('page a failed step’s log backwards, passing the string offsets back', async () => {
    const { sim } = await start();
    const id = asPipelineId(IDS['nightly-build']);
    const detail = await call(sim, codeArtsPaths.detail(sim.projectId, id));
    const run = mapRunDetail(expectAnswer('run detail', await detail.json()), id);
    const step = decodeRef('log', run.stages[1]?.jobs[0]?.logRef);
    if (step === null) throw new Error('no log ref');
    const last = mapLogPage(
      expectAnswer(
        'step log',
        await (await post(sim, codeArtsPaths.log(sim.projectId, id, step), logBody(100))).json(),
      ),
    );
    expect(last).toMatchObject({ hasMore: true, startOffset: '1400', endOffset: '1500' });
    const before = mapLogPage(
      expectAnswer(
        'step log',
        await (await post(sim, codeArtsPaths.log(sim.projectId, id, step), logBody(100, last.startOffset))).json(),
      ),
    );
    expect(before).toMatchObject({ startOffset: '1300', endOffset: '1400' });
    expect(tailLines(last.text, 3).lines.at(-1)).toMatch(/exited with code 1$/);
  });
});
