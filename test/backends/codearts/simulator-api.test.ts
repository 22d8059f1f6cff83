/** The CodeArts simulator over real HTTP: every path, its shapes, its errors and its authentication. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAnswer } from '../../../src/backends/codearts/answers.js';
import { formatCodeArtsBanner } from '../../../src/backends/codearts/simulator/banner.js';
import { SIMULATED_LOG_SECRET } from '../../../src/backends/codearts/simulator/logs.js';
import { apiPath, call, codeArtsPerTest, IDS, post, runDetail, T0, tokenOf, userIdOf } from './helpers.js';

const start = codeArtsPerTest();

type Json = Record<string, unknown>;

function loginBody(name: string, password: string, domain: string): string {
  return JSON.stringify({
    auth: {
      identity: { methods: ['password'], password: { user: { name, password, domain: { name: domain } } } },
      scope: { project: { name: 'cn-north-4' } },
    },
  });
}

describe('authentication', () => {
  it('refuses a missing or unknown token with the gateway’s 401', async () => {
    const { sim } = await start();
    const path = apiPath(sim, `/${IDS['web-portal-ci']}/pipeline-runs/detail`);
    for (const token of ['', 'not-a-token']) {
      const res = await call(sim, path, { headers: { 'X-Auth-Token': token } });
      expect(res.status).toBe(401);
      const body = (await res.json()) as Json;
      expect(body.error_code).toBe('APIGW.0301');
      expect(body.request_id).toBe(res.headers.get('x-request-id'));
    }
  });

  it('every user’s own token works; IAM logs each user in with their id, tokens expire and can be revoked', async () => {
    const { sim, at } = await start({ tokenTtlSeconds: 60 });
    const path = apiPath(sim, `/${IDS['web-portal-ci']}/pipeline-runs/detail`);
    for (const user of sim.users) {
      expect((await call(sim, path, { headers: { 'X-Auth-Token': user.token } })).status).toBe(200);
    }
    const bob = sim.users[1];
    const login = await fetch(`${sim.url}/v3/auth/tokens?nocatalog=true`, {
      method: 'POST',
      body: loginBody(bob?.name ?? '', bob?.password ?? '', 'codearts-demo'),
    });
    expect(login.status).toBe(201);
    const issued = login.headers.get('x-subject-token') ?? '';
    const user = ((await login.json()) as { token: { user: { id: string; name: string } } }).token.user;
    expect(user).toMatchObject({ name: 'bob', id: userIdOf(sim, 'bob') });
    expect((await call(sim, path, { headers: { 'X-Auth-Token': issued } })).status).toBe(200);
    at(60);
    expect((await call(sim, path, { headers: { 'X-Auth-Token': issued } })).status).toBe(401);
    const wrong = await fetch(`${sim.url}/v3/auth/tokens`, {
      method: 'POST',
      body: loginBody('bob', 'nope', 'codearts-demo'),
    });
    expect(wrong.status).toBe(401);
    sim.control.revokeTokens({ includeStatic: true });
    const revoked = await call(sim, path);
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as Json).error_msg).toMatch(/revoked/);
    sim.control.reset();
    expect((await call(sim, path)).status).toBe(200);
  });
});

describe('paths and errors', () => {
  it('unknown paths, a wrong project, a malformed id and an unknown pipeline', async () => {
    const { sim } = await start();
    const unknown = await call(sim, '/v5/x/api/other');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as Json).error_code).toBe('APIGW.0101');
    const project = await call(sim, `/v5/${'0'.repeat(32)}/api/pipelines/${IDS['web-portal-ci']}/pipeline-runs/detail`);
    expect(project.status).toBe(404);
    expect(await project.json()).toEqual({ error: { code: 'DEV_21_100169', message: 'The project does not exist.' } });
    const malformed = await call(sim, apiPath(sim, '/29476/pipeline-runs/detail'));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Json).error_code).toBe('SIM.00000400');
    // As Huawei's Terraform provider expects: a 200 that carries the error code.
    const missing = await call(sim, apiPath(sim, `/${'f'.repeat(32)}/pipeline-runs/detail`));
    expect(missing.status).toBe(200);
    expect(((await missing.json()) as Json).error_code).toBe('DEVPIPE.00011401');
    const notJson = await call(sim, apiPath(sim, '/list'), { method: 'POST', body: '{"name":' });
    expect(notJson.status).toBe(400);
  });
});

describe('run detail', () => {
  it('has the documented shape: string ids, int64 ms times, upper-case statuses, a console link that opens', async () => {
    const { sim } = await start();
    const body = (await runDetail(sim, IDS['web-portal-ci'])) as Json & { stages: Json[] };
    expect(readAnswer('run detail', body).ok).toBe(true);
    expect(body.pipeline_id).toBe(IDS['web-portal-ci']);
    expect(body.id).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof body.start_time).toBe('number');
    expect(body.end_time).toBe(0);
    expect(body.current_system_time).toBe(T0);
    expect(body.status).toBe('RUNNING');
    expect(body.stages.map((s) => s.status)).toEqual(['COMPLETED', 'COMPLETED', 'RUNNING', 'INIT']);
    expect(body.stages[3]).not.toHaveProperty('start_time');
    const page = await fetch(String(body.detail_url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('CodeArts simulator console');
  });

  it('answers a run by id or by number; an unknown run is a 404 in the other error shape', async () => {
    const { sim, at } = await start();
    at(400);
    const latest = (await runDetail(sim, IDS['web-portal-ci'])) as Json;
    expect(latest.run_number).toBe(2);
    const first = sim.control.runId(IDS['web-portal-ci'], 1);
    expect(((await runDetail(sim, IDS['web-portal-ci'], `?pipeline_run_id=${first}`)) as Json).status).toBe(
      'COMPLETED',
    );
    expect(((await runDetail(sim, IDS['web-portal-ci'], '?pipeline_run_number=1')) as Json).id).toBe(first);
    const unknown = await call(
      sim,
      apiPath(sim, `/${IDS['web-portal-ci']}/pipeline-runs/detail?pipeline_run_id=${'e'.repeat(32)}`),
    );
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: Json }).error.code).toBe('SIM.00000404');
    expect(
      (await call(sim, apiPath(sim, `/${IDS['web-portal-ci']}/pipeline-runs/detail?pipeline_run_id=x`))).status,
    ).toBe(400);
  });
});

describe('lists', () => {
  it('pipelines: fuzzy name, offset and limit, total, string stage times in latest_run', async () => {
    const { sim } = await start();
    const res = await post(sim, apiPath(sim, '/list'), {
      name: 'RELEASE',
      offset: 0,
      limit: 1,
      sort_key: 'name',
      sort_dir: 'asc',
    });
    const body = (await res.json()) as { total: number; pipelines: Json[] };
    expect(body.total).toBe(2);
    expect(body.pipelines.map((p) => p.name)).toEqual(['hotfix-release']);
    const next = (await (
      await post(sim, apiPath(sim, '/list'), {
        name: 'release',
        offset: 1,
        limit: 1,
        sort_key: 'name',
        sort_dir: 'asc',
      })
    ).json()) as { pipelines: Json[] };
    expect(next.pipelines.map((p) => p.name)).toEqual(['payment-release']);
    const latest = body.pipelines[0]?.latest_run as { stage_status_list: Json[] };
    expect(typeof latest.stage_status_list[0]?.start_time).toBe('string');
    expect(latest.stage_status_list[2]?.start_time).toBe('');
    for (const bad of [[], { limit: 0 }, { limit: 101 }, { offset: -1 }, { sort_key: 'id' }, { name: 7 }]) {
      expect((await post(sim, apiPath(sim, '/list'), bad)).status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('runs of one pipeline: newest first, total, a status filter', async () => {
    const { sim, at } = await start();
    at(3 * 720);
    const res = await post(sim, apiPath(sim, `/${IDS['nightly-build']}/pipeline-runs/list`), { offset: 0, limit: 2 });
    const body = (await res.json()) as { total: number; pipeline_runs: Json[] };
    expect(readAnswer('run list', body).ok).toBe(true);
    expect(body.total).toBe(4);
    expect(body.pipeline_runs.map((r) => r.run_number)).toEqual([4, 3]);
    const failed = (await (
      await post(sim, apiPath(sim, `/${IDS['nightly-build']}/pipeline-runs/list`), { status: ['RUNNING'] })
    ).json()) as { total: number };
    expect(failed.total).toBe(0);
  });

  it('latest status of many pipelines in one call: known ids only, once each', async () => {
    const { sim } = await start();
    const ids = [IDS['payment-release'], 'f'.repeat(32), IDS['payment-release'], IDS['monorepo-ci']];
    const body = (await (await post(sim, apiPath(sim, '/status'), ids)).json()) as Json[];
    expect(body.map((r) => r.pipeline_id)).toEqual([IDS['payment-release'], IDS['monorepo-ci']]);
    expect((await post(sim, apiPath(sim, '/status'), { ids })).status).toBe(400);
    expect((await post(sim, apiPath(sim, '/status'), Array(101).fill(IDS['monorepo-ci']))).status).toBe(400);
  });
});

describe('step logs', () => {
  async function failedStep(sim: Awaited<ReturnType<typeof start>>['sim']) {
    const body = (await runDetail(sim, IDS['nightly-build'])) as {
      id: string;
      stages: { jobs: { id: string; steps: { id: string }[] }[] }[];
    };
    const job = body.stages[1]?.jobs[0];
    return apiPath(
      sim,
      `/${IDS['nightly-build']}/pipeline-runs/${body.id}/jobs/${job?.id}/steps/${job?.steps[0]?.id}/logs`,
    );
  }

  it('reads a bounded tail (desc), offsets as strings, with the error and a secret-looking line at the end', async () => {
    const { sim } = await start();
    const path = await failedStep(sim);
    const page = (await (
      await post(sim, path, { limit: 50, sort: 'desc', start_offset: 0, end_offset: 0 })
    ).json()) as Json;
    expect(readAnswer('step log', page).ok).toBe(true);
    expect(page).toMatchObject({ has_more: true, start_offset: '1450', end_offset: '1500' });
    const lines = String(page.log).split('\n');
    expect(lines).toHaveLength(50);
    expect(lines.at(-1)).toMatch(/exited with code 1$/);
    expect(page.log).toContain(SIMULATED_LOG_SECRET);
    const before = (await (
      await post(sim, path, { limit: 50, sort: 'desc', end_offset: page.start_offset })
    ).json()) as Json;
    expect(before).toMatchObject({ start_offset: '1400', end_offset: '1450', has_more: true });
    const head = (await (await post(sim, path, { limit: 3, sort: 'asc' })).json()) as Json;
    expect(String(head.log).split('\n')[0]).toMatch(/Start executing step "maven-build"/);
    const capped = (await (await post(sim, path, { limit: 100_000, sort: 'asc' })).json()) as Json;
    expect(String(capped.log).split('\n')).toHaveLength(1_000);
  });

  it('refuses a body without limit or sort, and an unknown step', async () => {
    const { sim } = await start();
    const path = await failedStep(sim);
    for (const bad of [
      {},
      { limit: 10 },
      { sort: 'desc' },
      { limit: 0, sort: 'desc' },
      { limit: 5, sort: 'up' },
      { limit: 5, sort: 'asc', start_offset: 'x' },
    ]) {
      expect((await post(sim, path, bad)).status, JSON.stringify(bad)).toBe(400);
    }
    const other = path.replace(/steps\/[0-9a-f]{32}/, `steps/${'0'.repeat(32)}`);
    expect((await post(sim, other, { limit: 5, sort: 'desc' })).status).toBe(404);
  });

  it('a running step’s log grows with the clock', async () => {
    const { sim, at } = await start();
    const body = (await runDetail(sim, IDS['monorepo-ci'])) as {
      id: string;
      stages: { jobs: { id: string; steps: { id: string }[] }[] }[];
    };
    const job = body.stages[10]?.jobs[0];
    const path = apiPath(
      sim,
      `/${IDS['monorepo-ci']}/pipeline-runs/${body.id}/jobs/${job?.id}/steps/${job?.steps[0]?.id}/logs`,
    );
    const read = async () =>
      Number(((await (await post(sim, path, { limit: 500, sort: 'desc' })).json()) as Json).end_offset);
    const early = await read();
    at(10);
    expect(await read()).toBeGreaterThan(early);
  });
});

describe('pass and refuse', () => {
  async function reviewPath(
    sim: Awaited<ReturnType<typeof start>>['sim'],
    decision: string,
    id = IDS['payment-release'],
  ) {
    const body = (await runDetail(sim, id)) as {
      id: string;
      stages: { jobs: { id: string; steps: { id: string; task: string }[] }[] }[];
    };
    const job = body.stages.flatMap((s) => s.jobs).find((j) => j.steps[0]?.task === 'official_devcloud_checkpoint');
    return apiPath(sim, `/${id}/pipeline-runs/${body.id}/jobs/${job?.id}/steps/${job?.steps[0]?.id}/${decision}`);
  }

  it('records the decision as the token’s owner, with the comment', async () => {
    const { sim } = await start();
    const res = await call(sim, `${await reviewPath(sim, 'pass')}?approval_description=LGTM`, {
      method: 'POST',
      headers: { 'X-Auth-Token': tokenOf(sim, 'carol') },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect(sim.control.decisions(IDS['payment-release'])).toMatchObject([
      { user: 'carol', decision: 'pass', via: 'token', comment: 'LGTM', at: T0 },
    ]);
  });

  it('refuses a non-approver (403), a second decision and a decided review (error code in a 200)', async () => {
    const { sim } = await start();
    const pass = await reviewPath(sim, 'pass');
    const erin = await post(sim, pass, undefined, tokenOf(sim, 'erin'));
    expect(erin.status).toBe(403);
    expect(((await erin.json()) as Json).error_code).toBe('SIM.00000403');
    expect((await post(sim, pass, undefined, tokenOf(sim, 'alice'))).status).toBe(200);
    const again = await post(sim, pass, undefined, tokenOf(sim, 'alice'));
    expect(again.status).toBe(200);
    expect(((await again.json()) as Json).error_code).toBe('SIM.00000409');
    expect((await post(sim, await reviewPath(sim, 'refuse'), undefined, tokenOf(sim, 'bob'))).status).toBe(200);
    const late = await post(sim, pass, undefined, tokenOf(sim, 'carol'));
    expect(((await late.json()) as Json).error_code).toBe('SIM.00000409');
    expect(sim.control.decisions().map((d) => [d.user, d.decision])).toEqual([
      ['alice', 'pass'],
      ['bob', 'refuse'],
    ]);
  });

  it('refuses a step that is not a review, and unknown runs, jobs and steps', async () => {
    const { sim } = await start();
    const pass = await reviewPath(sim, 'pass');
    const body = (await runDetail(sim, IDS['payment-release'])) as {
      id: string;
      stages: { jobs: { id: string; steps: { id: string }[] }[] }[];
    };
    const build = body.stages[0]?.jobs[0];
    const notReview = apiPath(
      sim,
      `/${IDS['payment-release']}/pipeline-runs/${body.id}/jobs/${build?.id}/steps/${build?.steps[0]?.id}/pass`,
    );
    expect((await post(sim, notReview, undefined, tokenOf(sim, 'alice'))).status).toBe(400);
    const noRun = pass.replace(body.id, 'e'.repeat(32));
    expect((await post(sim, noRun, undefined, tokenOf(sim, 'alice'))).status).toBe(404);
    const noStep = pass.replace(/steps\/[0-9a-f]{32}/, `steps/${'e'.repeat(32)}`);
    expect((await post(sim, noStep, undefined, tokenOf(sim, 'alice'))).status).toBe(404);
    const noPipeline = pass.replace(IDS['payment-release'], 'f'.repeat(32));
    expect(((await (await post(sim, noPipeline, undefined, tokenOf(sim, 'alice'))).json()) as Json).error_code).toBe(
      'DEVPIPE.00011401',
    );
    expect(sim.control.decisions()).toEqual([]);
  });
});

describe('documentation', () => {
  it('the README and the banner name every pipeline, person and credential as the simulator has them', async () => {
    const { sim } = await start();
    const readme = readFileSync(new URL('../../../src/backends/codearts/simulator/README.md', import.meta.url), 'utf8');
    const banner = formatCodeArtsBanner(sim, 1);
    expect(readme).toContain(sim.projectId);
    for (const s of sim.scenarios) {
      expect(readme).toContain(`\`${s.id}\` | \`${s.name}\``);
      expect(banner).toContain(s.id);
    }
    for (const u of sim.users) {
      for (const value of [u.id, u.token, u.password, u.accessKey, u.secretKey]) {
        expect(readme).toContain(value);
        expect(banner).toContain(value);
      }
    }
  });
});
