/**
 * The part of a pipeline's summary a watch remembers between cycles: statuses, stage statuses, review results
 * and start/end times — never clock text — so an idle pipeline has the same fingerprint every cycle and costs
 * no Slack call. Built from `summarisePipeline`, so the card and the milestones always agree.
 */
import { createHash } from 'node:crypto';
import type { PipelineSummary, StatusClass } from '../render/summary.js';
import type { SlackMessage } from '../render/types.js';

export interface WatchStageState {
  name: string;
  status: string;
  statusClass: StatusClass;
  /** Epoch ms; `null` when the API sent the zero time. */
  start: number | null;
  end: number | null;
  review: { passed: string[]; refused: string[]; pending: string[] } | null;
}

export interface WatchState {
  id: number;
  name: string;
  runKey: string;
  status: string;
  statusClass: StatusClass;
  finished: boolean;
  start: number | null;
  end: number | null;
  /** Index of the review stage waiting for decisions, else `null`. */
  awaitingReview: number | null;
  /** Index of the first failed stage, else `null`. */
  failedStage: number | null;
  stages: WatchStageState[];
}

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());

/** The remembered state of `summary`. */
export function toWatchState(summary: PipelineSummary): WatchState {
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

/** A short stable hash of the state: equal fingerprints mean the card would not change. */
export function fingerprintState(state: WatchState): string {
  return fingerprintJson(JSON.stringify(state));
}

/** `fingerprintState` of the state whose `JSON.stringify` is `json`, for a caller that has the JSON already. */
export function fingerprintJson(json: string): string {
  return createHash('sha1').update(json).digest('base64url');
}

const isWatchState = (value: unknown): value is WatchState =>
  typeof value === 'object' && value !== null && Array.isArray((value as Partial<WatchState>).stages);

/** Reads a stored state back; `null` for a missing or unreadable one (treated as "nothing seen yet"). */
export function parseWatchState(json: string | null): WatchState | null {
  if (json === null) return null;
  try {
    const value: unknown = JSON.parse(json);
    return isWatchState(value) ? value : null;
  } catch {
    return null;
  }
}

/** What a run still owes its card and thread (`WatchRecord.pendingJson`). */
export interface PendingRun {
  /** The last state seen of the run; its milestones since the baseline are owed. */
  state: WatchState;
  /** That state's card while the card does not show it yet, else `null`. */
  card: SlackMessage | null;
}

/** The stored JSON of a `PendingRun`, from the state's JSON and the card's (`null`: the card is up to date). */
export function pendingRunJson(stateJson: string, cardJson: string | null): string {
  return `{"state":${stateJson},"card":${cardJson ?? 'null'}}`;
}

/** Reads a pending run back; `null` for none or an unreadable one (nothing can be settled from it). */
export function parsePendingRun(json: string | null): PendingRun | null {
  if (json === null) return null;
  try {
    const value = JSON.parse(json) as { state?: unknown; card?: unknown } | null;
    if (value === null || typeof value !== 'object' || !isWatchState(value.state)) return null;
    const card = value.card as Partial<SlackMessage> | null | undefined;
    return {
      state: value.state,
      card:
        card && typeof card.text === 'string' && Array.isArray(card.blocks)
          ? { text: card.text, blocks: card.blocks }
          : null,
    };
  } catch {
    return null;
  }
}
