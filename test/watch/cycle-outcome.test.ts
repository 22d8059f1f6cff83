/**
 * The reducer of a watch cycle, as data: each action × each way Slack can answer → what the watch remembers,
 * whether the cycle goes on, what comes next, and, at the end, when the watch is looked at again and what its run
 * still owes. Pure: no Slack, no store.
 */
import { describe, expect, it } from 'vitest';
import { progressOf } from '../../src/store/progress.js';
import type { WatchProgress } from '../../src/store/types.js';
import type { CycleAction, CyclePlan, PostCard, ThreadPost } from '../../src/watch/cycle-actions.js';
import { applyOutcome, type CycleState, finishCycle, startCycle } from '../../src/watch/cycle-outcome.js';
import { pendingRunJson } from '../../src/watch/remembered-state.js';
import type { DeliveryOutcome } from '../../src/watch/slack-delivery.js';
import { NOW, newWatch, observed, watchShowing } from './cycle-fixtures.js';

const CONTEXT = { watch: { id: 7, channelId: 'C1' }, now: NOW, intervalMs: 15_000, maxBackoffMs: 300_000 };
const message = { text: 'm', blocks: [] };
const seen = observed('review');
const before = observed('building');

const postCard: PostCard = {
  kind: 'post_card',
  runKey: seen.state.runKey,
  key: 'card',
  message,
  fingerprint: seen.fingerprint,
  baselineJson: seen.stateJson,
  newRun: true,
};
const threadPost: ThreadPost = { kind: 'post_in_thread', runKey: 'r', key: 'k', message, broadcast: false };
const editCard: CycleAction = {
  kind: 'edit_card',
  channel: 'C1',
  ts: '1.1',
  message,
  fingerprint: seen.fingerprint,
  ifDeleted: { ...postCard, key: 'card:1.1', newRun: false },
};

const sent: DeliveryOutcome = { kind: 'sent', ts: '1.5' };
const deferred: DeliveryOutcome = { kind: 'deferred', retryAt: NOW + 7_000 };
const unknown: DeliveryOutcome = { kind: 'unknown', reason: 'timeout' };
const refused: DeliveryOutcome = { kind: 'refused', reason: 'invalid_blocks' };
const gone: DeliveryOutcome = { kind: 'message_gone', reason: 'message_not_found' };
const channelGone: DeliveryOutcome = { kind: 'channel_gone', reason: 'is_archived' };

const fresh = (): CycleState => startCycle(progressOf(newWatch()));
const showing = (): CycleState => startCycle(progressOf(watchShowing(before)));
/** What `outcome` of `action` changes, goes on with, and schedules. */
function apply(state: CycleState, action: CycleAction, outcome: DeliveryOutcome | null) {
  const step = applyOutcome(state, action, outcome, CONTEXT);
  const changed = Object.fromEntries(
    Object.entries(step.state.progress).filter(
      ([name, value]) => JSON.stringify(value) !== JSON.stringify(state.progress[name as keyof WatchProgress]),
    ),
  );
  return {
    changed,
    stop: step.stop,
    next: step.next.map((a) => a.kind),
    retryIn: step.state.retryAt === null ? null : step.state.retryAt - NOW,
    warned: step.warning !== undefined,
  };
}

describe('every action: a channel that cannot take posts pauses the watch', () => {
  it.each([postCard, editCard, threadPost])('$kind', (action) => {
    expect(apply(showing(), action, channelGone)).toEqual({
      changed: { pausedReason: 'is_archived', pausedAt: new Date(NOW), nextPollAt: new Date(NOW + 300_000) },
      stop: true,
      next: [],
      retryIn: null,
      warned: true,
    });
  });
});

