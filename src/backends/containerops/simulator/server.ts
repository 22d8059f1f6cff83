/**
 * The SWR simulator: a real `node:http` server speaking the ContainerOps pipeline API (detail, list, review),
 * the IAM token call, and a `/_simulator/*` control API, with pipelines that move with the clock.
 * `startSimulator` is what the bot (no `SWR_ENDPOINT`), tests, benchmarks and `npm run simulator` use.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, silentLogger } from '../../../log.js';
import { type AccessKeyPair, AKSK_MESSAGES, isAkSkAuthorization, verifyAkSk } from '../../huawei/simulator/aksk.js';
import { apigwError, errorBody, newRequestId, swrError } from '../../huawei/simulator/error-bodies.js';
import { parseJson, type Reply, readBody, send, sendHtml } from '../../huawei/simulator/http-io.js';
import { Iam, type IamUser } from '../../huawei/simulator/iam.js';
import { introspectionReply } from '../../huawei/simulator/iam-check.js';
import { BULK_FIRST_ID } from './bulk.js';
import { Catalog } from './catalog.js';
import { DEFAULT_SIMULATOR_TOKEN } from './config.js';
import { handleControl, type SimulatorControl } from './control.js';
import { FaultBook, parseFault } from './faults.js';
import { reviewerKeys, reviewerLogins } from './people.js';
import {
  AUTH_MESSAGES,
  faultReply,
  faultTargets,
  invalidParam,
  isId,
  outcomeReply,
  parseListFilter,
  type Route,
  reviewBody,
  route,
} from './routes.js';
import { builtInScenarios, scenarioId, scenarioName } from './scenarios.js';

export type { SimulatorControl } from './control.js';

export interface SimulatorOptions {
  /** 0 picks a free port. Default 8099. */
  port?: number;
  host?: string;
  /** How many times faster than real time pipelines move. Default 1. */
  speed?: number;
  /** The static token accepted in `X-Auth-Token`. Default `simulator-demo-token`. */
  token?: string;
  /** Who owns the static token (the reviewer it records). Default `alice`, a pending reviewer of 29501. */
  tokenUser?: string;
  /** Users the IAM call accepts. Default: the review users zhang.wei, alice, bob (./people.ts), domain `simulator-demo`. */
  iamUsers?: IamUser[];
  /**
   * Key pairs accepted for AK/SK signing (`Authorization: SDK-HMAC-SHA256 …`), each owned by an SWR user.
   * Default: one per review user (./people.ts); alice's is `SIMULATORAK0000000001` / `simulator-demo-secret-key`.
   */
  accessKeys?: AccessKeyPair[];
  /** The clock (ms since epoch). Default `Date.now`. */
  now?: () => number;
  logger?: Logger;
  /** Bulk pipelines for benchmarks: this many always-running pipelines with ids from 100000. */
  extraRunningPipelines?: number;
  /** Lifetime of IAM-issued tokens. Default 86400 (24 h, like IAM). */
  tokenTtlSeconds?: number;
}

/** A one-line description of a built-in pipeline (for the banner). */
export interface ScenarioInfo {
  id: number;
  name: string;
  summary: string;
}

export interface Simulator {
  /** `http://127.0.0.1:PORT`, no trailing slash: use as `SWR_ENDPOINT`. */
  url: string;
  port: number;
  /** The static token. */
  token: string;
  tokenUser: string;
  iamUsers: readonly IamUser[];
  /** The key pairs accepted for AK/SK signing. */
  accessKeys: readonly AccessKeyPair[];
  scenarios: readonly ScenarioInfo[];
  /** Ids of the bulk pipelines, `[first, last]`, or `null` when none. */
  bulkRange: [number, number] | null;
  control: SimulatorControl;
  close(): Promise<void>;
}

