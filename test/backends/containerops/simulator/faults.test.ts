import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseFault } from '../../../../src/backends/containerops/simulator/faults.js';
import { call, simulatorPerTest } from './helpers.js';

const start = simulatorPerTest();

const PATH = '/v3/manage/pipelines/29503';

describe('faults', () => {
  it('latencyMs delays the normal answer; other pipelines are answered meanwhile', async () => {
    const { sim } = await start();
    sim.control.setFault(29503, { latencyMs: 1_000 });
    const answered: string[] = [];
    const started = performance.now();
    const delayed = call(sim, PATH).then(async (res) => {
      answered.push('29503');
      return { status: res.status, ms: performance.now() - started };
    });
    // Sent once the delayed one is held in the simulator.
    while (sim.control.getCount(29503) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const other = await call(sim, '/v3/manage/pipelines/29504');
    answered.push('29504');
    expect(other.status).toBe(200);
    const slow = await delayed;
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(980);
    // The other pipeline was not held behind it: its answer came first.
    expect(answered).toEqual(['29504', '29503']);
  });

  it('status answers each error in its default shape', async () => {
    const { sim } = await start();
    const cases = [
      [401, { error_code: 'APIGW.0301' }],
      [403, [{ errorCode: 'SVCSTG.SWR.4031033' }]],
      [404, [{ errorCode: 'SVCSTG.SWR.4040162' }]],
      [500, [{ errorCode: 'SVCSTG.SWR.5003008', detail: '' }]],
    ] as const;
    for (const [status, shape] of cases) {
      sim.control.setFault(29503, { status });
      const res = await call(sim, PATH);
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject(shape);
    }
  });

  it('429 carries Retry-After and the gateway throttling error', async () => {
    const { sim } = await start();
    sim.control.setFault(29503, { status: 429, retryAfterSeconds: 7 });
    const res = await call(sim, PATH);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(((await res.json()) as Record<string, string>).error_code).toBe('APIGW.0308');
  });

  it('500 comes in the shape asked for', async () => {
    const { sim } = await start();
    sim.control.setFault(29503, { status: 500, errorShape: 'apigw' });
    const apigw = (await (await call(sim, PATH)).json()) as Record<string, string>;
    expect(Object.keys(apigw).sort()).toEqual(['error_code', 'error_msg', 'request_id']);
    sim.control.setFault(29503, { status: 500, errorShape: 'iam' });
    expect(await (await call(sim, PATH)).json()).toEqual({
      error: {
        code: 500,
        message: 'An unexpected error prevented the server from fulfilling your request.',
        title: 'Internal Server Error',
      },
    });
    sim.control.setFault(29503, { status: 500, errorShape: 'swr' });
    const swr = (await (await call(sim, PATH)).json()) as unknown[];
    expect(swr).toHaveLength(1);
  });

  it('errorCode and errorMessage replace the canned ones (e.g. the "feature not available" 404)', async () => {
    const { sim } = await start();
    sim.control.setFault(29503, { status: 404, errorCode: 'SVCSTG.SWR.4040083', errorMessage: 'not available' });
    expect(await (await call(sim, PATH)).json()).toEqual([
      { errorCode: 'SVCSTG.SWR.4040083', errorMessage: 'not available', detail: '' },
    ]);
    sim.control.setFault(29503, {
      status: 500,
      errorCode: 'SVCSTG.SWR.5001123',
      errorMessage: 'Fail to get pipeline detail!',
    });
    expect(((await (await call(sim, PATH)).json()) as { errorCode: string }[])[0]?.errorCode).toBe(
      'SVCSTG.SWR.5001123',
    );
  });

  it('yaml answers YAML although JSON was asked for', async () => {
    const { sim } = await start();
    const normal: unknown = await (await call(sim, PATH)).json();
    sim.control.setFault(29503, { yaml: true });
    const res = await call(sim, PATH);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/yaml/);
    expect(parseYaml(await res.text())).toEqual(normal);
  });

  it('truncated cuts the JSON body', async () => {
    const { sim } = await start();
    const full = await (await call(sim, PATH)).text();
    sim.control.setFault(29503, { truncated: true });
    const res = await call(sim, PATH);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBe(Math.floor(full.length / 2));
    expect(full.startsWith(text)).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('html answers an HTML page (502 unless a status is given)', async () => {
    const { sim } = await start();
    sim.control.setFault(29503, { html: true });
    let res = await call(sim, PATH);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toMatch(/^<html>[\s\S]*502 Bad Gateway/);
    sim.control.setFault(29503, { html: true, status: 503 });
    res = await call(sim, PATH);
    expect(res.status).toBe(503);
  });

  it('hang never answers (the client must time out), and close() still returns', async () => {
    const { sim } = await start();
    sim.control.setFault(29503, { hang: true });
    await expect(call(sim, PATH, { signal: AbortSignal.timeout(300) })).rejects.toThrow(/abort|timeout/i);
    expect(sim.control.getCount(29503)).toBe(1);
  });

  it('times applies to the next N requests only, then clears itself', async () => {
    const { sim } = await start();
    sim.control.setFault(29503, { status: 500, times: 2 });
    expect((await call(sim, PATH)).status).toBe(500);
    expect(sim.control.faults()).toEqual({ '29503': { status: 500, times: 1 } });
    expect((await call(sim, PATH)).status).toBe(500);
    expect((await call(sim, PATH)).status).toBe(200);
    expect(sim.control.faults()).toEqual({});
    expect(sim.control.getCount(29503)).toBe(3);
    expect(sim.control.requestCount(PATH)).toBe(3);
  });

  it('targets every call (all), the list call (list) and IAM (iam); a pipeline fault wins over all', async () => {
    const { sim } = await start();
    sim.control.setFault('all', { status: 503 });
    expect((await call(sim, '/v3/manage/pipelines/29504')).status).toBe(503);
    expect((await call(sim, '/v3/manage/pipelines')).status).toBe(503);
    sim.control.setFault(29504, { status: 404 });
    expect((await call(sim, '/v3/manage/pipelines/29504')).status).toBe(404);
    sim.control.setFault('all', null);
    sim.control.setFault('list', { status: 500 });
    expect((await call(sim, '/v3/manage/pipelines')).status).toBe(500);
    expect((await call(sim, '/v3/manage/pipelines/29503')).status).toBe(200);
    sim.control.setFault('iam', { status: 500 });
    const iam = await fetch(`${sim.url}/v3/auth/tokens?nocatalog=true`, { method: 'POST', body: '{}' });
    expect(iam.status).toBe(500);
    expect(((await iam.json()) as { error: { code: number } }).error.code).toBe(500);
  });

  it('rejects invalid faults', () => {
    expect(parseFault({ status: 418 })).toEqual({
      problems: ['status must be one of 400, 401, 403, 404, 429, 500, 502, 503'],
    });
    expect(parseFault({ times: 0, color: 'red' })).toMatchObject({
      problems: expect.arrayContaining(['unknown field "color"']),
    });
    expect(parseFault([])).toEqual({ problems: ['a fault is a JSON object'] });
    expect(parseFault({ latencyMs: 5, hang: false })).toEqual({ fault: { latencyMs: 5, hang: false } });
  });
});

describe('HTTP control endpoint', () => {
  it('POST installs a fault, DELETE clears it, GET lists them; no token needed', async () => {
    const { sim } = await start();
    const post = await fetch(`${sim.url}/_simulator/faults/29503`, {
      method: 'POST',
      body: JSON.stringify({ status: 500, times: 1 }),
    });
    expect(post.status).toBe(200);
    expect(await post.json()).toEqual({ target: 29503, fault: { status: 500, times: 1 } });
    expect((await call(sim, PATH)).status).toBe(500);
    expect((await call(sim, PATH)).status).toBe(200);

    await fetch(`${sim.url}/_simulator/faults/all`, { method: 'POST', body: '{"status":429,"retryAfterSeconds":2}' });
    const listed = await fetch(`${sim.url}/_simulator/faults`);
    expect(await listed.json()).toEqual({ faults: { all: { status: 429, retryAfterSeconds: 2 } } });
    expect((await call(sim, PATH)).status).toBe(429);
    const del = await fetch(`${sim.url}/_simulator/faults/all`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await call(sim, PATH)).status).toBe(200);
  });

  it('answers 400 with the problems for an invalid fault or target', async () => {
    const { sim } = await start();
    const bad = await fetch(`${sim.url}/_simulator/faults/29503`, { method: 'POST', body: '{"status":"boom"}' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { problems: string[] }).problems).toHaveLength(1);
    expect((await fetch(`${sim.url}/_simulator/faults/x-y`, { method: 'POST', body: '{}' })).status).toBe(400);
    expect((await fetch(`${sim.url}/_simulator/nope`)).status).toBe(404);
    expect(() => sim.control.setFault(1, { times: -1 })).toThrow(/times/);
  });

  it('counts API requests (not control calls); reset clears counters and faults', async () => {
    const { sim } = await start();
    await call(sim, PATH);
    await call(sim, PATH);
    await call(sim, '/v3/manage/pipelines?limit=1');
    await fetch(`${sim.url}/_simulator/faults`);
    expect(sim.control.requestCount()).toBe(3);
    expect(sim.control.requestCount('/v3/manage/pipelines')).toBe(1);
    expect(sim.control.getCount(29503)).toBe(2);
    const counts = (await (await fetch(`${sim.url}/_simulator/requests`)).json()) as { total: number };
    expect(counts.total).toBe(3);
    sim.control.setFault(29503, { status: 500 });
    expect((await fetch(`${sim.url}/_simulator/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim.control.requestCount()).toBe(0);
    expect(sim.control.faults()).toEqual({});
  });

  it('advance moves the simulator clock', async () => {
    const { sim } = await start();
    const before = sim.control.now();
    sim.control.advance(100_000);
    expect(sim.control.now() - before).toBe(100_000);
    const p = (await (await call(sim, PATH)).json()) as { status: { status: string } };
    expect(p.status.status).toBe('success');
  });
});
