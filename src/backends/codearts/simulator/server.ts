/**
 * The CodeArts simulator: a real `node:http` server speaking the CodeArts Pipeline v5 API (run detail, pipeline and
 * runs lists, batch status, step logs, pass/refuse), the IAM token call, AK/SK signing, a console page for
 * `detail_url`, and a `/_simulator/*` control API, with pipelines that move with the clock. See ./README.md.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, silentLogger } from '../../../log.js';
import { AKSK_MESSAGES, isAkSkAuthorization, verifyAkSk } from '../../huawei/simulator/aksk.js';
import { apigwError, errorBody, newRequestId } from '../../huawei/simulator/error-bodies.js';
import { parseJson, type Reply, readBody, send, sendHtml } from '../../huawei/simulator/http-io.js';
import { Iam } from '../../huawei/simulator/iam.js';
import { introspectionReply } from '../../huawei/simulator/iam-check.js';
import { type ApiRoute, type Caller, errorReply, faultTargetsOf, handleApi, routeOf } from './api.js';
import { Catalog } from './catalog.js';
import { type CodeArtsSimulatorControl, handleControl } from './control.js';
import { CANNED_ERRORS, type CodeArtsFault, CodeArtsFaultBook, parseCodeArtsFault } from './faults.js';
import { runIdOf } from './render.js';
import { builtInScenarios } from './scenarios.js';
import { SIM_PROJECT_ID } from './sim-ids.js';
import { accessKeysOf, defaultUsers, iamUsersOf, type SimUser } from './users.js';

/** How to start the simulator. */
export interface CodeArtsSimulatorOptions {
  /** 0 picks a free port. Default 8098. */
  port?: number;
  host?: string;
  /** How many times faster than real time pipelines move. Default 1. */
  speed?: number;
  /** The clock (ms since epoch). Default `Date.now`. */
  now?: () => number;
  logger?: Logger;
  /** The people (IAM logins, static tokens, access keys). Default: alice, bob, carol, dave, erin. */
  users?: SimUser[];
  /** The CodeArts project id in every path. Default `SIM_PROJECT_ID`. */
  projectId?: string;
  /** Lifetime of IAM-issued tokens. Default 86400. */
  tokenTtlSeconds?: number;
  /** Where `detail_url` links point. Default: the simulator itself, which serves a small console page. */
  consoleBase?: string;
}

/** A running CodeArts simulator. */
export interface CodeArtsSimulator {
  /** `http://127.0.0.1:PORT`, no trailing slash: the CodeArts endpoint (and the IAM endpoint). */
  url: string;
  port: number;
  /** The first user's static token (alice by default). */
  token: string;
  projectId: string;
  users: readonly SimUser[];
  scenarios: readonly { id: string; name: string; summary: string }[];
  control: CodeArtsSimulatorControl;
  close(): Promise<void>;
}

const AUTH_MESSAGES = {
  missing: 'Incorrect IAM authentication information: x-auth-token not found',
  unknown: 'Incorrect IAM authentication information: decrypt token fail',
  expired: 'Incorrect IAM authentication information: token expired',
  revoked: 'Incorrect IAM authentication information: token has been revoked',
} as const;

function faultReply(fault: CodeArtsFault, route: ApiRoute, requestId: string): Reply {
  const status = fault.status ?? 500;
  const shape = fault.errorShape ?? (route.kind === 'iam' ? 'iam' : 'error_code');
  const [code, message] = CANNED_ERRORS[status];
  const override = { code: fault.errorCode ?? code, message: fault.errorMessage ?? message };
  const body =
    shape === 'iam'
      ? errorBody('iam', status, requestId, { message: fault.errorMessage })
      : shape === 'error_code'
        ? { error_code: override.code, error_msg: override.message, request_id: requestId }
        : { error: { code: override.code, message: override.message } };
  const retry = status === 429 && fault.retryAfterSeconds !== undefined;
  return {
    status: fault.errorIn200 ? 200 : status,
    body,
    headers: retry ? { 'Retry-After': String(fault.retryAfterSeconds) } : {},
    negotiate: false,
  };
}

