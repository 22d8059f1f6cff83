/**
 * Statuses, as one small closed vocabulary every backend maps its own words into (ContainerOps' `stage_exception`,
 * CodeArts' `FAILED`, …), and the class each belongs to. The card shows the status's own word; the watch and the
 * summary reason about its class. A value a backend does not document is `unknown`, with its raw text kept so it
 * can still be shown as the API sent it — never an error.
 */

export const STATUSES = [
  'not_started',
  'waiting',
  'queued',
  'paused',
  'running',
  'rolling_back',
  'succeeded',
  'skipped',
  'cancelled',
  'rolled_back',
  'failed',
  'stage_error',
  'runtime_error',
  'timed_out',
  'unauthorised',
  'rollback_failed',
  'rollback_error',
  'unknown',
] as const;

export type Status = (typeof STATUSES)[number];

/** A status as read from an API: what it means, and the text the API sent (shown when the meaning is `unknown`). */
export interface StatusValue {
  state: Status;
  raw: string;
}

/** How a status reads: still to come, moving, done well, passed over, done badly, or stopped by a person. */
export type StatusClass = 'pending' | 'active' | 'succeeded' | 'skipped' | 'failed' | 'cancelled' | 'unknown';

/** The class of every status. */
export const STATUS_CLASS: Record<Status, StatusClass> = {
  not_started: 'pending',
  waiting: 'pending',
  queued: 'pending',
  paused: 'pending',
  running: 'active',
  rolling_back: 'active',
  succeeded: 'succeeded',
  skipped: 'skipped',
  cancelled: 'cancelled',
  rolled_back: 'cancelled',
  failed: 'failed',
  stage_error: 'failed',
  runtime_error: 'failed',
  timed_out: 'failed',
  unauthorised: 'failed',
  rollback_failed: 'failed',
  rollback_error: 'failed',
  unknown: 'unknown',
};

const TERMINAL: ReadonlySet<StatusClass> = new Set(['succeeded', 'skipped', 'failed', 'cancelled']);

/** `true` for classes after which a run or stage changes no more. */
export function isTerminalClass(cls: StatusClass): boolean {
  return TERMINAL.has(cls);
}

/** `STATUS_CLASS` as a `Map`: one hashed lookup where a keyed property read of 18 names was a slow path. */
const CLASS_OF: ReadonlyMap<string, StatusClass> = new Map(Object.entries(STATUS_CLASS));

/** The class of `status`. */
export function classOf(status: StatusValue): StatusClass {
  return CLASS_OF.get(status.state) ?? 'unknown';
}

/** A status value for `state`, its raw text the state's own name (for models built in code: tests, simulators). */
export function statusOf(state: Status): StatusValue {
  return { state, raw: state };
}

/**
 * Reads a backend's status word through its table (`own keys only`: a status `constructor` or `__proto__` is data,
 * not a path into Object.prototype). A word the table lacks is `unknown`, its text kept.
 */
export function mapStatus(raw: string, table: Readonly<Record<string, Status>>): StatusValue {
  const state = Object.hasOwn(table, raw) ? table[raw] : undefined;
  return { state: state ?? 'unknown', raw };
}

/** `true` when `value` is one of the vocabulary's words (for state read back from storage). */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}
