/** Starts a simulator on a random port with a hand-driven clock, and calls it like the bot would. */
import { afterEach } from 'vitest';
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../../../src/backends/containerops/simulator/server.js';

/** 2024-03-01T08:00:00.000Z: the simulator's start in every test. */
export const T0 = Date.UTC(2024, 2, 1, 8, 0, 0);

export interface TestSimulator {
  sim: Simulator;
  /** Sets the clock to `T0 + seconds`. */
  at(seconds: number): void;
}

/** A simulator whose clock reads `T0` until the test moves it. */
export async function startTestSimulator(options: SimulatorOptions = {}): Promise<TestSimulator> {
  let now = T0;
  const sim = await startSimulator({ port: 0, now: () => now, ...options });
  return {
    sim,
    at: (seconds) => {
      now = T0 + seconds * 1000;
    },
  };
}

/** A request to the simulator; JSON and the demo token unless `headers` say otherwise. */
/**
 * For a test file whose tests each start their own simulator: returns the starter (`defaults` merged under each
 * call's options) and registers an `afterEach` that closes the one the test started.
 */
export function simulatorPerTest(
  defaults: SimulatorOptions = {},
): (options?: SimulatorOptions) => Promise<TestSimulator> {
  let current: TestSimulator | null = null;
  afterEach(async () => {
    await current?.sim.close();
    current = null;
  });
  return async (options = {}) => {
    current = await startTestSimulator({ ...defaults, ...options });
    return current;
  };
}

export function call(sim: Simulator, path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers({ Accept: 'application/json', 'X-Auth-Token': sim.token });
  for (const [k, v] of new Headers(init.headers)) headers.set(k, v);
  return fetch(`${sim.url}${path}`, { ...init, headers });
}

/** A GET of pipeline `id`, parsed. */
export async function getPipeline(sim: Simulator, id: number): Promise<RawJson> {
  const res = await call(sim, `/v3/manage/pipelines/${id}`);
  if (res.status !== 200) throw new Error(`GET ${id} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as RawJson;
}

/** A PUT review as the owner of `token` (the demo token by default). */
export function putReview(
  sim: Simulator,
  id: number,
  index: number,
  result: string,
  token: string = sim.token,
): Promise<Response> {
  return call(sim, `/v3/manage/pipelines/${id}/stages/${index}/start_info`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json;charset=utf8', 'X-Auth-Token': token },
    body: JSON.stringify({ mode: 'review', review_result: result }),
  });
}

/** The parts of a raw pipeline the tests read. */
export interface RawJson {
  id: number;
  name: string;
  group_id: number;
  group_name: string;
  params: { name: string; value: string; description: string }[];
  pre_operation: { triggers: { webhook?: { url?: string } }[] };
  stages: { name: string; service_name: string; params: Record<string, unknown> }[];
  status: {
    status: string;
    stage_index: number;
    start_time: string;
    end_time: string;
    updated_time: string;
    created_time: string;
    stages:
      | {
          status: string;
          start_time: string;
          end_time: string;
          state?: { review_results?: { user_name: string; result: string }[] };
        }[]
      | null;
  };
}

/** Milliseconds of an API time string (fraction of any length). */
export function ms(apiTime: string): number {
  return Date.parse(apiTime.replace(/(\.\d{3})\d+Z$/, '$1Z'));
}
