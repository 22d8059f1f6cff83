/**
 * The pipeline API checked once at start-up, as Slack is with auth.test: a wrong endpoint, token or IAM password
 * is a `warn` line naming the variable and what the API answered; the bot starts anyway and /healthz shows the
 * API's state (`failing`, or `auth_refused` when nothing works until the operator acts). Real bot, real simulators.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startCodeArtsSimulator } from '../../src/backends/codearts/simulator/server.js';
import { type Harness, startHarness } from './bot-harness.js';

const WRONG = 'wrong-token-for-the-check';

/** A port nothing listens on: bound, then freed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const startupWarning = (h: Harness) => h.logs.find((l) => l.level === 'warn' && l.component === 'startup');

async function swrHealth(h: Harness): Promise<Record<string, unknown>> {
  const body = (await (await fetch(`${h.baseUrl}/healthz`)).json()) as { ok: boolean; swr: Record<string, unknown> };
  expect(body.ok).toBe(true);
  return body.swr;
}

async function withHarness(env: Record<string, string>, check: (h: Harness) => Promise<void>): Promise<void> {
  const h = await startHarness(env);
  try {
    await check(h);
  } finally {
    await h.close();
  }
}

describe('the SWR check at start-up', () => {
  it('a good endpoint and token: /healthz says ok, nothing is warned', async () => {
    await withHarness({}, async (h) => {
      expect(startupWarning(h)).toBeUndefined();
      expect(h.logs.some((l) => l.msg === 'SWR answered the start-up check')).toBe(true);
      expect(await swrHealth(h)).toMatchObject({ state: 'ok', detail: null });
    });
  });

  it('nothing listening at SWR_ENDPOINT: warned at start (naming SWR_ENDPOINT), the bot starts, /healthz failing', async () => {
    const port = await closedPort();
    await withHarness({ SWR_ENDPOINT: `http://127.0.0.1:${port}` }, async (h) => {
      expect(startupWarning(h)).toMatchObject({ variable: 'SWR_ENDPOINT', answered: 'network', state: 'failing' });
      const health = await swrHealth(h);
      expect(health.state).toBe('failing');
      expect(health.detail).toContain(`Nothing answered at SWR_ENDPOINT=http://127.0.0.1:${port}`);
    });
  });

  it('a token SWR rejects: warned naming SWR_AUTH_TOKEN with what SWR answered; /healthz auth_refused', async () => {
    await withHarness({ SWR_AUTH_TOKEN: WRONG }, async (h) => {
      expect(startupWarning(h)).toMatchObject({ variable: 'SWR_AUTH_TOKEN', state: 'auth_refused' });
      expect(String(startupWarning(h)?.answered)).toMatch(/^unauthorized \(HTTP 401/);
      const health = await swrHealth(h);
      expect(health).toMatchObject({ state: 'auth_refused' });
      expect(health.detail).toContain('rejected SWR_AUTH_TOKEN');
      expect(JSON.stringify(h.logs)).not.toContain(WRONG);
    });
  });

  it('an IAM password IAM refuses: auth_refused, in IAM’s words (fix HUAWEI_PASSWORD, never retried)', async () => {
    const iam = {
      SWR_AUTH_TOKEN: '',
      HUAWEI_IAM_ENDPOINT: '{simulator}',
      HUAWEI_USERNAME: 'alice',
      HUAWEI_PASSWORD: 'not-the-password',
      HUAWEI_DOMAIN: 'simulator-demo',
      HUAWEI_PROJECT: 'cn-north-4',
    };
    await withHarness(iam, async (h) => {
      expect(startupWarning(h)).toMatchObject({
        state: 'auth_refused',
        variable: expect.stringContaining('HUAWEI_PASSWORD'),
      });
      const health = await swrHealth(h);
      expect(health).toMatchObject({ state: 'auth_refused' });
      expect(health.detail).toContain('IAM rejected the bot’s password: fix HUAWEI_PASSWORD');
      expect(JSON.stringify(h.logs)).not.toContain('not-the-password');
    });
  });
});

describe('the CodeArts check at start-up', () => {
  it('a token CodeArts rejects: warned naming CODEARTS_AUTH_TOKEN; /healthz auth_refused', async () => {
    const codearts = await startCodeArtsSimulator({ port: 0 });
    try {
      const env = {
        PIPELINE_BACKEND: 'codearts',
        SWR_ENDPOINT: '',
        SWR_AUTH_TOKEN: '',
        CODEARTS_ENDPOINT: codearts.url,
        CODEARTS_PROJECT_ID: codearts.projectId,
        CODEARTS_AUTH_TOKEN: WRONG,
      };
      await withHarness(env, async (h) => {
        expect(startupWarning(h)).toMatchObject({ variable: 'CODEARTS_AUTH_TOKEN', state: 'auth_refused' });
        const health = await swrHealth(h);
        expect(health).toMatchObject({ state: 'auth_refused' });
        expect(health.detail).toContain('CodeArts at CODEARTS_ENDPOINT=');
      });
    } finally {
      await codearts.close();
    }
  });
});