describe('post_card', () => {
  it('posted: the watch holds the card, what it shows and where its thread starts', () => {
    expect(apply(fresh(), postCard, sent)).toMatchObject({
      changed: {
        cardChannel: 'C1',
        cardTs: '1.5',
        runKey: seen.state.runKey,
        fingerprint: seen.fingerprint,
        baselineJson: seen.stateJson,
      },
      stop: false,
    });
  });

  it('posted before (its key sent, the cycle that posted it gone): held, with no fingerprint so it is edited', () => {
    const { changed } = apply(fresh(), postCard, { kind: 'already_done', ts: '1.4' });
    expect(changed).toMatchObject({ cardTs: '1.4', baselineJson: seen.stateJson });
    expect(changed).not.toHaveProperty('fingerprint');
  });

  it('not up: the cycle stops (nothing to thread under) until Retry-After, or an interval', () => {
    expect(apply(fresh(), postCard, deferred)).toMatchObject({ changed: {}, stop: true, retryIn: 7_000 });
    expect(apply(fresh(), postCard, unknown)).toMatchObject({ changed: {}, stop: true, retryIn: 15_000 });
    expect(apply(fresh(), postCard, refused)).toMatchObject({ changed: {}, stop: true, retryIn: 15_000 });
    expect(apply(fresh(), postCard, { kind: 'already_done', ts: null })).toMatchObject({ stop: true, warned: true });
  });

  it('a new card replaces what the old card owed and how it was closed', () => {
    const owing = startCycle({ ...progressOf(watchShowing(before)), pendingJson: '{}', cardClosed: 'edited' });
    expect(apply(owing, postCard, sent).changed).toMatchObject({ pendingJson: null, cardClosed: null });
  });
});

describe('edit_card (the run’s own card)', () => {
  it('made: the card shows the new fingerprint', () => {
    expect(apply(showing(), editCard, sent)).toEqual({
      changed: { fingerprint: seen.fingerprint },
      stop: false,
      next: [],
      retryIn: null,
      warned: false,
    });
  });

  it('deleted: its replacement is posted next', () => {
    expect(apply(showing(), editCard, gone)).toMatchObject({ changed: {}, stop: false, next: ['post_card'] });
  });

  it('refused for good: not tried again until the state changes', () => {
    expect(apply(showing(), editCard, refused)).toMatchObject({
      changed: { fingerprint: seen.fingerprint },
      warned: true,
    });
  });

  it('put off or unknown: tried again, but the thread goes on', () => {
    expect(apply(showing(), editCard, deferred)).toMatchObject({ changed: {}, stop: false, retryIn: 7_000 });
    expect(apply(showing(), editCard, unknown)).toMatchObject({ changed: {}, stop: false, retryIn: 15_000 });
  });
});

describe('final_edit and close_card (an earlier run’s card)', () => {
  const last = observed('succeeded');
  const finalEdit: CycleAction = {
    kind: 'final_edit',
    channel: 'C1',
    ts: '1.1',
    message,
    fingerprint: last.fingerprint,
    pendingJson: pendingRunJson(last.stateJson, null),
  };
  const closeCard: CycleAction = { kind: 'close_card', channel: 'C1', ts: '1.1', message, note: threadPost };

  it('final edit made, refused or its card deleted: the run owes only its milestones now', () => {
    const done = { fingerprint: last.fingerprint, pendingJson: pendingRunJson(last.stateJson, null) };
    expect(apply(showing(), finalEdit, sent)).toMatchObject({ changed: done, stop: false, warned: false });
    expect(apply(showing(), finalEdit, refused)).toMatchObject({ changed: done, stop: false, warned: true });
    expect(apply(showing(), finalEdit, gone)).toMatchObject({ changed: done, stop: false, warned: true });
  });

  it('final edit put off: the new run’s card waits', () => {
    expect(apply(showing(), finalEdit, deferred)).toMatchObject({ changed: {}, stop: true, retryIn: 7_000 });
    expect(apply(showing(), finalEdit, unknown)).toMatchObject({ changed: {}, stop: true, retryIn: 15_000 });
  });

  it('closed: its note next; found deleted: no note; put off: the new run’s card waits', () => {
    expect(apply(showing(), closeCard, sent)).toMatchObject({
      changed: { cardClosed: 'edited' },
      next: ['post_in_thread'],
    });
    expect(apply(showing(), closeCard, refused)).toMatchObject({ changed: { cardClosed: 'edited' }, warned: true });
    expect(apply(showing(), closeCard, gone)).toMatchObject({ changed: { cardClosed: 'card_gone' }, next: [] });
    expect(apply(showing(), closeCard, deferred)).toMatchObject({ changed: {}, stop: true, retryIn: 7_000 });
  });
});

