/**
 * The pure half of a watch cycle: from what the watch remembers, what was observed, the time and the settings, the
 * ordered actions that bring the card and its thread up to date (see ./cycle-actions.ts). The order is what keeps
 * a crash or a 429 harmless: a card before its thread; a run's milestones before the baseline moves past them;
 * what an earlier run still owes (its last edit and milestones, or a closing edit and note) under its own card
 * before a new run's card. The executor stops at the first action whose outcome says so, so whatever comes after
 * it is planned again, from the same remembered state, at the next try.
 */
import { isBackendError } from '../domain/backend-error.js';
import { diffMilestones, planMilestones } from '../domain/milestones.js';
import { parseRunState, type RunState } from '../domain/run-state.js';
import {
  renderApiUnreachableNote,
  renderMilestoneMessage,
  renderReviewReminder,
  renderSupersededCard,
  renderSupersededNote,
} from '../render/watch-messages.js';
import type { WatchRecord } from '../store/types.js';
import type {
  CycleAction,
  CyclePlan,
  Observation,
  PlanSettings,
  PostCard,
  Remember,
  ThreadPost,
} from './cycle-actions.js';
import type { ObservedRun } from './observed-run.js';
import { fingerprintJson, parsePendingRun, pendingRunJson } from './remembered-state.js';
import { backoffMs, pollDelayMs } from './schedule.js';

const remember = (set: Remember['set']): Remember => ({ kind: 'remember', set });

/** The key of a read-error note: `swr-` since the first release, kept so stored keys still match. */
const readErrorNoteKey = (since: Date): string => `swr-unreachable@${since.getTime()}`;

/**
 * The milestones of `state` since `baselineJson`, as posts in the card's thread keyed by `state`'s run, then the
 * baseline moved to `state` — which happens only if none of the posts stopped the cycle.
 */
function tellSince(
  baselineJson: string | null,
  state: RunState,
  stateJson: string,
  watch: Pick<WatchRecord, 'filter' | 'pipelineId'>,
  settings: PlanSettings,
): CycleAction[] {
  // The baseline is the state itself in most cycles: nothing to diff, nothing to parse.
  if (baselineJson === stateJson) return [];
  const planned = planMilestones(diffMilestones(parseRunState(baselineJson), state), watch.filter);
  const posts = planned.map(
    ({ milestone, broadcast }): ThreadPost => ({
      kind: 'post_in_thread',
      runKey: state.runKey,
      key: milestone.key,
      message: renderMilestoneMessage(milestone, {
        locale: settings.locale,
        pipelineName: state.name,
        pipelineId: watch.pipelineId,
        mentions: settings.mentions,
      }),
      broadcast,
    }),
  );
  return [...posts, remember({ baselineJson: stateJson })];
}

/**
 * What the card's earlier run still owes before a new run's card: its pending last edit and milestones (settled
 * under its own card, keyed by its own run, so nothing posted before is posted again), then — when it was last
 * seen unfinished, its end having fallen between two looks — a closing edit and one note in its thread.
 */
function closeEarlierRun(watch: WatchRecord, seen: ObservedRun, settings: PlanSettings): CycleAction[] {
  const { cardTs, runKey } = watch;
  if (cardTs === null || runKey === null) return [];
  const channel = watch.cardChannel ?? watch.channelId;
  const actions: CycleAction[] = [];
  // The last state of the run the card and its thread will have told once the settling is done.
  let lastJson = watch.baselineJson;
  const pending = parsePendingRun(watch.pendingJson);
  if (pending === null || pending.state.runKey !== runKey) {
    if (watch.pendingJson !== null) actions.push(remember({ pendingJson: null }));
  } else {
    const stateJson = JSON.stringify(pending.state);
    if (pending.card !== null) {
      actions.push({
        kind: 'final_edit',
        channel,
        ts: cardTs,
        message: pending.card,
        fingerprint: fingerprintJson(stateJson),
        pendingJson: pendingRunJson(stateJson, null),
      });
    }
    actions.push(...tellSince(watch.baselineJson, pending.state, stateJson, watch, settings));
    actions.push(remember({ pendingJson: null }));
    lastJson = stateJson;
  }

  const last = parseRunState(lastJson);
  // Seen finished (its final edit and result are told), or nothing known of it: nothing to close.
  if (last === null || last.runKey !== runKey || last.finished || watch.cardClosed === 'card_gone') return actions;
  const text = {
    locale: settings.locale,
    pipelineName: seen.state.name || last.name,
    pipelineId: watch.pipelineId,
    newRunStart: seen.state.start === null ? null : new Date(seen.state.start),
  };
  const note: ThreadPost = {
    kind: 'post_in_thread',
    runKey,
    key: 'superseded',
    message: renderSupersededNote(text),
    broadcast: false,
  };
  if (watch.cardClosed === 'edited') return [...actions, note];
  const message = renderSupersededCard({
    ...text,
    stages: last.stages,
    consoleUrl: seen.pipeline.consoleUrl,
    backend: settings.backend,
  });
  return [...actions, { kind: 'close_card', channel, ts: cardTs, message, note }];
}

