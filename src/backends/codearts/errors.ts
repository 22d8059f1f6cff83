/**
 * From a CodeArts answer to a `BackendError`: reads both documented error shapes — `{error_code, error_msg}` and
 * `{error: {code, message}}` — in any answer, a 2xx included (Huawei's own Terraform provider treats an
 * `error_code` inside a 2xx body as an error), and decides the kind with one table (`RESPONSE_KINDS`), first
 * matching row wins. Failures without an HTTP answer (timeouts, refused connections) are the shared Huawei
 * transport's to map. Codes come from CODEARTS.md and Huawei's Terraform provider.
 */
import { BackendError, type BackendErrorKind } from '../../domain/backend-error.js';
import { redact } from '../../log.js';
import { codeErrorSchema, objectErrorSchema, queuedRunSchema, type ReviewResultAnswer } from './answers.js';

/** Which call was made: a few codes mean different things per call. */
export type CodeArtsOperation = 'detail' | 'list' | 'runs' | 'status' | 'review' | 'log' | 'run' | 'login';

/** What an answer means: a `BackendError` kind, or `queued` (a run call accepted into the concurrency queue). */
export type ResponseOutcome = BackendErrorKind | 'queued';

/** One row of the table. */
export interface ResponseKindRule {
  /** An exact HTTP status, a class, or `any`. */
  status: number | '2xx' | '3xx' | '4xx' | '5xx' | 'any';
  /** API error codes this row is limited to. */
  codes?: readonly string[];
  /** Calls this row is limited to. */
  operations?: readonly CodeArtsOperation[];
  kind: ResponseOutcome;
  why: string;
}

/** The run was queued by a concurrency limit: per pipeline (…169) or per tenant (…170). */
export const QUEUED_CODES = ['DEVPIPE.00011169', 'DEVPIPE.00011170'] as const;
/** The pipeline does not exist (or is not visible). */
export const PIPELINE_NOT_FOUND_CODES = ['DEVPIPE.00011401'] as const;
/** The CodeArts project in the path does not exist (or is not visible). */
export const PROJECT_NOT_FOUND_CODES = ['DEV_21_100169', 'DEVPIPE.00011412'] as const;

/** The mapping, in order. */
export const RESPONSE_KINDS: readonly ResponseKindRule[] = [
  {
    status: '2xx',
    codes: QUEUED_CODES,
    operations: ['run'],
    kind: 'queued',
    why: 'not a failure: the run waits in the concurrency queue (error.pipeline_run_id, error.queue_id)',
  },
  { status: 429, kind: 'rate_limited', why: 'throttled (APIGW.0308 and the like); Retry-After is kept' },
  {
    status: 'any',
    codes: QUEUED_CODES,
    kind: 'rate_limited',
    why: 'a concurrency limit reached outside a run call: the same call may work in a moment',
  },
  { status: '4xx', operations: ['login'], kind: 'unauthorized', why: 'IAM refused to issue a token' },
  {
    status: 'any',
    codes: PROJECT_NOT_FOUND_CODES,
    kind: 'unavailable',
    why: 'the configured CodeArts project does not exist or the account cannot see it: configuration, every pipeline fails alike',
  },
  { status: 'any', codes: PIPELINE_NOT_FOUND_CODES, kind: 'not_found', why: 'no such pipeline, whatever the status' },
  {
    status: 404,
    codes: ['APIGW.0101'],
    kind: 'unavailable',
    why: 'the URI itself is unknown: a wrong endpoint or region for CodeArts',
  },
  { status: 404, kind: 'not_found', why: 'an unknown pipeline, run, job or step' },
  { status: 401, kind: 'unauthorized', why: 'token expired or wrong, AK/SK signature refused (APIGW.0301)' },
  {
    status: 403,
    kind: 'forbidden',
    why: 'the credential may not do this (read the pipeline, or review: not an approver)',
  },
  { status: 400, kind: 'bad_request', why: 'malformed request' },
  { status: '5xx', kind: 'upstream', why: 'server-side failure; worth a retry for reads' },
  {
    status: '2xx',
    operations: ['review'],
    kind: 'bad_request',
    why: 'the decision refused inside a 2xx body (already decided, step not waiting)',
  },
  { status: '2xx', kind: 'upstream', why: 'an error code inside a 2xx body: the API says the call failed' },
  { status: '4xx', kind: 'bad_request', why: 'any other client error (405, 409, 413, …)' },
  { status: '3xx', kind: 'invalid_response', why: 'redirects are not followed (they would carry the credential)' },
];

function statusMatches(rule: ResponseKindRule['status'], status: number): boolean {
  if (rule === 'any') return true;
  if (typeof rule === 'number') return rule === status;
  return Math.floor(status / 100) === Number(rule[0]);
}

