/**
 * The part of a run's summary a watch remembers between looks: statuses, review results and start/end times —
 * never clock text — so an idle pipeline has the same state every cycle and costs no Slack call. Built from
 * `summarisePipeline`, so the card and the milestones always agree. Stored as JSON (the diff baseline).
 */
import { isStatus, STATUS_CLASS, type Status, type StatusClass, type StatusValue } from './status.js';
import type { PipelineSummary } from './summary.js';

export interface RunStageState {
  name: string;
  status: StatusValue;
  statusClass: StatusClass;
  /** Epoch ms; `null` when the API did not set it. */
  start: number | null;
  end: number | null;
  review: { passed: string[]; refused: string[]; pending: string[] } | null;
}

export interface RunState {
  id: string;
  name: string;
  runKey: string;
  status: StatusValue;
  statusClass: StatusClass;
  finished: boolean;
  start: number | null;
  end: number | null;
  /** Index of the review stage waiting for decisions, else `null`. */
  awaitingReview: number | null;
  /** Index of the first failed stage, else `null`. */
  failedStage: number | null;
  stages: RunStageState[];
}

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

/** The remembered state of `summary`. */
export function toRunState(summary: PipelineSummary): RunState {
  return {
    id: summary.id,
    name: summary.name,
    runKey: summary.runKey,
    status: summary.status,
    statusClass: summary.statusClass,
    finished: summary.finished,
    start: ms(summary.startTime),
    end: ms(summary.endTime),
    awaitingReview: summary.awaitingReview?.index ?? null,
    failedStage: summary.failedStage?.index ?? null,
    stages: summary.stages.map((s) => ({
      name: s.name,
      status: s.status,
      statusClass: s.statusClass,
      start: ms(s.startTime),
      end: ms(s.endTime),
      review: s.review ? { passed: s.review.passed, refused: s.review.refused, pending: s.review.pending } : null,
    })),
  };
}

/**
 * States stored before the domain core kept ContainerOps' own words as a plain string (`"success"`): read through
 * this table once, so an upgrade neither loses a watch's baseline nor shows `success` as an unknown status.
 */
const STORED_CONTAINEROPS_WORDS: Record<string, Status> = {
  waiting: 'waiting',
  running: 'running',
  success: 'succeeded',
  cancel: 'cancelled',
  rollbacking: 'rolling_back',
  rollback_success: 'rolled_back',
  stage_exception: 'stage_error',
  runtime_exception: 'runtime_error',
  timeout: 'timed_out',
  unauthorized: 'unauthorised',
  rollback_failed: 'rollback_failed',
  rollback_exception: 'rollback_error',
};

function storedStatus(value: unknown): StatusValue {
  if (typeof value === 'object' && value !== null) {
    const { state, raw } = value as Partial<StatusValue>;
    if (isStatus(state)) return { state, raw: typeof raw === 'string' ? raw : state };
  }
  const word = typeof value === 'string' ? value : '';
  const state = Object.hasOwn(STORED_CONTAINEROPS_WORDS, word) ? STORED_CONTAINEROPS_WORDS[word] : undefined;
  return { state: state ?? 'unknown', raw: word };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads a stored state back; `null` for a missing or unreadable one (treated as "nothing seen yet"). */
export function readRunState(value: unknown): RunState | null {
  if (!isRecord(value) || !Array.isArray(value.stages) || typeof value.runKey !== 'string') return null;
  const state = value as unknown as RunState;
  const status = storedStatus(value.status);
  return {
    ...state,
    id: String(value.id),
    status,
    statusClass: STATUS_CLASS[status.state],
    stages: value.stages.filter(isRecord).map((stage) => {
      const stageStatus = storedStatus(stage.status);
      return {
        ...(stage as unknown as RunStageState),
        status: stageStatus,
        statusClass: STATUS_CLASS[stageStatus.state],
      };
    }),
  };
}

/** `readRunState` of a JSON text; `null` for none or unreadable JSON. */
export function parseRunState(json: string | null): RunState | null {
  if (json === null) return null;
  try {
    return readRunState(JSON.parse(json));
  } catch {
    return null;
  }
}
