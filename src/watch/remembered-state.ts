/**
 * What a watch keeps of a run between cycles besides the run's state itself (../domain/run-state.ts): the
 * state's fingerprint — equal fingerprints mean the card would not change, so an idle pipeline costs no Slack call
 * — and what a run still owes its card and thread when a new run starts before it is paid.
 */
import { createHash } from 'node:crypto';
import { type RunState, readRunState } from '../domain/run-state.js';
import type { SlackMessage } from '../render/types.js';

/** A short stable hash of the state: equal fingerprints mean the card would not change. */
export function fingerprintState(state: RunState): string {
  return fingerprintJson(JSON.stringify(state));
}

/** `fingerprintState` of the state whose `JSON.stringify` is `json`, for a caller that has the JSON already. */
export function fingerprintJson(json: string): string {
  return createHash('sha1').update(json).digest('base64url');
}

/** What a run still owes its card and thread (`WatchRecord.pendingJson`). */
export interface PendingRun {
  /** The last state seen of the run; its milestones since the baseline are owed. */
  state: RunState;
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
    const state = value !== null && typeof value === 'object' ? readRunState(value.state) : null;
    if (state === null) return null;
    const card = value?.card as Partial<SlackMessage> | null | undefined;
    return {
      state,
      card:
        card && typeof card.text === 'string' && Array.isArray(card.blocks)
          ? { text: card.text, blocks: card.blocks }
          : null,
    };
  } catch {
    return null;
  }
}
