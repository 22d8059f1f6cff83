/**
 * The pure reducer of a watch cycle: how each action's outcome changes what the watch remembers, whether the cycle
 * goes on, and — once it stops or runs out of actions — when the watch is looked at next and what its run still
 * owes. The executor (./cycle-executor.ts) performs; this decides what the result means.
 */
import type { WatchProgress, WatchRecord } from '../store/types.js';
import type { CycleAction, CyclePlan, PostCard } from './cycle-actions.js';
import type { DeliveryOutcome } from './slack-delivery.js';

/** What a cycle has come to so far. */
export interface CycleState {
  progress: WatchProgress;
  /** The earliest time something deferred should be tried again (epoch ms), or `null`. */
  retryAt: number | null;
}

/** What the reducer needs to know of the cycle besides the action and its outcome. */
export interface OutcomeContext {
  watch: Pick<WatchRecord, 'id' | 'channelId'>;
  /** The cycle's `now` (epoch ms). */
  now: number;
  /** A failure that leaves no time to wait for is tried again after one interval. */
  intervalMs: number;
  /** A paused watch is looked at again after this long (a filter change lifts the pause at once). */
  maxBackoffMs: number;
}

/** One action's effect. */
export interface Step {
  state: CycleState;
  /** Nothing after this action is carried out this cycle. */
  stop: boolean;
  /** Actions to carry out at once, before the rest of the plan. */
  next: CycleAction[];
  /** Something an operator should know, logged as a warning. */
  warning?: { message: string; reason: string };
}

/** The state a cycle of `progress` starts from. */
export function startCycle(progress: WatchProgress): CycleState {
  return { progress: { ...progress }, retryAt: null };
}

const goOn = (state: CycleState, next: CycleAction[] = []): Step => ({ state, stop: false, next });
const stop = (state: CycleState): Step => ({ state, stop: true, next: [] });
const set = (state: CycleState, changes: Partial<WatchProgress>): CycleState => ({
  ...state,
  progress: { ...state.progress, ...changes },
});
const deferTo = (state: CycleState, at: number): CycleState => ({
  ...state,
  retryAt: state.retryAt === null ? at : Math.min(state.retryAt, at),
});

/** A Slack error that will not pass by itself: the watch pauses until someone watches again. */
function pause(state: CycleState, reason: string, context: OutcomeContext): Step {
  return {
    ...stop(
      set(state, {
        pausedReason: reason,
        pausedAt: new Date(context.now),
        nextPollAt: new Date(context.now + context.maxBackoffMs),
      }),
    ),
    warning: { message: 'watch paused by a Slack error', reason },
  };
}

/** When to try again what did not happen: at `retryAt` when Slack said, else after one interval. */
const retryTime = (outcome: DeliveryOutcome, context: OutcomeContext): number =>
  outcome.kind === 'deferred' ? outcome.retryAt : context.now + context.intervalMs;

/** Not made, or not known to be (`already_done` is a post's only: no edit is keyed). */
const notMade = (outcome: DeliveryOutcome): boolean =>
  outcome.kind === 'deferred' || outcome.kind === 'unknown' || outcome.kind === 'already_done';

const reasonOf = (outcome: DeliveryOutcome): string => ('reason' in outcome ? outcome.reason : outcome.kind);
const warn = (step: Step, message: string, reason: string): Step => ({ ...step, warning: { message, reason } });

/** The card post's effect: the watch holds the card from now on, or the cycle stops until it can be posted. */
function cardPosted(state: CycleState, action: PostCard, outcome: DeliveryOutcome, context: OutcomeContext): Step {
  const ts = outcome.kind === 'sent' || outcome.kind === 'already_done' ? outcome.ts : null;
  if (ts === null) {
    const step = stop(deferTo(state, retryTime(outcome, context)));
    return outcome.kind === 'already_done' ? warn(step, 'a card post left no ts to edit', 'unconfirmed') : step;
  }
  return goOn(
    set(state, {
      cardChannel: context.watch.channelId,
      cardTs: ts,
      runKey: action.runKey,
      // Posted before, by a cycle that died (or lost its lease) before recording it: it shows an earlier state, so
      // no fingerprint, and the next cycle edits it.
      fingerprint: outcome.kind === 'sent' ? action.fingerprint : null,
      baselineJson: action.baselineJson,
      pendingJson: null,
      cardClosed: null,
    }),
  );
}

