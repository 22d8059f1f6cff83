/**
 * Faults injected on demand, per pipeline id (or for every SWR call, the list call, or the IAM call), so the
 * bot's client can be tested against latency, errors of each shape, odd bodies and silence.
 */
import type { ErrorShape } from '../../huawei/simulator/error-bodies.js';

/** What a fault applies to: one pipeline's calls (GET and review PUT), every SWR call, the list call, IAM. */
export type FaultTarget = number | 'all' | 'list' | 'iam';

/** Statuses a fault may answer with. */
export const FAULT_STATUSES = [400, 401, 403, 404, 429, 500, 502, 503] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

/**
 * A fault. `hang` wins over everything; otherwise `latencyMs` delays the answer, then `html` answers an HTML
 * page (status `status` or 502), else `status` answers that error in `errorShape`, else the normal answer is
 * sent, as YAML whatever `Accept` says if `yaml`, cut in half if `truncated`.
 */
export interface Fault {
  latencyMs?: number;
  status?: FaultStatus;
  /** With `status` 429: the `Retry-After` header. */
  retryAfterSeconds?: number;
  /** Default: `apigw` for 401 and 429, `iam` for the IAM target, else `swr`. */
  errorShape?: ErrorShape;
  /** Replaces the canned code (`SVCSTG.SWR.4040083`, `APIGW.0307`…); IAM's code is always the status. */
  errorCode?: string;
  /** Replaces the canned message. */
  errorMessage?: string;
  yaml?: boolean;
  truncated?: boolean;
  html?: boolean;
  hang?: boolean;
  /** Apply to the next `times` matching requests only, then clear; absent: until cleared. */
  times?: number;
}

const SHAPES: readonly ErrorShape[] = ['swr', 'apigw', 'iam'];
const BOOLEAN_KEYS = ['yaml', 'truncated', 'html', 'hang'] as const;

function isWholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/** Validates a fault from JSON (the HTTP control endpoint); returns it or the list of problems. */
export function parseFault(value: unknown): { fault: Fault } | { problems: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: ['a fault is a JSON object'] };
  }
  const input = value as Record<string, unknown>;
  const problems: string[] = [];
  const fault: Fault = {};
  const known = new Set([
    'latencyMs',
    'status',
    'retryAfterSeconds',
    'errorShape',
    'errorCode',
    'errorMessage',
    'times',
    ...BOOLEAN_KEYS,
  ]);
  for (const key of Object.keys(input)) if (!known.has(key)) problems.push(`unknown field "${key}"`);
  if (input.latencyMs !== undefined) {
    if (isWholeNumber(input.latencyMs, 0)) fault.latencyMs = input.latencyMs;
    else problems.push('latencyMs must be a whole number ≥ 0');
  }
  if (input.status !== undefined) {
    const status = FAULT_STATUSES.find((s) => s === input.status);
    if (status === undefined) problems.push(`status must be one of ${FAULT_STATUSES.join(', ')}`);
    else fault.status = status;
  }
  if (input.retryAfterSeconds !== undefined) {
    if (isWholeNumber(input.retryAfterSeconds, 0)) fault.retryAfterSeconds = input.retryAfterSeconds;
    else problems.push('retryAfterSeconds must be a whole number ≥ 0');
  }
  if (input.errorShape !== undefined) {
    const shape = SHAPES.find((s) => s === input.errorShape);
    if (shape === undefined) problems.push(`errorShape must be one of ${SHAPES.join(', ')}`);
    else fault.errorShape = shape;
  }
  for (const key of ['errorCode', 'errorMessage'] as const) {
    const text = input[key];
    if (text === undefined) continue;
    if (typeof text === 'string' && text.length > 0 && text.length <= 500) fault[key] = text;
    else problems.push(`${key} must be a non-empty string`);
  }
  if (input.times !== undefined) {
    if (isWholeNumber(input.times, 1)) fault.times = input.times;
    else problems.push('times must be a whole number ≥ 1');
  }
  for (const key of BOOLEAN_KEYS) {
    const flag = input[key];
    if (flag === undefined) continue;
    if (typeof flag === 'boolean') fault[key] = flag;
    else problems.push(`${key} must be true or false`);
  }
  return problems.length ? { problems } : { fault };
}

/** Reads a target from a URL segment: a pipeline id, `all`, `list` or `iam`. */
export function parseFaultTarget(segment: string): FaultTarget | null {
  if (segment === 'all' || segment === 'list' || segment === 'iam') return segment;
  return /^\d{1,15}$/.test(segment) ? Number(segment) : null;
}

/** The faults in force, with `times` counting down. */
export class FaultBook {
  private readonly faults = new Map<FaultTarget, Fault>();

  /** Installs `fault` for `target`, or clears it with `null`. */
  set(target: FaultTarget, fault: Fault | null): void {
    if (fault === null) this.faults.delete(target);
    else this.faults.set(target, { ...fault });
  }

  /** The first fault among `targets` (most specific first), counting one use against its `times`. */
  take(targets: readonly FaultTarget[]): Fault | null {
    for (const target of targets) {
      const fault = this.faults.get(target);
      if (!fault) continue;
      if (fault.times !== undefined) {
        const left = fault.times - 1;
        if (left <= 0) this.faults.delete(target);
        else this.faults.set(target, { ...fault, times: left });
      }
      return fault;
    }
    return null;
  }

  /** Every fault in force, keyed by target. */
  list(): Record<string, Fault> {
    return Object.fromEntries([...this.faults].map(([target, fault]) => [String(target), { ...fault }]));
  }

  clear(): void {
    this.faults.clear();
  }
}
