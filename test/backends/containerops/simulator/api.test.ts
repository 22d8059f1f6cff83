import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { formatBanner } from '../../../../src/backends/containerops/simulator/banner.js';
import { call, getPipeline, simulatorPerTest } from './helpers.js';

const start = simulatorPerTest();

const bob = { name: 'bob', password: 'bob-password', domain: 'acme' };

function loginBody(name: string, password: string, domain: string) {
  return JSON.stringify({
    auth: {
      identity: { methods: ['password'], password: { user: { name, password, domain: { name: domain } } } },
      scope: { project: { name: 'cn-north-4' } },
    },
  });
}

function login(url: string, name: string, password: string, domain: string): Promise<Response> {
  return fetch(`${url}/v3/auth/tokens?nocatalog=true`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json;charset=utf8' },
    body: loginBody(name, password, domain),
  });
}

describe('authentication', () => {
  it('answers 401 in the gateway shape without, or with an unknown, X-Auth-Token', async () => {
    const { sim } = await start();
    const missing = await call(sim, '/v3/manage/pipelines/29503', { headers: { 'X-Auth-Token': '' } });
    expect(missing.status).toBe(401);
    const body = (await missing.json()) as Record<string, string>;
    expect(body.error_code).toBe('APIGW.0301');
    expect(body.error_msg).toMatch(/^Incorrect IAM authentication information: /);
    expect(body.request_id).toMatch(/^[0-9a-f]{32}$/);
    expect(missing.headers.get('x-request-id')).toBe(body.request_id);

    const bad = await call(sim, '/v3/manage/pipelines', { headers: { 'X-Auth-Token': 'not-a-token' } });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as Record<string, string>).error_code).toBe('APIGW.0301');
    // Gateway errors are JSON even when the client did not ask for it.
    const noAccept = await fetch(`${sim.url}/v3/manage/pipelines/29503`);
    expect(noAccept.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('issues IAM tokens that work for SWR calls until they expire', async () => {
    const { sim, at } = await start({ iamUsers: [bob], tokenTtlSeconds: 60 });
    const res = await login(sim.url, 'bob', 'bob-password', 'acme');
    expect(res.status).toBe(201);
    const token = res.headers.get('x-subject-token') ?? '';
    expect(token.length).toBeGreaterThan(40);
    const body = (await res.json()) as { token: { expires_at: string; methods: string[]; user: { name: string } } };
    expect(body.token.expires_at).toBe('2024-03-01T08:01:00.000000Z');
    expect(body.token.methods).toEqual(['password']);
    expect(body.token.user.name).toBe('bob');

    at(59);
    expect((await call(sim, '/v3/manage/pipelines/29503', { headers: { 'X-Auth-Token': token } })).status).toBe(200);
    at(60);
    const expired = await call(sim, '/v3/manage/pipelines/29503', { headers: { 'X-Auth-Token': token } });
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as Record<string, string>).error_msg).toContain('token expired');
  });

  it('refuses a wrong password in the IAM shape, and a malformed body with 400', async () => {
    const { sim } = await start({ iamUsers: [bob] });
    const wrong = await login(sim.url, 'bob', 'nope', 'acme');
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('x-subject-token')).toBeNull();
    expect(await wrong.json()).toEqual({
      error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' },
    });
    expect((await login(sim.url, 'bob', 'bob-password', 'other-domain')).status).toBe(401);
    const malformed = await fetch(`${sim.url}/v3/auth/tokens?nocatalog=true`, { method: 'POST', body: '{"auth":' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { code: number } }).error.code).toBe(400);
  });

  it('the default demo user logs in with the documented body', async () => {
    const { sim } = await start();
    const [user] = sim.iamUsers;
    expect(user?.name).toBe('alice');
    const res = await login(sim.url, user?.name ?? '', user?.password ?? '', user?.domain ?? '');
    expect(res.status).toBe(201);
  });

  it('revokeTokens invalidates issued tokens, and the static token only when asked', async () => {
    const { sim } = await start({ iamUsers: [bob] });
    const token = (await login(sim.url, 'bob', 'bob-password', 'acme')).headers.get('x-subject-token') ?? '';
    sim.control.revokeTokens();
    const revoked = await call(sim, '/v3/manage/pipelines/29503', { headers: { 'X-Auth-Token': token } });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as Record<string, string>).error_code).toBe('APIGW.0301');
    expect((await call(sim, '/v3/manage/pipelines/29503')).status).toBe(200);
    // A fresh login still works after a revocation.
    const fresh = (await login(sim.url, 'bob', 'bob-password', 'acme')).headers.get('x-subject-token') ?? '';
    expect((await call(sim, '/v3/manage/pipelines/29503', { headers: { 'X-Auth-Token': fresh } })).status).toBe(200);

    const viaHttp = await fetch(`${sim.url}/_simulator/tokens/revoke`, {
      method: 'POST',
      body: JSON.stringify({ includeStatic: true }),
    });
    expect(viaHttp.status).toBe(200);
    expect((await call(sim, '/v3/manage/pipelines/29503')).status).toBe(401);
    expect((await call(sim, '/v3/manage/pipelines/29503', { headers: { 'X-Auth-Token': fresh } })).status).toBe(401);
    sim.control.reset();
    expect((await call(sim, '/v3/manage/pipelines/29503')).status).toBe(200);
  });

  it('accepts a configured static token', async () => {
    const { sim } = await start({ token: 'my-token' });
    expect(sim.token).toBe('my-token');
    expect((await call(sim, '/v3/manage/pipelines/29503')).status).toBe(200);
    expect(
      (await call(sim, '/v3/manage/pipelines/29503', { headers: { 'X-Auth-Token': 'simulator-demo-token' } })).status,
    ).toBe(401);
  });
});