/** Starts the simulator; resolves once it is listening. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const baseClock = options.now ?? Date.now;
  let offset = 0;
  const clock = (): number => baseClock() + offset;
  const origin = clock();
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`speed must be a number above 0 (got ${speed})`);
  const token = options.token ?? DEFAULT_SIMULATOR_TOKEN;
  const tokenUser = options.tokenUser ?? 'alice';
  const iamUsers = options.iamUsers ?? reviewerLogins();
  const accessKeys = options.accessKeys ?? reviewerKeys();
  const bulkCount = Math.max(0, Math.floor(options.extraRunningPipelines ?? 0));
  const logger = options.logger ?? silentLogger;
  const scenarios = builtInScenarios();
  const catalog = new Catalog({ scenarios, bulkCount, origin, speed });
  const iam = new Iam({
    users: iamUsers,
    ttlSeconds: options.tokenTtlSeconds ?? 86_400,
    staticToken: token,
    staticTokenUser: tokenUser,
  });
  const faults = new FaultBook();
  const pathCounts = new Map<string, number>();
  const getCounts = new Map<number, number>();
  let totalRequests = 0;
  const timers = new Set<NodeJS.Timeout>();

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const control: SimulatorControl = {
    setFault: (target, fault) => {
      if (fault !== null) {
        const checked = parseFault(fault);
        if ('problems' in checked) throw new TypeError(`invalid fault: ${checked.problems.join('; ')}`);
      }
      faults.set(target, fault);
    },
    faults: () => faults.list(),
    requestCount: (path) => (path === undefined ? totalRequests : (pathCounts.get(path) ?? 0)),
    getCount: (id) => getCounts.get(id) ?? 0,
    pipelineRecords: () => catalog.records(),
    reset: () => {
      faults.clear();
      pathCounts.clear();
      getCounts.clear();
      totalRequests = 0;
      catalog.reset();
      iam.reset();
      offset = 0;
    },
    setPipeline: (id, raw) => catalog.setScripted(id, raw),
    pipeline: (id) => {
      const raw = catalog.get(id, clock());
      // A copy: the static example and installed pipelines are shared with the HTTP answers.
      return raw === null ? null : structuredClone(raw);
    },
    advance: (ms) => {
      offset += ms;
    },
    now: clock,
    review: (id, stageIndex, user, result) => catalog.review(id, stageIndex, user, result, clock()),
    revokeTokens: (opts) => iam.revokeAll(opts?.includeStatic ?? false),
  };

  /** The SWR user behind a request: AK/SK when `Authorization` is an `SDK-HMAC-SHA256` signature, else the token. */
  function authenticate(
    req: IncomingMessage,
    body: string,
  ): { ok: true; user: string } | { ok: false; message: string } {
    if (isAkSkAuthorization(req.headers.authorization)) {
      const request = { method: req.method ?? 'GET', target: req.url ?? '/', headers: req.headers, body };
      const result = verifyAkSk(request, accessKeys, clock());
      return result.ok ? result : { ok: false, message: AKSK_MESSAGES[result.reason] };
    }
    const header = req.headers['x-auth-token'];
    const result = iam.authenticate(typeof header === 'string' ? header : undefined, clock());
    return result.ok ? result : { ok: false, message: AUTH_MESSAGES[result.reason] };
  }

  async function handleApi(req: IncomingMessage, r: Route, url: URL, requestId: string): Promise<Reply> {
    if (r.kind === 'unknown') {
      return {
        status: 404,
        body: apigwError(
          'APIGW.0101',
          'The API does not exist or has not been published in the environment',
          requestId,
        ),
        negotiate: false,
      };
    }
    // Read once: an AK/SK signature covers the body, and the IAM and review calls parse it.
    const body = await readBody(req);
    if (r.kind === 'iam') {
      const result = iam.login(parseJson(body), clock());
      if (!result.ok) return { status: result.status, body: result.body, negotiate: false };
      return { status: 201, body: result.body, headers: { 'X-Subject-Token': result.token }, negotiate: false };
    }
    if (r.kind === 'iam_check') return introspectionReply(iam, req.headers, clock());
    const auth = authenticate(req, body);
    if (!auth.ok) return { status: 401, body: apigwError('APIGW.0301', auth.message, requestId), negotiate: false };
    if (r.kind === 'list') {
      const filter = parseListFilter(url.searchParams);
      if ('status' in filter) return filter;
      const { items, total } = catalog.list(filter, clock());
      const from = filter.offset ?? 0;
      return { status: 200, body: items, headers: { 'Content-Range': `${from}-${items.length}/${total}` } };
    }
    if (!isId(r.id)) return invalidParam(`pipeline id "${r.id}" is not a number`);
    if (r.kind === 'get') {
      const raw = catalog.get(Number(r.id), clock());
      if (raw === null)
        return {
          status: 404,
          body: swrError('SVCSTG.SWR.4040162', 'Not found database data', `pipeline ${r.id} does not exist`),
        };
      return { status: 200, body: raw };
    }
    const decision = reviewBody(body);
    if (decision === null) return invalidParam('body must be {"mode":"review","review_result":"pass" | "refuse"}');
    if (!/^\d{1,4}$/.test(r.index)) return invalidParam(`stage index "${r.index}" is not a number`);
    return outcomeReply(catalog.review(Number(r.id), Number(r.index), auth.user, decision, clock()));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://simulator.local');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const method = req.method ?? 'GET';
    const requestId = newRequestId();
    const headers = { 'X-Request-Id': requestId };
    if (path === '/_simulator' || path.startsWith('/_simulator/')) {
      send(
        req,
        res,
        await handleControl(req, path, {
          control,
          faults,
          iam,
          requests: () => ({ total: totalRequests, byPath: Object.fromEntries(pathCounts) }),
        }),
      );
      return;
    }
    totalRequests += 1;
    pathCounts.set(path, (pathCounts.get(path) ?? 0) + 1);
    const r = route(method, path);
    if (r.kind === 'get' && isId(r.id)) getCounts.set(Number(r.id), (getCounts.get(Number(r.id)) ?? 0) + 1);
    const fault = faults.take(faultTargets(r));
    if (fault?.hang) {
      logger.debug('simulator request hangs (fault)', { method, path });
      return;
    }
    if (fault?.latencyMs) await delay(fault.latencyMs);
    if (fault?.html) {
      sendHtml(res, fault.status ?? 502, headers);
      logger.debug('simulator request', { method, path, status: fault.status ?? 502, fault: 'html' });
      return;
    }
    const reply = fault?.status
      ? faultReply(fault, fault.status, r, requestId)
      : await handleApi(req, r, url, requestId);
    send(req, res, { ...reply, headers: { ...headers, ...reply.headers } }, fault ?? {});
    logger.debug('simulator request', { method, path, status: reply.status, ms: Date.now() - started });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.error('simulator request failed', { err: err instanceof Error ? err : String(err) });
      send(req, res, {
        status: 500,
        body: errorBody('swr', 500, newRequestId()),
        negotiate: false,
      });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8099, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  logger.info('simulator listening', { url: `http://${urlHost}:${port}`, speed, bulk: bulkCount });

  return {
    url: `http://${urlHost}:${port}`,
    port,
    token,
    tokenUser,
    iamUsers,
    accessKeys,
    scenarios: scenarios.map((s) => ({ id: scenarioId(s), name: scenarioName(s), summary: s.summary })),
    bulkRange: bulkCount > 0 ? [BULK_FIRST_ID, BULK_FIRST_ID + bulkCount - 1] : null,
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
