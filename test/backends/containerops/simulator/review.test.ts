import { describe, expect, it } from 'vitest';
import { call, getPipeline, ms, putReview, simulatorPerTest, T0, type TestSimulator } from './helpers.js';

const users = [
  { name: 'bob', password: 'bob-pw', domain: 'acme' },
  { name: 'mallory', password: 'mallory-pw', domain: 'acme' },
];
const start = simulatorPerTest({ iamUsers: users });

async function tokenOf(url: string, name: string): Promise<string> {
  const user = users.find((u) => u.name === name);
  const res = await fetch(`${url}/v3/auth/tokens?nocatalog=true`, {
    method: 'POST',
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name, password: user?.password, domain: { name: user?.domain } } },
        },
        scope: { project: { name: 'cn-north-4' } },
      },
    }),
  });
  return res.headers.get('x-subject-token') ?? '';
}

const ID = 29501;
const resultsOf = async (sim: TestSimulator['sim']) =>
  (await getPipeline(sim, ID)).status.stages?.[3]?.state?.review_results?.map((r) => `${r.user_name}:${r.result}`);

describe('review PUT on the review scenario', () => {
  it('records the token owner; the stage completes once every reviewer passed (mode all), then the pipeline moves on', async () => {
    const { sim, at } = await start();
    at(10);
    const res = await putReview(sim, ID, 3, 'pass');
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({});
    expect(await resultsOf(sim)).toEqual(['zhang.wei:pass', 'alice:pass', 'bob:waiting']);
    let p = await getPipeline(sim, ID);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 3 });
    expect(p.status.stages?.[3]?.status).toBe('waiting');
    expect(ms(p.status.updated_time)).toBe(T0 + 10_000);

    const again = await putReview(sim, ID, 3, 'pass');
    expect(again.status).toBe(400);
    expect(((await again.json()) as { errorCode: string; detail: string }[])[0]).toMatchObject({
      errorCode: 'SVCSTG.SWR.4000014',
      detail: 'user alice has already reviewed stage 3',
    });

    at(20);
    expect((await putReview(sim, ID, 3, 'pass', await tokenOf(sim.url, 'bob'))).status).toBe(201);
    p = await getPipeline(sim, ID);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 4 });
    expect(p.status.stages?.[3]).toMatchObject({ status: 'success' });
    expect(ms(p.status.stages?.[3]?.end_time ?? '')).toBe(T0 + 20_000);
    expect(ms(p.status.stages?.[4]?.start_time ?? '')).toBe(T0 + 20_000);

    at(80);
    p = await getPipeline(sim, ID);
    expect(p.status.status).toBe('success');
    expect(p.status.stages?.map((s) => s.status)).toEqual(['success', 'success', 'success', 'success', 'success']);
    const end = ms(p.status.end_time);
    expect(end - T0).toBeGreaterThan(65_000);
    expect(end - T0).toBeLessThan(66_000);

    // After the idle pause a new run starts, and reaches the review again with fresh results.
    at(end / 1000 - T0 / 1000 + 120 + 20 + 90 + 60 + 10);
    p = await getPipeline(sim, ID);
    expect(ms(p.status.start_time)).toBe(end + 120_000);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 3 });
    expect(await resultsOf(sim)).toEqual(['zhang.wei:pass', 'alice:waiting', 'bob:waiting']);
    expect(p.params.find((x) => x.name === 'SYS_INCREMENT')?.value).toBe('38');
  });

  it('a refusal fails the stage and the pipeline', async () => {
    const { sim, at } = await start();
    at(5);
    expect((await putReview(sim, ID, 3, 'refuse', await tokenOf(sim.url, 'bob'))).status).toBe(201);
    const p = await getPipeline(sim, ID);
    expect(p.status).toMatchObject({ status: 'stage_exception', stage_index: 3 });
    expect(ms(p.status.end_time)).toBe(T0 + 5000);
    expect(p.status.stages?.[3]?.status).toBe('stage_exception');
    expect(p.status.stages).toHaveLength(4);
    expect(await resultsOf(sim)).toEqual(['zhang.wei:pass', 'alice:waiting', 'bob:refuse']);
    // No longer a waiting review.
    expect((await putReview(sim, ID, 3, 'pass')).status).toBe(400);
  });

  it('refuses a user who is not a reviewer with 403, and stages that are not a waiting review with 400', async () => {
    const { sim } = await start();
    const stranger = await putReview(sim, ID, 3, 'pass', await tokenOf(sim.url, 'mallory'));
    expect(stranger.status).toBe(403);
    expect(await stranger.json()).toEqual([
      {
        errorCode: 'SVCSTG.SWR.4031033',
        errorMessage: 'You request is unavailable',
        detail: 'user mallory is not among the review_users of stage 3',
      },
    ]);
    for (const [id, index, status] of [
      [ID, 1, 400],
      [ID, 9, 400],
      [29503, 0, 400],
      [29476, 0, 400],
      [555, 0, 404],
    ] as const) {
      const res = await putReview(sim, id, index, 'pass');
      expect(res.status).toBe(status);
      expect(Array.isArray(await res.json())).toBe(true);
    }
    const badBody = await call(sim, `/v3/manage/pipelines/${ID}/stages/3/start_info`, {
      method: 'PUT',
      // The document's own example has a trailing comma: invalid JSON, refused like any malformed body.
      body: '{"mode":"review","review_result":"pass",}',
    });
    expect(badBody.status).toBe(400);
    const noAuth = await putReview(sim, ID, 3, 'pass', 'bogus');
    expect(noAuth.status).toBe(401);
    expect(await resultsOf(sim)).toEqual(['zhang.wei:pass', 'alice:waiting', 'bob:waiting']);
  });

  it('control.review and the HTTP control endpoint apply the same rules', async () => {
    const { sim } = await start();
    expect(sim.control.review(ID, 3, 'carol', 'pass')).toMatchObject({ ok: false, status: 403 });
    expect(sim.control.review(ID, 3, 'alice', 'pass')).toEqual({ ok: true });
    const res = await fetch(`${sim.url}/_simulator/reviews/${ID}/3`, {
      method: 'POST',
      body: JSON.stringify({ user: 'bob', result: 'pass' }),
    });
    expect(res.status).toBe(201);
    expect((await getPipeline(sim, ID)).status.stage_index).toBe(4);
  });
});

