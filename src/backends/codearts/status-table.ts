/**
 * CodeArts status words → the domain's status vocabulary. One table for runs, stages, jobs and steps (their
 * documented words overlap), plus the one place a review job reads differently: while a manual review waits,
 * nothing executes, so its "running" words read as `waiting` — as ContainerOps' review stages do — with the
 * API's word kept as `raw`. Which word a waiting review shows is not documented, so every non-final one counts.
 */
import { classOf, isTerminalClass, mapStatus, type Status, type StatusValue } from '../../domain/status.js';

/** Every documented CodeArts status word and its meaning (CODEARTS.md "Status values"). */
export const CODEARTS_STATUS: Readonly<Record<string, Status>> = {
  INIT: 'not_started',
  QUEUED: 'queued',
  REDISPATCH: 'queued',
  RUNNING: 'running',
  ASYNC_RUNNING: 'running',
  COMPLETED: 'succeeded',
  FAILED: 'failed',
  ASYNC_FAILED: 'failed',
  CANCELED: 'cancelled',
  SKIPPED: 'skipped',
  IGNORED: 'skipped',
  UNSELECTED: 'skipped',
  PAUSED: 'paused',
  SUSPEND: 'paused',
};

/** A status word through `CODEARTS_STATUS`; `null` (the API sent none) stays `null`; unknown words keep their text. */
export function codeArtsStatus(raw: string | null | undefined): StatusValue | null {
  if (raw === null || raw === undefined || raw.trim() === '') return null;
  return mapStatus(raw.trim(), CODEARTS_STATUS);
}

/**
 * A manual review's status: `waiting` while it is running, paused or queued, else the table's meaning (an unknown
 * word stays `unknown`, its text kept). `null` (no status yet) stays `null`.
 */
export function reviewStatus(raw: string | null | undefined): StatusValue | null {
  const status = codeArtsStatus(raw);
  if (status === null) return null;
  const cls = classOf(status);
  if (status.state === 'not_started' || cls === 'unknown' || isTerminalClass(cls)) return status;
  return { state: 'waiting', raw: status.raw };
}
