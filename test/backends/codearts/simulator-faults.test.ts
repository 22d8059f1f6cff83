/** The CodeArts simulator's faults, AK/SK signing and control API, over real HTTP. */
import { describe, expect, it } from 'vitest';
import { interpretAnswer } from '../../../src/backends/codearts/errors.js';
import { parseCodeArtsFault } from '../../../src/backends/codearts/simulator/faults.js';
import type { CodeArtsSimulator } from '../../../src/backends/codearts/simulator/server.js';
import { signRequest } from '../../../src/backends/huawei/auth/aksk-signer.js';
import { apiPath, call, codeArtsPerTest, IDS, post, runDetail, T0 } from './helpers.js';

const start = codeArtsPerTest();

type Json = Record<string, unknown>;
const detailPath = (sim: CodeArtsSimulator, id = IDS['web-portal-ci']) => apiPath(sim, `/${id}/pipeline-runs/detail`);

async function received(res: Response) {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers), body, text };
}

describe('faults', () => {
  it('latency delays only the pipeline it targets', async () => {
    const { sim } = await start();
    sim.control.setFault(IDS['web-portal-ci'], { latencyMs: 1_000 });
    const started = performance.now();
    const order: string[] = [];
    const slow = call(sim, detailPath(sim)).then((res) => {
      order.push('slow');
      return res;
    });
    // Compared by order, not by time: a loaded machine slows every request, never the order.
    const fast = await call(sim, detailPath(sim, IDS['monorepo-ci']));
    order.push('fast');
    expect(fast.status).toBe(200);
    expect((await slow).status).toBe(200);
    expect(order).toEqual(['fast', 'slow']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(980);
  });

  it('429 with Retry-After; both error shapes; an error inside a 200 — each read by the error mapping', async () => {
    const { sim } = await start();
    sim.control.setFault('all', { status: 429, retryAfterSeconds: 7, times: 1 });
    const throttled = await received(await call(sim, detailPath(sim)));
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('7');
    expect((throttled.body as Json).error_code).toBe('APIGW.0308');
    const mapped = interpretAnswer(throttled, 'detail', [], T0);
    expect(mapped.kind === 'error' && [mapped.error.kind, mapped.error.retryAfterSeconds]).toEqual(['rate_limited', 7]);

    sim.control.setFault(IDS['web-portal-ci'], { status: 404, errorShape: 'error_object', times: 1 });
    const missing = await received(await call(sim, detailPath(sim)));
    expect(missing.body).toEqual({
      error: { code: 'DEVPIPE.00011401', message: 'The pipeline does not exist or has been deleted.' },
    });
    expect(interpretAnswer(missing, 'detail', [], T0)).toMatchObject({ kind: 'error', error: { kind: 'not_found' } });

    sim.control.setFault(IDS['web-portal-ci'], { errorIn200: true, errorCode: 'DEV_21_100169', times: 1 });
    const inside = await received(await call(sim, detailPath(sim)));
    expect(inside.status).toBe(200);
    expect((inside.body as Json).error_code).toBe('DEV_21_100169');
    expect(interpretAnswer(inside, 'detail', [], T0)).toMatchObject({
      kind: 'error',
      error: { kind: 'unavailable', status: 200 },
    });

    sim.control.setFault(IDS['web-portal-ci'], { status: 500, times: 1 });
    expect(interpretAnswer(await received(await call(sim, detailPath(sim))), 'detail', [], T0)).toMatchObject({
      kind: 'error',
      error: { kind: 'upstream', code: 'SIM.00000500' },
    });
    expect((await call(sim, detailPath(sim))).status).toBe(200);
  });

  it('truncated, html and hang', async () => {
    const { sim } = await start();
    sim.control.setFault(IDS['web-portal-ci'], { truncated: true, times: 1 });
    const cut = await call(sim, detailPath(sim));
    expect(cut.status).toBe(200);
    await expect(cut.clone().json()).rejects.toThrow();
    sim.control.setFault(IDS['web-portal-ci'], { html: true, status: 503, times: 1 });
    const html = await call(sim, detailPath(sim));
    expect(html.status).toBe(503);
    expect(html.headers.get('content-type')).toBe('text/html');
    sim.control.setFault(IDS['web-portal-ci'], { hang: true, times: 1 });
    await expect(call(sim, detailPath(sim), { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect((await call(sim, detailPath(sim))).status).toBe(200);
  });

  it('targets: list, status and iam answer only their call; iam errors in IAM’s shape', async () => {
    const { sim } = await start();
    sim.control.setFault('list', { status: 503 });
    sim.control.setFault('status', { status: 502 });
    sim.control.setFault('iam', { status: 401 });
    expect((await post(sim, apiPath(sim, '/list'), {})).status).toBe(503);
    expect((await post(sim, apiPath(sim, '/status'), [])).status).toBe(502);
    expect((await call(sim, detailPath(sim))).status).toBe(200);
    const iam = await fetch(`${sim.url}/v3/auth/tokens`, { method: 'POST', body: '{}' });
    expect(iam.status).toBe(401);
    expect(((await iam.json()) as { error: Json }).error.code).toBe(401);
    expect(Object.keys(sim.control.faults()).sort()).toEqual(['iam', 'list', 'status']);
  });

  it('are validated, and set, listed and cleared over HTTP', async () => {
    const { sim } = await start();
    expect(parseCodeArtsFault({ status: 418, colour: 'red', times: 0 })).toEqual({
      problems: [
        'unknown field "colour"',
        'times must be a whole number ≥ 1',
        expect.stringMatching(/^status must be one of/),
      ],
    });
    expect(() => sim.control.setFault('all', { latencyMs: -1 })).toThrow(/invalid fault/);
    const bad = await fetch(`${sim.url}/_simulator/faults/all`, { method: 'POST', body: '{"hang":"yes"}' });
    expect(bad.status).toBe(400);
    expect((await fetch(`${sim.url}/_simulator/faults/not-a-target`, { method: 'POST', body: '{}' })).status).toBe(400);
    const set = await fetch(`${sim.url}/_simulator/faults/${IDS['monorepo-ci']}`, {
      method: 'POST',
      body: '{"status":500,"times":2}',
    });
    expect(set.status).toBe(200);
    expect(((await (await fetch(`${sim.url}/_simulator/faults`)).json()) as { faults: Json }).faults).toEqual({
      [IDS['monorepo-ci']]: { status: 500, times: 2 },
    });
    expect((await call(sim, detailPath(sim, IDS['monorepo-ci']))).status).toBe(500);
    expect(sim.control.faults()[IDS['monorepo-ci']]?.times).toBe(1);
    await fetch(`${sim.url}/_simulator/faults/${IDS['monorepo-ci']}`, { method: 'DELETE' });
    expect((await call(sim, detailPath(sim, IDS['monorepo-ci']))).status).toBe(200);
  });
});

describe('AK/SK', () => {
  function signed(sim: CodeArtsSimulator, path: string, user: string, secretKey?: string): Promise<Response> {
    const key = sim.users.find((u) => u.name === user);
    const headers = { 'Content-Type': 'application/json', 'X-Project-Id': 'iam-project' };
    const signature = signRequest({
      method: 'POST',
      url: `${sim.url}${path}`,
      headers,
      body: '',
      date: new Date(T0),
      accessKey: key?.accessKey ?? '',
      secretKey: secretKey ?? key?.secretKey ?? '',
    });
    return fetch(`${sim.url}${path}`, { method: 'POST', headers: { ...headers, ...signature } });
  }

  it('a signed pass is recorded as the key’s owner; a wrong secret is refused', async () => {
    const { sim } = await start();
    const body = (await runDetail(sim, IDS['hotfix-release'])) as {
      id: string;
      stages: { jobs: { id: string; steps: { id: string }[] }[] }[];
    };
    const job = body.stages[1]?.jobs[0];
    const path = apiPath(
      sim,
      `/${IDS['hotfix-release']}/pipeline-runs/${body.id}/jobs/${job?.id}/steps/${job?.steps[0]?.id}/pass`,
    );
    const forged = await signed(sim, path, 'bob', 'not-bobs-secret');
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as Json).error_msg).toMatch(/verify aksk signature fail/);
    const res = await signed(sim, path, 'bob');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect(sim.control.decisions()).toMatchObject([{ user: 'bob', via: 'aksk', decision: 'pass' }]);
  });
});

describe('control API', () => {
  it('advance, reviews as a named user, decisions, request counts and reset', async () => {
    const { sim } = await start();
    expect((await call(sim, detailPath(sim))).status).toBe(200);
    expect(sim.control.requestCount(detailPath(sim))).toBe(1);
    const detail = (await runDetail(sim, IDS['payment-release'])) as {
      id: string;
      stages: { jobs: { id: string; steps: { id: string }[] }[] }[];
    };
    const job = detail.stages[2]?.jobs[0];
    const address = {
      pipelineId: IDS['payment-release'],
      runId: detail.id,
      jobRunId: job?.id,
      stepRunId: job?.steps[0]?.id,
    };
    const review = (user: string) =>
      fetch(`${sim.url}/_simulator/reviews`, {
        method: 'POST',
        body: JSON.stringify({ ...address, user, decision: 'pass' }),
      });
    expect((await review('erin')).status).toBe(403);
    expect((await review('alice')).status).toBe(200);
    expect((await fetch(`${sim.url}/_simulator/reviews`, { method: 'POST', body: '{}' })).status).toBe(400);
    const decisions = (await (await fetch(`${sim.url}/_simulator/decisions`)).json()) as { decisions: Json[] };
    expect(decisions.decisions).toMatchObject([{ user: 'alice', via: 'control' }]);
    const advanced = await fetch(`${sim.url}/_simulator/advance`, { method: 'POST', body: '{"ms":5000}' });
    expect(((await advanced.json()) as Json).now).toBe(T0 + 5_000);
    expect(sim.control.runDetail(IDS['payment-release'])).toMatchObject({ current_system_time: T0 + 5_000 });
    expect(sim.control.runDetail('f'.repeat(32))).toBeNull();
    expect((await fetch(`${sim.url}/_simulator/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim.control.decisions()).toEqual([]);
    expect(sim.control.now()).toBe(T0);
    expect(sim.control.requestCount()).toBe(0);
    expect((await fetch(`${sim.url}/_simulator/nothing`)).status).toBe(404);
  });
});
