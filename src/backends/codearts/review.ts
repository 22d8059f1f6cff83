/**
 * Manual reviews. CodeArts has no review object: a review is a job whose step runs the plug-in
 * `official_devcloud_checkpoint` ("ManualReview", 人工审核), configured by the step's `inputs` — `approvers`
 * (user ids), `check_strategy` (`all` | `any`), `timeout` (seconds) and `timeout_strategy` (`reject` | `pass`).
 * Who has voted is in no answer, so `votesKnown` is `false`: until the review is final every approver is
 * `pending`; once it is final the API tells only its outcome (the step's status), so no reviewer is listed
 * rather than guessed (a review may pass by its timeout, or by one approver of several).
 */
import type { Review } from '../../domain/pipeline.js';
import { classOf, isTerminalClass } from '../../domain/status.js';
import type { JobAnswer, StepAnswer, StepInputAnswer } from './answers.js';
import { encodeRef } from './refs.js';
import { reviewStatus } from './status-table.js';

/** The plug-in of a manual review step. */
export const CHECKPOINT_TASK = 'official_devcloud_checkpoint';

// Bounds on what inputs may hold: a reviewer list is people, not a document.
const MAX_APPROVERS = 100;
const MAX_NAME = 128;

/** A review step's settings, read from its inputs (nothing else of the inputs is kept). */
export interface ReviewSettings {
  /** `members` (named approvers) or `roles` (anyone in `roles`), as the API says; `null` when absent. */
  source: string | null;
  approvers: string[];
  /** Role ids or names when `source` is `roles`. */
  roles: string[];
  mode: Review['mode'];
  timeout: Review['timeout'];
}

/** The job's manual review step, if it is a review job. */
export function reviewStepOf(job: JobAnswer): StepAnswer | undefined {
  return job.steps?.find((step) => step.task === CHECKPOINT_TASK);
}

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

const hasControlCharacter = (text: string): boolean => [...text].some((c) => c.charCodeAt(0) < 0x20);

/** A list input: a JSON array, or one string of ids separated by commas, semicolons or spaces. */
function names(value: unknown): string[] {
  const items = Array.isArray(value) ? value.map(scalarText) : (scalarText(value)?.split(/[\s,;]+/) ?? []);
  const clean = items.filter(
    (item): item is string => item !== null && item !== '' && item.length <= MAX_NAME && !hasControlCharacter(item),
  );
  return [...new Set(clean)].slice(0, MAX_APPROVERS);
}

function modeOf(value: unknown): Review['mode'] {
  const word = scalarText(value);
  if (word === null) return null;
  const lower = word.toLowerCase();
  return lower === 'all' || lower === 'any' ? lower : word.slice(0, MAX_NAME);
}

function timeoutOf(seconds: unknown, strategy: unknown): Review['timeout'] {
  const value = Number(scalarText(seconds));
  if (!Number.isFinite(value) || value <= 0) return null;
  const word = scalarText(strategy)?.toLowerCase();
  // Only what the API says: an unknown or missing strategy gives no timeout rather than a guessed outcome.
  const onTimeout = word === 'pass' ? 'pass' : word === 'reject' || word === 'refuse' ? 'refuse' : null;
  return onTimeout === null ? null : { seconds: Math.round(value), onTimeout };
}

/** The settings in a review step's inputs (last value wins for a repeated key). */
export function readReviewSettings(inputs: readonly StepInputAnswer[] | null | undefined): ReviewSettings {
  const byKey = new Map<string, unknown>();
  for (const input of inputs ?? []) if (input.key) byKey.set(input.key, input.value);
  return {
    source: scalarText(byKey.get('audit_source')),
    approvers: names(byKey.get('approvers')),
    roles: names(byKey.get('audit_role')),
    mode: modeOf(byKey.get('check_strategy')),
    timeout: timeoutOf(byKey.get('timeout'), byKey.get('timeout_strategy')),
  };
}

/** `true` once a review job's outcome is final (passed, refused, cancelled, skipped), by its job's or step's status. */
export function isReviewFinal(job: JobAnswer, step: StepAnswer): boolean {
  return [job.status, step.status].some((raw) => {
    const status = reviewStatus(raw);
    return status !== null && isTerminalClass(classOf(status));
  });
}

/** The review `job` runs in run `runId`, or `null` when it is not a review job. */
export function mapReview(job: JobAnswer, runId: string | null | undefined): Review | null {
  const step = reviewStepOf(job);
  if (!step) return null;
  const settings = readReviewSettings(step.inputs);
  const final = isReviewFinal(job, step);
  return {
    mode: settings.mode,
    // The API tells no vote: while the review waits every approver is still to decide; once it is over, who
    // decided what is unknown.
    reviewers: settings.approvers.map((name) => ({
      name,
      decision: final ? ('unknown' as const) : ('pending' as const),
    })),
    votesKnown: false,
    timeout: settings.timeout,
    // `null` when an id is missing or unsafe: the review is shown but cannot be acted on.
    ref: encodeRef('review', { runId, jobRunId: job.id, stepRunId: step.id }),
  };
}
