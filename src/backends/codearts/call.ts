/**
 * One CodeArts call, whatever it asks: authentication (../huawei/auth/) → the shared transport with retries for
 * the calls marked safe to repeat (../huawei/http.ts) → HTTP errors by the CodeArts table (./errors.ts) → every 2xx
 * answer through `interpretAnswer` (an `error_code` inside a 2xx is an error) → the zod schema (./answers.ts) → the
 * caller's mapping. A 401 with a renewable IAM token is tried once more with a fresh one. One log line per call,
 * without query strings, headers or tokens; the last outcome of the bot's own calls for `/healthz`.
 */
import type { CallOutcome } from '../../domain/backend.js';
import { BackendError, type BackendErrorKind } from '../../domain/backend-error.js';
import type { Logger } from '../../log.js';
import type { Authenticator } from '../huawei/auth/authenticator.js';
import { authorizedCall } from '../huawei/authorized-call.js';
import { describeBody, tryDecodeBody } from '../huawei/body.js';
import type { KindOf } from '../huawei/error-mapping.js';
import type { HttpResponse, HttpTransport } from '../huawei/http.js';
import { type Answer, type AnswerName, expectAnswer } from './answers.js';
import { type CodeArtsOperation, interpretAnswer, responseOutcome } from './errors.js';

/** One request and how its answer is read. */
export interface CodeArtsCall<N extends AnswerName, T> {
  method: 'GET' | 'POST';
  operation: CodeArtsOperation;
  /** Path and query, from `codeArtsPaths`. */
  path: string;
  /** Serialised as JSON; absent: no body. */
  body?: unknown;
  /** Whose credential: the bot's authenticator, or a person's for a review. */
  as: Authenticator;
  /** Safe to send again after a network error, 5xx or 429 (reads, even as POSTs); never for a review. */
  retry: boolean;
  /** Largest answer accepted (log pages). */
  maxBytes?: number;
  /** The documented answer the body must be. */
  answer: N;
  /** The checked answer → what the caller returns. */
  read: (answer: Answer<N>, status: number) => T;
}

/** What a caller needs to be built. */
export interface CodeArtsCallerDeps {
  endpoint: string;
  transport: HttpTransport;
  /** The bot's own authenticator: only its calls set `lastOutcome`. */
  bot: Authenticator;
  /** Every secret in use now (the bot's and any person's acting), for redaction. */
  secrets: () => readonly string[];
  headers: Readonly<Record<string, string>>;
  logger: Logger;
  now: () => number;
}

/** Makes calls; remembers the outcome of the last one the bot made. */
export interface CodeArtsCaller {
  call<N extends AnswerName, T>(c: CodeArtsCall<N, T>): Promise<T>;
  lastOutcome(): CallOutcome | null;
}

/** The transport's `kindOf` for `operation`: the CodeArts table, a queued run outside a run call is rate-limiting. */
export function codeArtsKindOf(operation: CodeArtsOperation): KindOf {
  return (status, code): BackendErrorKind => {
    const outcome = responseOutcome(status, code, operation);
    return outcome === 'queued' ? 'rate_limited' : outcome;
  };
}

/** Creates the caller. */
export function createCodeArtsCaller(deps: CodeArtsCallerDeps): CodeArtsCaller {
  let outcome: CallOutcome | null = null;

  function readAnswer<N extends AnswerName, T>(c: CodeArtsCall<N, T>, response: HttpResponse): T {
    const { status, text } = response;
    const body = tryDecodeBody(text);
    // Spelled out, not `{ ...response, body }` (a hidden class per call on Node 20: ../huawei/authorized-call.ts).
    const answer = { status, headers: response.headers, text, body };
    const meaning = interpretAnswer(answer, c.operation, deps.secrets(), deps.now());
    if (meaning.kind === 'error') throw meaning.error;
    if (meaning.kind === 'queued') {
      throw new BackendError('rate_limited', { status, detail: 'the run waits in the concurrency queue' });
    }
    if (body === undefined) {
      throw new BackendError('invalid_response', {
        status,
        detail: `unreadable body: ${describeBody(text, response.headers['content-type'])}`,
      });
    }
    return c.read(expectAnswer(c.answer, body, status), status);
  }

  return {
    call(c) {
      const request = {
        method: c.method,
        url: `${deps.endpoint}${c.path}`,
        headers: deps.headers,
        as: c.as,
        kindOf: codeArtsKindOf(c.operation),
        retry: c.retry,
        ...(c.body === undefined ? {} : { body: JSON.stringify(c.body) }),
        ...(c.maxBytes === undefined ? {} : { maxBytes: c.maxBytes }),
      };
      const read = (response: HttpResponse) => readAnswer(c, response);
      return authorizedCall(deps.transport, request, read, ({ status, attempts, durationMs, error }) => {
        // A person's review says nothing about whether the bot's own reads work.
        if (c.as === deps.bot) {
          outcome = { ok: error === null, kind: error?.kind ?? null, at: new Date(deps.now()), durationMs };
        }
        const fields = {
          method: c.method,
          operation: c.operation,
          path: c.path.split('?')[0],
          status,
          ms: durationMs,
          attempts,
        };
        if (error === null) deps.logger.debug('codearts call', fields);
        else {
          const failure = { ...fields, kind: error.kind, code: error.code, requestId: error.requestId };
          deps.logger.info('codearts call failed', failure);
        }
      });
    },
    lastOutcome: () => outcome,
  };
}