/** One reminder per review whose reviewers have been pending longer than the configured time. */
function remindReviewers(watch: WatchRecord, state: RunState, now: number, settings: PlanSettings): CycleAction[] {
  const index = state.awaitingReview;
  const stage = index === null ? undefined : state.stages[index];
  if (index === null || !stage?.review || stage.start === null) return [];
  const key = `stage:${index}@${stage.start}:reminder`;
  const waitingMs = now - stage.start;
  if (watch.remindedKey === key || waitingMs < settings.reviewReminderMs) return [];
  const message = renderReviewReminder({
    locale: settings.locale,
    stageName: stage.name,
    pending: stage.review.pending,
    waitingMs,
    mentions: settings.mentions,
  });
  return [
    { kind: 'post_in_thread', runKey: state.runKey, key, message, broadcast: false },
    remember({ remindedKey: key }),
  ];
}

/** The plan after a successful read: card, thread, reminder. */
function planWithRun(watch: WatchRecord, seen: ObservedRun, now: number, settings: PlanSettings): CyclePlan {
  const { state } = seen;
  const actions: CycleAction[] = [];
  if (watch.errorStreak !== 0 || watch.errorSince !== null || watch.errorNoted) {
    actions.push(remember({ errorStreak: 0, errorSince: null, errorNoted: false }));
  }
  // Where the thread's story of this run starts once the card is settled.
  let baselineJson = watch.baselineJson;
  if (watch.cardTs === null || watch.runKey !== state.runKey) {
    actions.push(...closeEarlierRun(watch, seen, settings));
    // A watch that never had a run starts from what it sees now; a new run is told from its start.
    baselineJson = watch.runKey === null ? seen.stateJson : null;
    actions.push(postCard(seen, 'card', baselineJson, true));
  } else if (seen.fingerprint !== watch.fingerprint) {
    // If someone deleted the card, its replacement keeps the stored baseline (if readable): no milestone is lost.
    const readable = parseRunState(watch.baselineJson) === null ? null : watch.baselineJson;
    actions.push({
      kind: 'edit_card',
      channel: watch.cardChannel ?? watch.channelId,
      ts: watch.cardTs,
      message: seen.card(),
      fingerprint: seen.fingerprint,
      ifDeleted: postCard(seen, `card:${watch.cardTs}`, readable, false),
    });
  }
  actions.push(...tellSince(baselineJson, state, seen.stateJson, watch, settings));
  if (watch.filter !== 'failures') actions.push(...remindReviewers(watch, state, now, settings));
  return { actions, pollAfterMs: pollDelayMs(state, settings), observed: seen };
}

function postCard(seen: ObservedRun, key: string, baselineJson: string | null, newRun: boolean): PostCard {
  return {
    kind: 'post_card',
    runKey: seen.state.runKey,
    key,
    message: seen.card(),
    fingerprint: seen.fingerprint,
    baselineJson,
    newRun,
  };
}

/** The plan after a failed read: back off, and say so once in the thread when it lasts. */
function planAfterReadError(watch: WatchRecord, error: unknown, now: number, settings: PlanSettings): CyclePlan {
  const streak = watch.errorStreak + 1;
  const since = watch.errorSince ?? new Date(now);
  const retryAfterMs = isBackendError(error) ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
  const delay = backoffMs(streak, settings, retryAfterMs);
  const actions: CycleAction[] = [remember({ errorStreak: streak, errorSince: since })];
  const noteDue = now - since.getTime() >= settings.errorNoteAfterMs;
  if (!watch.errorNoted && watch.cardTs !== null && watch.runKey !== null && noteDue) {
    const message = renderApiUnreachableNote({
      locale: settings.locale,
      backend: settings.backend,
      since,
      retryEveryMs: delay,
      kind: isBackendError(error) ? error.kind : null,
    });
    actions.push(
      { kind: 'post_in_thread', runKey: watch.runKey, key: readErrorNoteKey(since), message, broadcast: false },
      remember({ errorNoted: true }),
    );
  }
  return { actions, pollAfterMs: delay, observed: null };
}

/** What one cycle of `watch` is to do at `now` (epoch ms), given what it observed. Pure. */
export function planCycle(
  watch: WatchRecord,
  observation: Observation,
  now: number,
  settings: PlanSettings,
): CyclePlan {
  return observation.kind === 'run'
    ? planWithRun(watch, observation.run, now, settings)
    : planAfterReadError(watch, observation.error, now, settings);
}