describe('review on an installed (scripted) pipeline', () => {
  const scripted = () => ({
    id: 900,
    name: 'scripted-review',
    group_id: 1,
    group_name: 'default',
    stages: [
      { id: 1, name: 'build', service_name: 'jenkins_build', params: {} },
      {
        id: 2,
        name: 'approve',
        service_name: 'test_review',
        params: { review_mode: 'one', review_users: [{ user_name: 'alice' }, { user_name: 'bob' }] },
      },
      { id: 3, name: 'deploy', service_name: 'official_deploy', params: {} },
    ],
    status: {
      status: 'running',
      stage_index: 1,
      start_time: '2024-03-01T07:00:00Z',
      end_time: '0001-01-01T00:00:00Z',
      stages: [
        { status: 'success', start_time: '2024-03-01T07:00:00Z', end_time: '2024-03-01T07:01:00Z' },
        {
          status: 'waiting',
          start_time: '2024-03-01T07:01:00Z',
          end_time: '0001-01-01T00:00:00Z',
          state: {
            review_results: [
              { user_name: 'alice', result: 'waiting' },
              { user_name: 'bob', result: 'waiting' },
            ],
          },
        },
      ],
    },
  });

  it('one pass is enough in mode one; the next stage starts', async () => {
    const { sim, at } = await start();
    sim.control.setPipeline(900, scripted());
    at(30);
    expect((await putReview(sim, 900, 1, 'pass')).status).toBe(201);
    const p = await getPipeline(sim, 900);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 2 });
    expect(p.status.stages?.map((s) => s.status)).toEqual(['success', 'success', 'running']);
    expect(ms(p.status.stages?.[1]?.end_time ?? '')).toBe(T0 + 30_000);
    expect(p.status.stages?.[1]?.state?.review_results).toEqual([
      { user_name: 'alice', result: 'pass' },
      { user_name: 'bob', result: 'waiting' },
    ]);
  });

  it('a refusal fails it; setPipeline(id, null) removes the installed pipeline', async () => {
    const { sim } = await start();
    sim.control.setPipeline(900, scripted());
    expect(sim.control.review(900, 1, 'bob', 'refuse')).toEqual({ ok: true });
    expect((await getPipeline(sim, 900)).status.status).toBe('stage_exception');
    expect(sim.control.review(900, 1, 'zed', 'pass')).toMatchObject({ ok: false, status: 403 });
    sim.control.setPipeline(900, null);
    expect((await call(sim, '/v3/manage/pipelines/900')).status).toBe(404);
  });
});
