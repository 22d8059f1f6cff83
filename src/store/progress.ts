/** Reading a watch row back as the progress a poller writes. */
import type { WatchProgress, WatchRecord } from './types.js';

/** The fields of `w` a cycle may change, as they are now. */
export function progressOf(w: WatchRecord): WatchProgress {
  return {
    id: w.id,
    cardChannel: w.cardChannel,
    cardTs: w.cardTs,
    runKey: w.runKey,
    fingerprint: w.fingerprint,
    summaryJson: w.summaryJson,
    pendingJson: w.pendingJson,
    pausedReason: w.pausedReason,
    pausedAt: w.pausedAt,
    errorStreak: w.errorStreak,
    errorSince: w.errorSince,
    errorNoted: w.errorNoted,
    nextPollAt: w.nextPollAt,
    remindedKey: w.remindedKey,
  };
}