describe('post_in_thread and remember', () => {
  it('a post handled for good lets the cycle go on; one put off stops it, so the thread keeps its order', () => {
    for (const outcome of [sent, unknown, refused, { kind: 'already_done', ts: null } as const]) {
      expect(apply(showing(), threadPost, outcome)).toMatchObject({ changed: {}, stop: false });
    }
    expect(apply(showing(), threadPost, deferred)).toMatchObject({ stop: true, retryIn: 7_000 });
  });

  it('remember writes its fields', () => {
    expect(apply(showing(), { kind: 'remember', set: { remindedKey: 'k', errorNoted: true } }, null)).toMatchObject({
      changed: { remindedKey: 'k', errorNoted: true },
      stop: false,
    });
  });

  it('an earlier deferral is kept when a later one is further off', () => {
    const first = applyOutcome(showing(), threadPost, deferred, CONTEXT).state;
    expect(applyOutcome(first, editCard, unknown, CONTEXT).state.retryAt).toBe(NOW + 7_000);
  });
});

describe('finishCycle', () => {
  const plan = (pollAfterMs: number, observedRun = seen): CyclePlan => ({
    actions: [],
    pollAfterMs,
    observed: observedRun,
  });
  const upToDate = (): CycleState => startCycle(progressOf(watchShowing(seen)));
  const nextPoll = (state: CycleState, pollAfterMs = 60_000) =>
    finishCycle(state, plan(pollAfterMs), NOW).nextPollAt.getTime() - NOW;

  it('looks again after the plan’s wait, or sooner for something deferred, but never in the past', () => {
    expect(nextPoll(upToDate())).toBe(60_000);
    expect(nextPoll({ ...upToDate(), retryAt: NOW + 7_000 })).toBe(7_000);
    expect(nextPoll({ ...upToDate(), retryAt: NOW - 5_000 })).toBe(1);
    expect(nextPoll({ ...upToDate(), retryAt: NOW + 90_000 })).toBe(60_000);
  });

  it('a pause keeps its own time', () => {
    const paused = applyOutcome(upToDate(), threadPost, channelGone, CONTEXT).state;
    expect(nextPoll({ ...paused, retryAt: NOW + 1_000 })).toBe(300_000);
  });

  it('keeps what the run still owes: the state seen, with its card while the edit is not made', () => {
    expect(finishCycle(upToDate(), plan(60_000), NOW).pendingJson).toBeNull();
    const behind = startCycle(progressOf(watchShowing(before)));
    expect(finishCycle(behind, plan(60_000), NOW).pendingJson).toBe(pendingRunJson(seen.stateJson, seen.cardJson()));
    const edited = startCycle({ ...progressOf(watchShowing(before)), fingerprint: seen.fingerprint });
    expect(finishCycle(edited, plan(60_000), NOW).pendingJson).toBe(pendingRunJson(seen.stateJson, null));
  });

  it('leaves the account alone while the card is still an earlier run’s, or after a failed read', () => {
    const settling = startCycle({ ...progressOf(watchShowing(before)), pendingJson: 'kept' });
    expect(finishCycle(settling, plan(60_000, observed('building', new Date(NOW + 40_000))), NOW).pendingJson).toBe(
      'kept',
    );
    expect(finishCycle(settling, { actions: [], pollAfterMs: 30_000, observed: null }, NOW).pendingJson).toBe('kept');
  });
});
