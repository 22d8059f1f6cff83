/** Starts a CodeArts simulator on a random port with a hand-driven clock, and calls it as a client would. */
import { afterEach } from 'vitest';
import { createCodeArtsClient } from '../../../src/backends/codearts/client.js';
import { builtInScenarios } from '../../../src/backends/codearts/simulator/scenarios.js';
import {
  type CodeArtsSimulator,
  type CodeArtsSimulatorOptions,
  startCodeArtsSimulator,
} from '../../../src/backends/codearts/simulator/server.js';
import type { PipelineBackend } from '../../../src/domain/backend.js';

/** 2024-03-01T08:00:00.000Z: the simulator's start in every test. */
export const T0 = Date.UTC(2024, 2, 1, 8, 0, 0);

/** The built-in pipelines' ids by slug. */
export const IDS = Object.fromEntries(builtInScenarios().map((s) => [s.slug, s.id])) as Record<
  'web-portal-ci' | 'payment-release' | 'hotfix-release' | 'nightly-build' | 'monorepo-ci' | 'shared-runner-deploy',
  string
>;

export interface TestSimulator {
  sim: CodeArtsSimulator;
  /** Sets the clock to `T0 + seconds`. */
  at(seconds: number): void;
}

/**
 * For a test file whose tests each start their own simulator: returns the starter and registers an `afterEach`
 * that closes the one the test started.
 */
export function codeArtsPerTest(): (options?: CodeArtsSimulatorOptions) => Promise<TestSimulator> {
  let current: CodeArtsSimulator | null = null;
  afterEach(async () => {
    await current?.close();
    current = null;
  });
  return async (options = {}) => {
    let now = T0;
    current = await startCodeArtsSimulator({ port: 0, now: () => now, ...options });
    return {
      sim: current,
      at: (seconds) => {
        now = T0 + seconds * 1000;
      },
    };
  };
}

/** The client the watch tests poll `sim` with: as the bot on its simulator (`simulated`), no cache, no retries. */
export function simulatorClient(sim: CodeArtsSimulator, now: () => number): PipelineBackend {
  return createCodeArtsClient({
    endpoint: sim.url,
    projectId: sim.projectId,
    auth: { kind: 'token', token: sim.token },
    cacheMs: 0,
    retries: 0,
    simulated: true,
    now,
  });
}

/** `/v5/{project}/api/pipelines` + `suffix`. */
export function apiPath(sim: CodeArtsSimulator, suffix: string): string {
  return `/v5/${sim.projectId}/api/pipelines${suffix}`;
}

/** A request as a client sends it: JSON, and alice's token unless `headers` say otherwise. */
export function call(sim: CodeArtsSimulator, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers({ 'Content-Type': 'application/json;charset=utf8', 'X-Auth-Token': sim.token });
  for (const [k, v] of new Headers(init.headers)) headers.set(k, v);
  return fetch(`${sim.url}${path}`, { ...init, headers });
}

/** A POST of `body` as JSON. */
export function post(sim: CodeArtsSimulator, path: string, body: unknown, token = sim.token): Promise<Response> {
  return call(sim, path, { method: 'POST', body: JSON.stringify(body), headers: { 'X-Auth-Token': token } });
}

/** The run detail answer of pipeline `id` (the latest run, or `query`'s), parsed; fails on an HTTP error. */
export async function runDetail(sim: CodeArtsSimulator, id: string, query = ''): Promise<unknown> {
  const res = await call(sim, apiPath(sim, `/${id}/pipeline-runs/detail${query}`));
  if (res.status !== 200) throw new Error(`detail of ${id} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** The token of user `name`. */
export function tokenOf(sim: CodeArtsSimulator, name: string): string {
  const user = sim.users.find((u) => u.name === name);
  if (!user) throw new Error(`no simulated user ${name}`);
  return user.token;
}

/** The user id of `name`. */
export function userIdOf(sim: CodeArtsSimulator, name: string): string {
  const user = sim.users.find((u) => u.name === name);
  if (!user) throw new Error(`no simulated user ${name}`);
  return user.id;
}