describe('detail call', () => {
  it('answers JSON only when Accept asks for it, else YAML with the same content', async () => {
    const { sim } = await start();
    const json = await call(sim, '/v3/manage/pipelines/29504');
    expect(json.headers.get('content-type')).toMatch(/^application\/json/);
    const fromJson: unknown = await json.json();
    for (const accept of ['', '*/*', 'text/plain']) {
      const res = await call(sim, '/v3/manage/pipelines/29504', { headers: { Accept: accept } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/yaml/);
      const text = await res.text();
      expect(() => JSON.parse(text)).toThrow();
      expect(parseYaml(text)).toEqual(fromJson);
    }
    const mixed = await call(sim, '/v3/manage/pipelines/29504', {
      headers: { Accept: 'text/html, application/json;q=0.9' },
    });
    expect(mixed.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers 404 in the SWR shape for an unknown id and 400 for a non-numeric one', async () => {
    const { sim } = await start();
    const missing = await call(sim, '/v3/manage/pipelines/424242');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual([
      {
        errorCode: 'SVCSTG.SWR.4040162',
        errorMessage: 'Not found database data',
        detail: 'pipeline 424242 does not exist',
      },
    ]);
    const bad = await call(sim, '/v3/manage/pipelines/abc');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errorCode: string }[])[0]?.errorCode).toBe('SVCSTG.SWR.4000014');
    const unknownApi = await call(sim, '/v3/manage/namespaces');
    expect(unknownApi.status).toBe(404);
    expect(((await unknownApi.json()) as Record<string, string>).error_code).toBe('APIGW.0101');
  });

  it('writes times with the zero time for unset and fractions of varying length', async () => {
    const { sim } = await start();
    const stamps: string[] = [];
    for (const id of [29501, 29502, 29503, 29504, 29505]) {
      const p = await getPipeline(sim, id);
      for (const s of p.status.stages ?? []) stamps.push(s.start_time, s.end_time);
      stamps.push(p.status.created_time, p.status.updated_time, p.status.start_time, p.status.end_time);
    }
    for (const s of stamps) expect(s).toMatch(/^(0001-01-01T00:00:00Z|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?Z)$/);
    expect(stamps).toContain('0001-01-01T00:00:00Z');
    const fractionLengths = new Set(stamps.map((s) => /\.(\d+)Z$/.exec(s)?.[1]?.length ?? 0));
    expect(fractionLengths.size).toBeGreaterThan(1);
  });
});

describe('list call', () => {
  it('filters by name substring (any case) and group, with Content-Range and null stage statuses', async () => {
    const { sim } = await start();
    const res = await call(sim, `/v3/manage/pipelines?filter=${encodeURIComponent('name::DEMO')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toBe('0-1/1');
    const items = (await res.json()) as { id: number; status: { stages: unknown; status: string } }[];
    expect(items.map((p) => p.id)).toEqual([29503]);
    expect(items[0]?.status.stages).toBeNull();
    expect(items[0]?.status.status).toBe('running');

    const group = await call(sim, `/v3/manage/pipelines?filter=${encodeURIComponent('name::e|group_id::812')}`);
    expect(((await group.json()) as { id: number }[]).map((p) => p.id)).toEqual([29476, 29501, 29503]);
    const byGroupName = await call(sim, `/v3/manage/pipelines?filter=${encodeURIComponent('group_name::电商平台')}`);
    expect(((await byGroupName.json()) as { id: number }[]).map((p) => p.id)).toEqual([29504]);
  });

  it('pages with limit and offset', async () => {
    const { sim } = await start();
    const all = await call(sim, '/v3/manage/pipelines');
    expect(all.headers.get('content-range')).toBe('0-6/6');
    const page = await call(sim, '/v3/manage/pipelines?limit=2&offset=2');
    expect(page.headers.get('content-range')).toBe('2-2/6');
    expect(((await page.json()) as { id: number }[]).map((p) => p.id)).toEqual([29502, 29503]);
    const past = await call(sim, '/v3/manage/pipelines?limit=2&offset=10');
    expect(past.headers.get('content-range')).toBe('10-0/6');
    expect(await past.json()).toEqual([]);
    const badLimit = await call(sim, '/v3/manage/pipelines?limit=-1');
    expect(badLimit.status).toBe(400);
    expect(((await badLimit.json()) as { errorCode: string }[])[0]?.errorCode).toBe('SVCSTG.SWR.4001070');
  });

  it('includes installed pipelines', async () => {
    const { sim } = await start();
    sim.control.setPipeline(7, {
      id: 7,
      name: 'scripted-demo',
      group_id: 1,
      group_name: 'g',
      status: { status: 'success', stages: [] },
    });
    const res = await call(sim, `/v3/manage/pipelines?filter=${encodeURIComponent('name::scripted')}`);
    expect(await res.json()).toEqual([
      { id: 7, name: 'scripted-demo', group_id: 1, group_name: 'g', status: { status: 'success', stages: null } },
    ]);
  });
});

describe('banner', () => {
  it('shows the URL, the token, each pipeline and the env lines to paste', async () => {
    const { sim } = await start();
    const text = formatBanner(sim, 1);
    expect(text).toContain(`SWR_ENDPOINT=${sim.url}\n`);
    expect(text).toContain('SWR_AUTH_TOKEN=simulator-demo-token\n');
    expect(text).toContain('"alice"');
    for (const s of sim.scenarios) expect(text).toMatch(new RegExp(`\\n  ${s.id}\\s+${s.name}\\s+\\S`));
  });
});