/** Applies `outcome` of `action` (`null` for an action without a Slack call). Pure. */
export function applyOutcome(
  state: CycleState,
  action: CycleAction,
  outcome: DeliveryOutcome | null,
  context: OutcomeContext,
): Step {
  if (action.kind === 'remember') return goOn(set(state, action.set));
  if (outcome === null) return goOn(state);
  if (outcome.kind === 'channel_gone') return pause(state, outcome.reason, context);
  switch (action.kind) {
    case 'post_card':
      return cardPosted(state, action, outcome, context);
    case 'edit_card':
      if (outcome.kind === 'sent') return goOn(set(state, { fingerprint: action.fingerprint }));
      if (outcome.kind === 'message_gone') return goOn(state, [action.ifDeleted]);
      if (outcome.kind === 'refused') {
        // Slack would refuse this same card every cycle (and keep a finished run polled): wait for the next change.
        const step = goOn(set(state, { fingerprint: action.fingerprint }));
        return warn(step, 'Slack refused the watch card edit', outcome.reason);
      }
      // Not made: the fingerprint stays, so it is tried again; the thread need not wait for it.
      return goOn(deferTo(state, retryTime(outcome, context)));
    case 'final_edit': {
      if (notMade(outcome)) return stop(deferTo(state, retryTime(outcome, context)));
      // Deleted or refused: a run that is over gets no new card, and the same edit would be refused again.
      const step = goOn(set(state, { fingerprint: action.fingerprint, pendingJson: action.pendingJson }));
      if (outcome.kind === 'sent') return step;
      return warn(step, 'the final edit of an earlier run’s card was not made', reasonOf(outcome));
    }
    case 'close_card': {
      if (notMade(outcome)) return stop(deferTo(state, retryTime(outcome, context)));
      // A deleted card has no thread to note it in.
      const step =
        outcome.kind === 'message_gone'
          ? goOn(set(state, { cardClosed: 'card_gone' }))
          : goOn(set(state, { cardClosed: 'edited' }), [action.note]);
      if (outcome.kind === 'sent') return step;
      return warn(step, 'the closing edit of a superseded run’s card was not made', reasonOf(outcome));
    }
    case 'post_in_thread':
      // Handled for good (posted, posted before, refused, or unknown and never resent) unless nothing was sent: then
      // the cycle stops, so that the thread keeps its order.
      return outcome.kind === 'deferred' ? stop(deferTo(state, outcome.retryAt)) : goOn(state);
  }
}

/**
 * The progress a cycle saves: the next look after `plan.pollAfterMs`, or sooner when something was deferred (never
 * sooner than 1 ms from now); a pause keeps its own. With a run observed, what that run still owes its card and
 * thread is kept (`pendingJson`) while either is behind.
 */
export function finishCycle(state: CycleState, plan: CyclePlan, now: number): WatchProgress {
  const { progress, retryAt } = state;
  const nextPollAt =
    progress.pausedReason !== null
      ? progress.nextPollAt
      : new Date(
          retryAt === null ? now + plan.pollAfterMs : Math.min(Math.max(retryAt, now + 1), now + plan.pollAfterMs),
        );
  const seen = plan.observed;
  // Still on an earlier run (its settling is not done), or nothing seen: the account stands as it is.
  if (seen === null || progress.runKey !== seen.state.runKey) return { ...progress, nextPollAt };
  const editOwed = progress.cardTs !== null && progress.fingerprint !== seen.fingerprint;
  const milestonesOwed = progress.cardTs !== null && progress.baselineJson !== seen.stateJson;
  const pendingJson = editOwed || milestonesOwed ? seen.pendingJson(editOwed) : null;
  return { ...progress, nextPollAt, pendingJson };
}
