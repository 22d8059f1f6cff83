/**
 * Test and operator hooks of a running CodeArts simulator, in code (`CodeArtsSimulatorControl`) and over HTTP
 * (`/_simulator/*`, no credentials: a local tool, like the ContainerOps simulator's).
 */
import type { IncomingMessage } from 'node:http';
import { parseJson, type Reply, readBody } from '../../huawei/simulator/http-io.js';
import type { Decision, ReviewOutcome, StepAddressed } from './catalog.js';
import { type CodeArtsFault, type CodeArtsFaultTarget, parseCodeArtsFault, parseFaultTarget } from './faults.js';

/** Test and operator hooks. */
export interface CodeArtsSimulatorControl {
  /** Installs a fault for a pipeline id, `all`, `list`, `status` or `iam`; `null` clears it. */
  setFault(target: CodeArtsFaultTarget, fault: CodeArtsFault | null): void;
  /** The faults in force, keyed by target. */
  faults(): Record<string, CodeArtsFault>;
  /** API requests received on `path` (no query), or on every path when omitted; control calls not counted. */
  requestCount(path?: string): number;
  /** Clears faults, counters, decisions, issued tokens, revocations and the `advance` offset. */
  reset(): void;
  /** Moves the simulator clock forward by `ms`. */
  advance(ms: number): void;
  /** The simulator clock (the `now` option plus `advance` offsets). */
  now(): number;
  /** Records `user`'s decision with the same checks as the API call (`via: 'control'`). */
  review(address: StepAddressed, user: string, decision: 'pass' | 'refuse'): ReviewOutcome;
  /** The decisions recorded (on `pipelineId`, or all), with who made them and how they signed in. */
  decisions(pipelineId?: string): Decision[];
  /** What the run detail call answers now (latest, or the run asked for), or `null` when it answers an error. */
  runDetail(pipelineId: string, which?: { runId?: string; runNumber?: number }): object | null;
  /** The API id of run number `runNumber` (1-based) of `pipelineId`. */
  runId(pipelineId: string, runNumber: number): string;
  /** Makes every issued token invalid (and every user's static token too with `includeStatic`). */
  revokeTokens(options?: { includeStatic?: boolean }): void;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const reply = (status: number, body: unknown): Reply => ({ status, body, negotiate: false });

function reviewBody(body: unknown): { address: StepAddressed; user: string; decision: 'pass' | 'refuse' } | null {
  if (!isObject(body)) return null;
  const { pipelineId, runId, jobRunId, stepRunId, user, decision } = body;
  const strings = [pipelineId, runId, jobRunId, stepRunId, user];
  if (!strings.every((s) => typeof s === 'string' && s !== '')) return null;
  if (decision !== 'pass' && decision !== 'refuse') return null;
  return {
    address: {
      pipelineId: pipelineId as string,
      runId: runId as string,
      jobRunId: jobRunId as string,
      stepRunId: stepRunId as string,
    },
    user: user as string,
    decision,
  };
}

/** Answers a `/_simulator/*` request. */
export async function handleControl(
  req: IncomingMessage,
  path: string,
  control: CodeArtsSimulatorControl,
): Promise<Reply> {
  const parts = path.split('/').filter(Boolean).slice(1);
  const method = req.method ?? 'GET';
  const [what, target] = parts;
  if (what === 'faults' && parts.length === 1 && method === 'GET') return reply(200, { faults: control.faults() });
  if (what === 'faults' && parts.length === 2 && target) {
    const parsedTarget = parseFaultTarget(target);
    if (parsedTarget === null) {
      return reply(400, { error: 'the target is a pipeline id, "all", "list", "status" or "iam"' });
    }
    if (method === 'DELETE') {
      control.setFault(parsedTarget, null);
      return reply(200, { target: parsedTarget, cleared: true });
    }
    if (method === 'POST' || method === 'PUT') {
      const parsed = parseCodeArtsFault(parseJson(await readBody(req)));
      if ('problems' in parsed) return reply(400, { error: 'invalid fault', problems: parsed.problems });
      control.setFault(parsedTarget, parsed.fault);
      return reply(200, { target: parsedTarget, fault: parsed.fault });
    }
  }
  if (what === 'reset' && method === 'POST') {
    control.reset();
    return reply(200, { reset: true });
  }
  if (what === 'advance' && method === 'POST') {
    const body = parseJson(await readBody(req));
    const ms = isObject(body) ? body.ms : undefined;
    if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0)
      return reply(400, { error: 'body must be {"ms": N ≥ 0}' });
    control.advance(ms);
    return reply(200, { now: control.now() });
  }
  if (what === 'tokens' && target === 'revoke' && method === 'POST') {
    const body = parseJson(await readBody(req));
    const includeStatic = isObject(body) && body.includeStatic === true;
    control.revokeTokens({ includeStatic });
    return reply(200, { revoked: true, includeStatic });
  }
  if (what === 'reviews' && parts.length === 1 && method === 'POST') {
    const body = reviewBody(parseJson(await readBody(req)));
    if (body === null) {
      return reply(400, {
        error: 'body must be {"pipelineId", "runId", "jobRunId", "stepRunId", "user", "decision": "pass" | "refuse"}',
      });
    }
    const outcome = control.review(body.address, body.user, body.decision);
    return outcome.ok
      ? reply(200, { success: true })
      : reply(outcome.status, { error_code: outcome.code, error_msg: outcome.message });
  }
  if (what === 'decisions' && method === 'GET') return reply(200, { decisions: control.decisions(target) });
  if (what === 'requests' && method === 'GET') return reply(200, { total: control.requestCount() });
  return reply(404, { error: `no control endpoint ${method} ${path}` });
}