/** The outcome of an answer with `status` and error `code`, from `RESPONSE_KINDS` (`upstream` if no row matches). */
export function responseOutcome(
  status: number,
  code: string | undefined,
  operation: CodeArtsOperation,
): ResponseOutcome {
  for (const rule of RESPONSE_KINDS) {
    if (!statusMatches(rule.status, status)) continue;
    if (rule.codes && (code === undefined || !rule.codes.includes(code))) continue;
    if (rule.operations && !rule.operations.includes(operation)) continue;
    return rule.kind;
  }
  return 'upstream';
}

/** An error a body carries, whichever shape. */
export interface ApiError {
  shape: 'error_code' | 'error_object';
  code: string;
  message?: string;
  requestId?: string;
  /** With the queued-run codes: the run that waits, and its place in the queue. */
  queued?: { runId: string | null; queueId: string | null };
}

// Messages are kept only when they are text: an object there is not something to show or log.
const text = (value: unknown): string | undefined => {
  const trimmed = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
  return trimmed === '' ? undefined : trimmed;
};

/** The error in `body` (decoded JSON), or `null` when it carries none (an empty `error_code` is none). */
export function readApiError(body: unknown): ApiError | null {
  const flat = codeErrorSchema.safeParse(body);
  const code = flat.success ? text(flat.data.error_code) : undefined;
  if (flat.success && code !== undefined) {
    const { error_msg, request_id, error } = flat.data;
    const out: ApiError = { shape: 'error_code', code };
    const message = text(error_msg);
    const requestId = text(request_id);
    if (message !== undefined) out.message = message;
    if (requestId !== undefined) out.requestId = requestId;
    const queued = queuedRunSchema.safeParse(error);
    if (queued.success && (queued.data.pipeline_run_id || queued.data.queue_id)) {
      out.queued = { runId: text(queued.data.pipeline_run_id) ?? null, queueId: text(queued.data.queue_id) ?? null };
    }
    return out;
  }
  const nested = objectErrorSchema.safeParse(body);
  const nestedCode = nested.success ? text(nested.data.error.code) : undefined;
  if (!nested.success || nestedCode === undefined) return null;
  const message = text(nested.data.error.message);
  return message === undefined
    ? { shape: 'error_object', code: nestedCode }
    : { shape: 'error_object', code: nestedCode, message };
}

/** An answer as the transport received it. */
export interface ReceivedAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The decoded JSON body, `undefined` when it was not JSON. */
  body: unknown;
  /** The raw text (for a snippet when the body says nothing). */
  text: string;
}

/** What an answer means for the caller. */
export type Interpretation =
  | { kind: 'ok' }
  | { kind: 'queued'; runId: string | null; queueId: string | null }
  | { kind: 'error'; error: BackendError };

const DETAIL_CHARS = 300;

function snippet(raw: string, secrets: readonly string[]): string {
  if (raw.trim() === '') return '(empty body)';
  // Redact before cutting: a secret split by the cut would leave its first half behind.
  const clean = redact(raw.replace(/\s+/g, ' ').trim(), secrets);
  return clean.length > DETAIL_CHARS ? `${clean.slice(0, DETAIL_CHARS)}…` : clean;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP date), `undefined` when absent or unreadable. */
export function retryAfterSeconds(header: string | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d{1,9}$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/**
 * What `answer` to `operation` means: fine (the caller reads the body with `expectAnswer`), a queued run, or a
 * `BackendError` whose `detail` is the API's message (redacted, short) or a snippet of the body.
 */
export function interpretAnswer(
  answer: ReceivedAnswer,
  operation: CodeArtsOperation,
  secrets: readonly string[],
  nowMs: number,
): Interpretation {
  const apiError = readApiError(answer.body);
  const success = answer.status >= 200 && answer.status < 300;
  if (success && apiError === null) return { kind: 'ok' };
  const outcome = responseOutcome(answer.status, apiError?.code, operation);
  if (outcome === 'queued') {
    return { kind: 'queued', runId: apiError?.queued?.runId ?? null, queueId: apiError?.queued?.queueId ?? null };
  }
  const detail = apiError?.message
    ? redact(apiError.message, secrets).slice(0, DETAIL_CHARS)
    : snippet(answer.text, secrets);
  return {
    kind: 'error',
    error: new BackendError(outcome, {
      status: answer.status,
      code: apiError?.code,
      requestId: apiError?.requestId ?? answer.headers['x-request-id'],
      retryAfterSeconds: retryAfterSeconds(answer.headers['retry-after'], nowMs),
      detail,
    }),
  };
}

/** A pass/refuse answer of `{"success": false}` as an error (the API declined without saying why), else `null`. */
export function reviewAnswerError(answer: ReviewResultAnswer, status = 200): BackendError | null {
  return answer.success
    ? null
    : new BackendError('bad_request', { status, detail: 'the review call answered {"success": false}' });
}
