/**
 * The ContainerOps API as the simulator reads a request: which call a method and path are, which faults apply to
 * it, the list filter and review body it carries, and the SWR-shaped error replies. Pure: ./server.ts does the I/O.
 */
import { errorBody, swrError } from '../../huawei/simulator/error-bodies.js';
import { parseJson, type Reply } from '../../huawei/simulator/http-io.js';
import type { ListFilter } from './catalog.js';
import type { Fault, FaultStatus, FaultTarget } from './faults.js';
import type { ReviewOutcome } from './review-outcome.js';
import type { ReviewDecision } from './timeline.js';

export type Route =
  | { kind: 'list' }
  | { kind: 'get'; id: string }
  | { kind: 'review'; id: string; index: string }
  | { kind: 'iam' }
  | { kind: 'iam_check' }
  | { kind: 'unknown' };

/** Which API call a method and path are (`unknown` answers as the API gateway does). */
export function route(method: string, path: string): Route {
  const parts = path.split('/').filter(Boolean);
  if (method === 'POST' && path === '/v3/auth/tokens') return { kind: 'iam' };
  if (method === 'GET' && path === '/v3/auth/tokens') return { kind: 'iam_check' };
  if (parts[0] !== 'v3' || parts[1] !== 'manage' || parts[2] !== 'pipelines') return { kind: 'unknown' };
  const [, , , id, stages, index, action] = parts;
  if (method === 'GET' && parts.length === 3) return { kind: 'list' };
  if (method === 'GET' && parts.length === 4 && id) return { kind: 'get', id };
  if (method === 'PUT' && parts.length === 7 && id && index && stages === 'stages' && action === 'start_info') {
    return { kind: 'review', id, index };
  }
  return { kind: 'unknown' };
}

export const isId = (text: string): boolean => /^\d{1,15}$/.test(text);

export function faultTargets(r: Route): FaultTarget[] {
  if ((r.kind === 'get' || r.kind === 'review') && isId(r.id)) return [Number(r.id), 'all'];
  if (r.kind === 'list') return ['list', 'all'];
  if (r.kind === 'iam' || r.kind === 'iam_check') return ['iam'];
  return [];
}

export const AUTH_MESSAGES = {
  missing: 'Incorrect IAM authentication information: x-auth-token not found',
  unknown: 'Incorrect IAM authentication information: decrypt token fail',
  expired: 'Incorrect IAM authentication information: token expired',
  revoked: 'Incorrect IAM authentication information: token has been revoked',
} as const;

export function invalidParam(detail: string, code = 'SVCSTG.SWR.4000014', message = 'Invalid param'): Reply {
  return { status: 400, body: swrError(code, message, detail) };
}

export function parseListFilter(query: URLSearchParams): ListFilter | Reply {
  const filter: ListFilter = {};
  for (const clause of (query.get('filter') ?? '').split('|').filter(Boolean)) {
    const at = clause.indexOf('::');
    if (at < 0) return invalidParam(`filter clause "${clause}" is not key::value`);
    const key = clause.slice(0, at);
    const value = clause.slice(at + 2);
    if (key === 'name') filter.name = value;
    else if (key === 'group_name') filter.groupName = value;
    else if (key === 'group_id') {
      if (!isId(value)) return invalidParam(`group_id "${value}" is not a number`);
      filter.groupId = Number(value);
    }
  }
  const limit = query.get('limit');
  if (limit !== null && limit !== '') {
    if (!/^\d{1,6}$/.test(limit) || Number(limit) < 1) {
      return invalidParam(`limit "${limit}"`, 'SVCSTG.SWR.4001070', 'Web Bad request error: param limit error');
    }
    filter.limit = Number(limit);
  }
  const offset = query.get('offset');
  if (offset !== null && offset !== '') {
    if (!/^\d{1,9}$/.test(offset)) {
      return invalidParam(`offset "${offset}"`, 'SVCSTG.SWR.4001072', 'Web Bad request error: param offset error');
    }
    filter.offset = Number(offset);
  }
  return filter;
}

export function reviewBody(text: string): ReviewDecision | null {
  const body = parseJson(text);
  if (typeof body !== 'object' || body === null) return null;
  const { mode, review_result: result } = body as Record<string, unknown>;
  return mode === 'review' && (result === 'pass' || result === 'refuse') ? result : null;
}

/** The error a fault with a `status` answers instead of the real answer. */
export function faultReply(fault: Fault, status: FaultStatus, r: Route, requestId: string): Reply {
  const shape = fault.errorShape ?? (r.kind === 'iam' ? 'iam' : status === 401 || status === 429 ? 'apigw' : 'swr');
  const retryAfter = status === 429 && fault.retryAfterSeconds !== undefined;
  return {
    status,
    body: errorBody(shape, status, requestId, { code: fault.errorCode, message: fault.errorMessage }),
    headers: retryAfter ? { 'Retry-After': String(fault.retryAfterSeconds) } : {},
    // Only SWR's own errors follow its JSON/YAML negotiation; the gateway and IAM always answer JSON.
    negotiate: shape === 'swr',
  };
}

export function outcomeReply(outcome: ReviewOutcome): Reply {
  if (outcome.ok) return { status: 201, body: {} };
  return { status: outcome.status, body: swrError(outcome.code, outcome.message, outcome.detail) };
}
