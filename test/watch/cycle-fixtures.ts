/**
 * Fixtures for the pure halves of a watch cycle (plan and reducer): a watch record, pipelines observed at the named
 * points of test/watch/raw-pipeline.ts' three-stage run, settings, and a card renderer that says what it shows.
 */
import type { PipelineRun } from '../../src/domain/pipeline.js';
import type { WatchRecord } from '../../src/store/types.js';
import type { PlanSettings } from '../../src/watch/cycle-actions.js';
import { type CardSettings, type ObservedRun, observeRun } from '../../src/watch/observed-run.js';
import { runFromRaw } from '../helpers/containerops-run.js';
import { threeStage } from './raw-pipeline.js';

export const ID = 1003;
export const T0 = new Date('2026-03-01T10:00:00.000Z');
export const NOW = T0.getTime();
/** The run observed by default started a minute before `NOW`. */
export const RUN_START = new Date(NOW - 60_000);

export const SETTINGS: PlanSettings = {
  intervalMs: 15_000,
  slowFactor: 4,
  newRunCheckMs: 120_000,
  maxBackoffMs: 300_000,
  locale: 'en',
  mentions: undefined,
  backend: 'containerops',
  reviewReminderMs: 10 * 60_000,
  errorNoteAfterMs: 120_000,
};

/** A card is its one line of text: which pipeline, in which state. */
const CARDS: CardSettings = {
  locale: 'en',
  mentions: undefined,
  backend: 'containerops',
  renderCard: (pipeline: PipelineRun) => ({ text: `card: ${pipeline.name} ${pipeline.status.state}`, blocks: [] }),
};

export type Point = Parameters<typeof threeStage>[2];

/** The pipeline as observed at `point` of the run that started at `runStart`. */
export function observed(point: Point, runStart = RUN_START): ObservedRun {
  return observeRun(runFromRaw(threeStage(ID, runStart, point)), CARDS, T0);
}

/** A new watch of pipeline `ID` in channel `C1`, leased, with no card yet. */
export function newWatch(over: Partial<WatchRecord> = {}): WatchRecord {
  return {
    id: 7,
    teamId: 'T1',
    channelId: 'C1',
    pipelineId: String(ID),
    filter: 'changes',
    createdBy: 'U1',
    createdAt: T0,
    cardChannel: null,
    cardTs: null,
    runKey: null,
    fingerprint: null,
    baselineJson: null,
    pendingJson: null,
    cardClosed: null,
    pausedReason: null,
    pausedAt: null,
    errorStreak: 0,
    errorSince: null,
    errorNoted: false,
    nextPollAt: T0,
    leaseOwner: 'me',
    leaseUntil: new Date(NOW + 60_000),
    remindedKey: null,
    ...over,
  };
}

/** A watch whose card `1.1` shows `seen` and whose thread has told everything up to it. */
export function watchShowing(seen: ObservedRun, over: Partial<WatchRecord> = {}): WatchRecord {
  return newWatch({
    cardChannel: 'C1',
    cardTs: '1.1',
    runKey: seen.state.runKey,
    fingerprint: seen.fingerprint,
    baselineJson: seen.stateJson,
    ...over,
  });
}
