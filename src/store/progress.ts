/** Reading a watch row back as the progress a cycle writes. */
import type { WatchProgress, WatchRecord } from './types.js';

/** The fields of `watch` a cycle may change, as they are now. */
export function progressOf(watch: WatchRecord): WatchProgress {
  return {
    id: watch.id,
    cardChannel: watch.cardChannel,
    cardTs: watch.cardTs,
    runKey: watch.runKey,
    fingerprint: watch.fingerprint,
    baselineJson: watch.baselineJson,
    pendingJson: watch.pendingJson,
    cardClosed: watch.cardClosed,
    pausedReason: watch.pausedReason,
    pausedAt: watch.pausedAt,
    errorStreak: watch.errorStreak,
    errorSince: watch.errorSince,
    errorNoted: watch.errorNoted,
    nextPollAt: watch.nextPollAt,
    remindedKey: watch.remindedKey,
  };
}
