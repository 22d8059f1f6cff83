/**
 * How ContainerOps' error answers read, as one table (the first row that matches wins). Failures without an HTTP
 * answer are mapped by the shared transport (../huawei/error-mapping.ts `transportKind`).
 */
import type { BackendErrorKind } from '../../domain/backend-error.js';
import { type KindOf, type ResponseKindRule, responseKind } from '../huawei/error-mapping.js';

/** Which call failed: the mapping of a few codes depends on it. */
export type ContainerOpsOperation = 'get' | 'list' | 'review';

// Codes that mean "this id is wrong" on the detail call (the only parameter it has is the id).
const ID_CODES = ['SVCSTG.S2I.4007003', 'SVCSTG.S2I.4009013', 'SVCSTG.SWR.4000014'] as const;

/** The mapping, in order. */
export const RESPONSE_KINDS: readonly ResponseKindRule<ContainerOpsOperation>[] = [
  { status: 429, kind: 'rate_limited', why: 'throttled (e.g. APIGW.0308); Retry-After is kept' },
  {
    status: 404,
    codes: ['SVCSTG.SWR.4040083', 'APIGW.0101'],
    kind: 'unavailable',
    why: 'the URI itself is unknown: ContainerOps is not enabled for this account or region',
  },
  { status: 404, kind: 'not_found', why: 'what an unknown pipeline id usually returns (e.g. SVCSTG.SWR.4040162)' },
  {
    status: 500,
    codes: ['SVCSTG.SWR.5001123', 'SVCSTG.SWR.5007001'],
    operations: ['get'],
    kind: 'not_found',
    why: '"Fail to get pipeline detail!" / "pipeline auth is not found" is how an unknown or hidden id can fail',
  },
  { status: 400, codes: ID_CODES, operations: ['get'], kind: 'not_found', why: 'an id-related 400 on the detail call' },
  { status: 400, kind: 'bad_request', why: 'malformed request' },
  { status: 401, kind: 'unauthorized', why: 'token expired or wrong, AK/SK signature refused (e.g. APIGW.0301)' },
  {
    status: 403,
    codes: ['SVCSTG.SWR.4031032', 'SVCSTG.SWR.4031042'],
    kind: 'rate_limited',
    why: 'SWR sends its own "too many requests" as 403',
  },
  { status: 403, kind: 'forbidden', why: 'the account may not read this pipeline (or, for a review: is no reviewer)' },
  { status: 409, kind: 'bad_request', why: 'documented for the detail call, though it belongs to create' },
  { status: '5xx', kind: 'upstream', why: 'server-side failure; retried for GETs' },
  { status: '4xx', kind: 'bad_request', why: 'any other client error (405, 406, 413, …)' },
  { status: '3xx', kind: 'invalid_response', why: 'redirects are not followed (they would carry the token)' },
];

/** The kind of a ContainerOps error answer to `operation`, from `RESPONSE_KINDS`. */
export function containerOpsKind(status: number, code: string | undefined, operation: ContainerOpsOperation) {
  return responseKind(RESPONSE_KINDS, status, code, operation) satisfies BackendErrorKind;
}

/** The `kindOf` of one call to `operation`, for the transport. */
export const kindOfOperation =
  (operation: ContainerOpsOperation): KindOf =>
  (status, code) =>
    containerOpsKind(status, code, operation);