function consolePage(res: ServerResponse, path: string): void {
  const safe = path.replace(/[^A-Za-z0-9/._-]/g, '');
  const body = Buffer.from(
    `<!doctype html><title>CodeArts simulator</title><p>CodeArts simulator console: ${safe}</p>\n`,
  );
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(body.length) });
  res.end(body);
}

/** Starts the CodeArts simulator; resolves once it is listening. */
export async function startCodeArtsSimulator(options: CodeArtsSimulatorOptions = {}): Promise<CodeArtsSimulator> {
  const baseClock = options.now ?? Date.now;
  let offset = 0;
  const clock = (): number => baseClock() + offset;
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a number above 0 (got ${speed})`);
  const users = options.users ?? defaultUsers();
  const first = users[0];
  if (!first) throw new RangeError('the simulator needs at least one user');
  const projectId = options.projectId ?? SIM_PROJECT_ID;
  const logger = options.logger ?? silentLogger;
  const scenarios = builtInScenarios();
  const catalog = new Catalog({ scenarios, origin: clock(), speed });
  const staticTokens = new Map(users.map((u) => [u.token, u.name]));
  let staticRevoked = false;
  // The shared IAM also knows one static token: give it one nobody has, since each user's own is checked here.
  const iam = new Iam({
    users: iamUsersOf(users),
    ttlSeconds: options.tokenTtlSeconds ?? 86_400,
    staticToken: randomBytes(24).toString('hex'),
    staticTokenUser: first.name,
  });
  const accessKeys = accessKeysOf(users);
  const faults = new CodeArtsFaultBook();
  const pathCounts = new Map<string, number>();
  let total = 0;
  const timers = new Set<NodeJS.Timeout>();
  let consoleBase = options.consoleBase ?? '';

  const control: CodeArtsSimulatorControl = {
    setFault: (target, fault) => {
      if (fault !== null) {
        const checked = parseCodeArtsFault(fault);
        if ('problems' in checked) throw new TypeError(`invalid fault: ${checked.problems.join('; ')}`);
      }
      faults.set(target, fault);
    },
    faults: () => faults.list(),
    requestCount: (path) => (path === undefined ? total : (pathCounts.get(path) ?? 0)),
    reset: () => {
      faults.clear();
      pathCounts.clear();
      total = 0;
      catalog.reset();
      iam.reset();
      staticRevoked = false;
      offset = 0;
    },
    advance: (ms) => {
      offset += ms;
    },
    now: clock,
    review: (address, user, decision) => catalog.review(address, user, decision, 'control', clock()),
    decisions: (pipelineId) => catalog.decisions(pipelineId),
    runDetail: (id, which) => {
      const reply = handleApi(api, { kind: 'detail', project: projectId, id }, detailUrlFor(id, which), undefined, {
        user: first.name,
        via: 'control',
      });
      return reply.status === 200 && !('error_code' in (reply.body as object)) ? (reply.body as object) : null;
    },
    runId: (id, runNumber) => runIdOf(id, runNumber - 1),
    revokeTokens: (opts) => {
      iam.revokeAll(false);
      if (opts?.includeStatic) staticRevoked = true;
    },
  };

  const api = {
    catalog,
    projectId,
    speed,
    now: clock,
    render: () => ({ projectId, now: clock(), consoleBase }),
  };

  function detailUrlFor(id: string, which: { runId?: string; runNumber?: number } = {}): URL {
    const url = new URL(`http://simulator.local/v5/${projectId}/api/pipelines/${id}/pipeline-runs/detail`);
    if (which.runId) url.searchParams.set('pipeline_run_id', which.runId);
    if (which.runNumber !== undefined) url.searchParams.set('pipeline_run_number', String(which.runNumber));
    return url;
  }

  /** The person behind a request: AK/SK when `Authorization` is a signature, else the token. */
  function authenticate(req: IncomingMessage, body: string): Caller | { message: string } {
    if (isAkSkAuthorization(req.headers.authorization)) {
      const request = { method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers, body };
      const result = verifyAkSk(request, accessKeys, clock());
      return result.ok ? { user: result.user, via: 'aksk' } : { message: AKSK_MESSAGES[result.reason] };
    }
    const header = req.headers['x-auth-token'];
    const token = typeof header === 'string' ? header : undefined;
    const owner = token === undefined ? undefined : staticTokens.get(token);
    if (owner !== undefined) return staticRevoked ? { message: AUTH_MESSAGES.revoked } : { user: owner, via: 'token' };
    const result = iam.authenticate(token, clock());
    return result.ok ? { user: result.user, via: 'token' } : { message: AUTH_MESSAGES[result.reason] };
  }

  async function answer(req: IncomingMessage, route: ApiRoute, url: URL, requestId: string): Promise<Reply> {
    const text = await readBody(req);
    if (route.kind === 'iam') {
      const result = iam.login(parseJson(text), clock());
      if (!result.ok) return { status: result.status, body: result.body, negotiate: false };
      return { status: 201, body: result.body, headers: { 'X-Subject-Token': result.token }, negotiate: false };
    }
    if (route.kind === 'iam_check') return introspectionReply(iam, req.headers, clock());
    if (route.kind === 'unknown' || route.kind === 'console') {
      const message = 'The API does not exist or has not been published in the environment';
      return { status: 404, body: apigwError('APIGW.0101', message, requestId), negotiate: false };
    }
    const caller = authenticate(req, text);
    if ('message' in caller)
      return { status: 401, body: apigwError('APIGW.0301', caller.message, requestId), negotiate: false };
    const body = text === '' ? undefined : parseJson(text);
    if (text !== '' && body === undefined) {
      return errorReply({ status: 400, shape: 'error_code', code: 'SIM.00000400', message: 'The body is not JSON.' });
    }
    return handleApi(api, route, url, body, caller);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const method = req.method ?? 'GET';
    const requestId = newRequestId();
    if (path === '/_simulator' || path.startsWith('/_simulator/')) {
      send(req, res, await handleControl(req, path, control));
      return;
    }
    const route = routeOf(method, path);
    if (route.kind === 'console') {
      consolePage(res, path);
      return;
    }
    total += 1;
    pathCounts.set(path, (pathCounts.get(path) ?? 0) + 1);
    const fault = faults.take(faultTargetsOf(route));
    if (fault?.hang) return;
    if (fault?.latencyMs) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, fault.latencyMs);
        timers.add(timer);
      });
    }
    const headers = { 'X-Request-Id': requestId };
    if (fault?.html) {
      sendHtml(res, fault.status ?? 502, headers);
      return;
    }
    const reply =
      fault && (fault.status !== undefined || fault.errorIn200)
        ? faultReply(fault, route, requestId)
        : await answer(req, route, url, requestId);
    send(req, res, { ...reply, headers: { ...headers, ...reply.headers } }, { truncated: fault?.truncated });
    logger.debug('codearts simulator request', { method, path, status: reply.status });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.error('codearts simulator request failed', { err: err instanceof Error ? err : String(err) });
      send(req, res, {
        status: 500,
        body: { error_code: 'SIM.00000500', error_msg: 'Internal error' },
        negotiate: false,
      });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8098, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  if (consoleBase === '') consoleBase = url;
  logger.info('codearts simulator listening', { url, speed });
  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    token: first.token,
    projectId,
    users,
    scenarios: scenarios.map((s) => ({ id: s.id, name: s.name, summary: s.summary })),
    control,
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        // Hung and keep-alive connections would keep `close` waiting forever.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
