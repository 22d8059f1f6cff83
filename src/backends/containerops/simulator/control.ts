/**
 * The simulator's control side: the hooks tests and operators use (`SimulatorControl`) and the `/_simulator/*`
 * HTTP API that exposes them to other processes.
 */
import type { IncomingMessage } from 'node:http';
import { parseJson, type Reply, readBody } from '../../huawei/simulator/http-io.js';
import type { Iam } from '../../huawei/simulator/iam.js';
import { type Fault, type FaultBook, type FaultTarget, parseFault, parseFaultTarget } from './faults.js';
import type { ReviewOutcome } from './review-outcome.js';
import { isId, outcomeReply } from './routes.js';
import type { ReviewDecision } from './timeline.js';

/** Test and operator hooks of a running simulator. */
export interface SimulatorControl {
  /** Installs a fault for a pipeline id (`all`: every SWR call; `list`; `iam`), or clears it with `null`. */
  setFault(target: FaultTarget, fault: Fault | null): void;
  /** The faults in force, keyed by target. */
  faults(): Record<string, Fault>;
  /** Requests received on `path` (no query), or on every API path when omitted; control calls not counted. */
  requestCount(path?: string): number;
  /** `GET /v3/manage/pipelines/{id}` requests received for `id`. */
  getCount(id: number): number;
  /**
   * Pipeline records held: one per scenario, installed pipeline and pipeline with recorded reviews. Bulk pipelines
   * are derived from their id on each request and add none (the request counters above are kept apart).
   */
  pipelineRecords(): number;
  /** Clears faults, counters, installed pipelines, reviews, tokens, revocations and the `advance` offset. */
  reset(): void;
  /** Serves `raw` verbatim for `id` (overriding a scenario), or removes it with `null`. */
  setPipeline(id: number, raw: object | null): void;
  /** What a GET of `id` would answer now (no faults), or `null` when unknown. */
  pipeline(id: number): object | null;
  /** Moves the simulator clock forward by `ms`. */
  advance(ms: number): void;
  /** The simulator clock (the `now` option plus `advance` offsets). */
  now(): number;
  /** Records a review as `user`, with the same checks as the PUT call. */
  review(id: number, stageIndex: number, user: string, result: ReviewDecision): ReviewOutcome;
  /** Makes every issued token invalid (and the static token too with `includeStatic`) → 401 APIGW.0301. */
  revokeTokens(options?: { includeStatic?: boolean }): void;
}

export interface ControlDeps {
  control: SimulatorControl;
  faults: FaultBook;
  iam: Iam;
  /** The request counts `GET /_simulator/requests` answers. */
  requests(): { total: number; byPath: Record<string, number> };
}

/** Answers `/_simulator/*`: faults, reset, token revocation, scripted reviews and request counts. */
export async function handleControl(req: IncomingMessage, path: string, deps: ControlDeps): Promise<Reply> {
  const { control, faults, iam } = deps;
  const parts = path.split('/').filter(Boolean).slice(1);
  const method = req.method ?? 'GET';
  const fail = (status: number, error: string, problems?: string[]): Reply => ({
    status,
    body: problems ? { error, problems } : { error },
    negotiate: false,
  });
  const ok = (body: unknown, status = 200): Reply => ({ status, body, negotiate: false });
  if (parts[0] === 'faults' && parts.length === 1 && method === 'GET') return ok({ faults: faults.list() });
  if (parts[0] === 'faults' && parts.length === 2 && parts[1]) {
    const target = parseFaultTarget(parts[1]);
    if (target === null) return fail(400, 'the target is a pipeline id, "all", "list" or "iam"');
    if (method === 'DELETE') {
      faults.set(target, null);
      return ok({ target, cleared: true });
    }
    if (method === 'POST' || method === 'PUT') {
      const parsed = parseFault(parseJson(await readBody(req)));
      if ('problems' in parsed) return fail(400, 'invalid fault', parsed.problems);
      faults.set(target, parsed.fault);
      return ok({ target, fault: parsed.fault });
    }
  }
  if (parts[0] === 'reset' && method === 'POST') {
    control.reset();
    return ok({ reset: true });
  }
  if (parts[0] === 'tokens' && parts[1] === 'revoke' && method === 'POST') {
    const body = parseJson(await readBody(req));
    const includeStatic =
      typeof body === 'object' && body !== null && (body as Record<string, unknown>).includeStatic === true;
    iam.revokeAll(includeStatic);
    return ok({ revoked: true, includeStatic });
  }
  if (
    parts[0] === 'reviews' &&
    parts.length === 3 &&
    method === 'POST' &&
    isId(parts[1] ?? '') &&
    isId(parts[2] ?? '')
  ) {
    const body = parseJson(await readBody(req));
    const { user, result } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    if (typeof user !== 'string' || (result !== 'pass' && result !== 'refuse')) {
      return fail(400, 'body must be {"user": "...", "result": "pass" | "refuse"}');
    }
    return { ...outcomeReply(control.review(Number(parts[1]), Number(parts[2]), user, result)), negotiate: false };
  }
  if (parts[0] === 'requests' && method === 'GET') {
    return ok(deps.requests());
  }
  return fail(404, `no control endpoint ${method} ${path}`);
}
