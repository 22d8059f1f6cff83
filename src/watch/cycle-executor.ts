/**
 * The acting half of a watch cycle: carries out a plan's actions in order through ./slack-delivery.ts, applies
 * each outcome with the pure reducer (./cycle-outcome.ts), and stops where an outcome says so. The one store
 * write of its own: a card is recorded the moment it is up, so a crash before the cycle's save cannot forget it.
 */
import type { Logger } from '../log.js';
import { progressOf } from '../store/progress.js';
import type { WatchProgress, WatchRecord } from '../store/types.js';
import type { CycleAction, CyclePlan } from './cycle-actions.js';
import { applyOutcome, finishCycle, type OutcomeContext, startCycle } from './cycle-outcome.js';
import { type DeliveryContext, type DeliveryOutcome, postOnce, updateCard } from './slack-delivery.js';

/** What carrying out a plan needs: Slack, the store, the pacing and this process's lease owner id. */
export interface ExecutorContext extends DeliveryContext {
  /** The lease owner: the card is recorded only while it holds the watch. */
  owner: string;
  intervalMs: number;
  maxBackoffMs: number;
  logger: Logger;
}

/** Carries out one action; `null` for bookkeeping, which needs no call. */
async function perform(
  ctx: ExecutorContext,
  watch: WatchRecord,
  progress: WatchProgress,
  action: CycleAction,
): Promise<DeliveryOutcome | null> {
  switch (action.kind) {
    case 'remember':
      return null;
    case 'edit_card':
    case 'final_edit':
    case 'close_card':
      return updateCard(ctx, watch.teamId, action.channel, action.ts, action.message);
    case 'post_in_thread': {
      // A plan puts thread posts after the card they belong under: a card is always held by then.
      if (progress.cardTs === null) throw new Error('a thread post was planned for a watch without a card');
      return postOnce(ctx, {
        key: { watchId: watch.id, runKey: action.runKey, key: action.key },
        channel: progress.cardChannel ?? watch.channelId,
        threadTs: progress.cardTs,
        message: action.message,
        broadcast: action.broadcast,
        retryAmbiguous: false,
      });
    }
    case 'post_card': {
      const outcome = await postOnce(ctx, {
        key: { watchId: watch.id, runKey: action.runKey, key: action.key },
        channel: watch.channelId,
        threadTs: null,
        message: action.message,
        broadcast: false,
        retryAmbiguous: true,
      });
      const ts = outcome.kind === 'sent' || outcome.kind === 'already_done' ? outcome.ts : null;
      if (ts === null) return outcome;
      const recorded = await ctx.store.recordCard(ctx.owner, watch.id, {
        cardChannel: watch.channelId,
        cardTs: ts,
        runKey: action.runKey,
        fingerprint: outcome.kind === 'sent' ? action.fingerprint : null,
        baselineJson: action.baselineJson,
      });
      // Lost the lease mid-cycle: whoever holds the watch now finds this card through its key (`already_done`).
      if (!recorded)
        ctx.logger.warn('a card was posted by a cycle that no longer holds its watch', { watchId: watch.id });
      if (action.newRun) await ctx.store.pruneMilestones(watch.id, action.runKey);
      return outcome;
    }
  }
}

/** Carries out `plan` for `watch` (as claimed) and returns the progress to save. */
export async function executePlan(ctx: ExecutorContext, watch: WatchRecord, plan: CyclePlan): Promise<WatchProgress> {
  const context: OutcomeContext = {
    watch,
    now: ctx.now.getTime(),
    intervalMs: ctx.intervalMs,
    maxBackoffMs: ctx.maxBackoffMs,
  };
  let state = startCycle(progressOf(watch));
  const queue = [...plan.actions];
  for (let action = queue.shift(); action !== undefined; action = queue.shift()) {
    const outcome = await perform(ctx, watch, state.progress, action);
    const step = applyOutcome(state, action, outcome, context);
    if (step.warning) ctx.logger.warn(step.warning.message, { watchId: watch.id, reason: step.warning.reason });
    state = step.state;
    if (step.stop) break;
    queue.unshift(...step.next);
  }
  return finishCycle(state, plan, context.now);
}
