/**
 * Faults injected on demand — per pipeline id, for every API call, the list call, the batch status call or IAM
 * — so a client can be tested against latency, each error shape (including an error inside a 200), throttling
 * with `Retry-After`, cut-off bodies, HTML pages and silence. Mirrors the ContainerOps simulator's faults.
 */

/** A pipeline id (its detail, runs, logs and reviews), `all` API calls, `list`, `status` (batch) or `iam`. */
export type CodeArtsFaultTarget = string;

/** Statuses a fault may answer with. */
export const FAULT_STATUSES = [400, 401, 403, 404, 429, 500, 502, 503] as const;
/** A status a fault may answer with. */
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/** The error body shapes: `{error_code, error_msg, request_id}`, `{error: {code, message}}`, IAM's. */
export const FAULT_SHAPES = ['error_code', 'error_object', 'iam'] as const;
/** An error body shape. */
export type FaultShape = (typeof FAULT_SHAPES)[number];

/**
 * A fault. `hang` wins over everything; otherwise `latencyMs` delays the answer, then `html` answers an HTML page
 * (status `status` or 502), else `status` answers that error (in a 200 when `errorIn200`), else the normal answer,
 * cut in half if `truncated`.
 */
export interface CodeArtsFault {
  latencyMs?: number;
  status?: FaultStatus;
  /** With `status` 429: the `Retry-After` header. */
  retryAfterSeconds?: number;
  /** Default: `iam` for the IAM target, else `error_code`. */
  errorShape?: FaultShape;
  /** Replaces the canned code (`DEVPIPE.00011169`, `APIGW.0308`, …). */
  errorCode?: string;
  errorMessage?: string;
  /** Answer HTTP 200 with the error body of `status` (500 when absent): the case Terraform guards against. */
  errorIn200?: boolean;
  truncated?: boolean;
  html?: boolean;
  hang?: boolean;
  /** Apply to the next `times` matching requests only, then clear; absent: until cleared. */
  times?: number;
}

const BOOLEAN_KEYS = ['errorIn200', 'truncated', 'html', 'hang'] as const;
const KNOWN = new Set<string>([
  'latencyMs',
  'status',
  'retryAfterSeconds',
  'errorShape',
  'errorCode',
  'errorMessage',
  'times',
  ...BOOLEAN_KEYS,
]);

const isWhole = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

/** Validates a fault from JSON; returns it or the list of problems. */
export function parseCodeArtsFault(value: unknown): { fault: CodeArtsFault } | { problems: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problems: ['a fault is a JSON object'] };
  const input = value as Record<string, unknown>;
  const problems: string[] = [];
  const fault: CodeArtsFault = {};
  for (const key of Object.keys(input)) if (!KNOWN.has(key)) problems.push(`unknown field "${key}"`);
  for (const key of ['latencyMs', 'retryAfterSeconds'] as const) {
    if (input[key] === undefined) continue;
    if (isWhole(input[key], 0)) fault[key] = input[key];
    else problems.push(`${key} must be a whole number ≥ 0`);
  }
  if (input.times !== undefined) {
    if (isWhole(input.times, 1)) fault.times = input.times;
    else problems.push('times must be a whole number ≥ 1');
  }
  if (input.status !== undefined) {
    const status = FAULT_STATUSES.find((s) => s === input.status);
    if (status === undefined) problems.push(`status must be one of ${FAULT_STATUSES.join(', ')}`);
    else fault.status = status;
  }
  if (input.errorShape !== undefined) {
    const shape = FAULT_SHAPES.find((s) => s === input.errorShape);
    if (shape === undefined) problems.push(`errorShape must be one of ${FAULT_SHAPES.join(', ')}`);
    else fault.errorShape = shape;
  }
  for (const key of ['errorCode', 'errorMessage'] as const) {
    const text = input[key];
    if (text === undefined) continue;
    if (typeof text === 'string' && text.length > 0 && text.length <= 500) fault[key] = text;
    else problems.push(`${key} must be a non-empty string of at most 500 characters`);
  }
  for (const key of BOOLEAN_KEYS) {
    const flag = input[key];
    if (flag === undefined) continue;
    if (typeof flag === 'boolean') fault[key] = flag;
    else problems.push(`${key} must be true or false`);
  }
  return problems.length > 0 ? { problems } : { fault };
}

/** Reads a target from a URL segment: a 32-letters-and-digits pipeline id, `all`, `list`, `status` or `iam`. */
export function parseFaultTarget(segment: string): CodeArtsFaultTarget | null {
  if (segment === 'all' || segment === 'list' || segment === 'status' || segment === 'iam') return segment;
  return /^[0-9A-Za-z]{32}$/.test(segment) ? segment : null;
}

/** The faults in force, with `times` counting down. */
export class CodeArtsFaultBook {
  private readonly faults = new Map<CodeArtsFaultTarget, CodeArtsFault>();

  /** Installs `fault` for `target`, or clears it with `null`. */
  set(target: CodeArtsFaultTarget, fault: CodeArtsFault | null): void {
    if (fault === null) this.faults.delete(target);
    else this.faults.set(target, { ...fault });
  }

  /** The first fault among `targets` (most specific first), counting one use against its `times`. */
  take(targets: readonly CodeArtsFaultTarget[]): CodeArtsFault | null {
    for (const target of targets) {
      const fault = this.faults.get(target);
      if (!fault) continue;
      if (fault.times !== undefined) {
        if (fault.times <= 1) this.faults.delete(target);
        else this.faults.set(target, { ...fault, times: fault.times - 1 });
      }
      return fault;
    }
    return null;
  }

  /** Every fault in force, keyed by target. */
  list(): Record<string, CodeArtsFault> {
    return Object.fromEntries([...this.faults].map(([target, fault]) => [target, { ...fault }]));
  }

  clear(): void {
    this.faults.clear();
  }
}

/** The canned code and message of each status (gateway codes where the gateway answers; `SIM.*` are invented). */
export const CANNED_ERRORS: Record<FaultStatus, [string, string]> = {
  400: ['SIM.00000400', 'Invalid request parameter.'],
  401: ['APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail'],
  403: ['APIGW.0302', 'The IAM user is not authorized to access the API.'],
  404: ['DEVPIPE.00011401', 'The pipeline does not exist or has been deleted.'],
  429: ['APIGW.0308', 'The throttling threshold has been reached: policy user over ratelimit,limit:50,time:1 minute'],
  500: ['SIM.00000500', 'Internal server error.'],
  502: ['APIGW.0203', 'Bad gateway: the backend answered with an error.'],
  503: ['APIGW.0202', 'The backend service is unavailable.'],
};
