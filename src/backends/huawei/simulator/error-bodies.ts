/**
 * The error bodies Huawei Cloud answers with, for the simulators: SWR's array, the API gateway's object (CodeArts
 * answers in it too), IAM's object — and canned ones per HTTP status for injected faults.
 */
import { randomBytes } from 'node:crypto';

export type ErrorShape = 'swr' | 'apigw' | 'iam';

export interface SwrErrorItem {
  errorCode: string;
  errorMessage: string;
  detail: string;
}

/** SWR's own shape: an array of one item. */
export function swrError(errorCode: string, errorMessage: string, detail = ''): SwrErrorItem[] {
  return [{ errorCode, errorMessage, detail }];
}

/** The API gateway's shape (it answers before SWR sees the request: auth, throttling, unknown APIs). */
export function apigwError(errorCode: string, errorMsg: string, requestId: string) {
  return { error_code: errorCode, error_msg: errorMsg, request_id: requestId };
}

/** IAM's shape. */
export function iamError(code: number, message: string, title: string) {
  return { error: { code, message, title } };
}

/** A gateway-style request id (32 hex digits). */
export function newRequestId(): string {
  return randomBytes(16).toString('hex');
}

interface Canned {
  swr: [string, string];
  apigw: [string, string];
  iam: [string, string];
}

/** Plausible codes and messages per status, from the SWR error-code table and the gateway's and IAM's usual ones. */
const CANNED: Record<number, Canned> = {
  400: {
    swr: ['SVCSTG.SWR.4000014', 'Invalid param'],
    apigw: ['APIGW.0201', 'Request entity too large or malformed'],
    iam: ['Request body is invalid.', 'Bad Request'],
  },
  401: {
    swr: ['SVCSTG.SWR.4010000', 'Authenticate Error'],
    apigw: ['APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail'],
    iam: ['The request you have made requires authentication.', 'Unauthorized'],
  },
  403: {
    swr: ['SVCSTG.SWR.4031033', 'You request is unavailable'],
    apigw: ['APIGW.0302', 'The IAM user is not authorized to access the API.'],
    iam: ['You are not authorized to perform the requested action.', 'Forbidden'],
  },
  404: {
    swr: ['SVCSTG.SWR.4040162', 'Not found database data'],
    apigw: ['APIGW.0101', 'The API does not exist or has not been published in the environment'],
    iam: ['Could not find the requested resource.', 'Not Found'],
  },
  429: {
    swr: ['SVCSTG.SWR.4031042', 'You requests are too many'],
    apigw: [
      'APIGW.0308',
      'The throttling threshold has been reached: policy user over ratelimit,limit:50,time:1 minute',
    ],
    iam: ['The throttling threshold has been reached.', 'Too Many Requests'],
  },
  500: {
    // Not 5001123 "Fail to get pipeline detail!": clients read that one as "no such pipeline" (see the API README).
    swr: ['SVCSTG.SWR.5003008', 'Server busy now: too many jobs are running, please try later'],
    apigw: ['APIGW.0103', 'The backend does not exist or the backend service is unavailable'],
    iam: ['An unexpected error prevented the server from fulfilling your request.', 'Internal Server Error'],
  },
  502: {
    swr: ['SVCSTG.SWR.5000007', 'Server internal error: failed to get repository'],
    apigw: ['APIGW.0203', 'Bad gateway: the backend answered with an error'],
    iam: ['Bad Gateway', 'Bad Gateway'],
  },
  503: {
    swr: ['SVCSTG.SWR.5003008', 'Server busy now: too many jobs are running, please try later'],
    apigw: ['APIGW.0202', 'The backend service is unavailable'],
    iam: ['The service is temporarily unavailable.', 'Service Unavailable'],
  },
};

/** An error body of `shape` for HTTP `status`: a canned code and message unless `code` / `message` are given. */
export function errorBody(
  shape: ErrorShape,
  status: number,
  requestId: string,
  override: { code?: string | undefined; message?: string | undefined } = {},
): unknown {
  const canned = CANNED[status] ?? CANNED[500];
  if (!canned) throw new Error('unreachable: no canned 500 error');
  if (shape === 'swr') return swrError(override.code ?? canned.swr[0], override.message ?? canned.swr[1]);
  if (shape === 'apigw')
    return apigwError(override.code ?? canned.apigw[0], override.message ?? canned.apigw[1], requestId);
  // IAM's code is the HTTP status itself.
  return iamError(status, override.message ?? canned.iam[0], canned.iam[1]);
}
