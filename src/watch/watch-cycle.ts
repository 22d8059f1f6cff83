/**
 * One watch, one cycle: given the pipeline just fetched (or the SWR error), keep the card, the thread and the
 * schedule right, and return what to write back. Order matters for crashes: a card's reference is stored the
 * moment it is posted; each milestone's key is recorded before its post; the diff baseline only moves once every
 * milestone up to it is handled, so anything deferred (a 429, the channel's pace) is derived again next cycle.
 * What is deferred is also kept as the run's pending account (`pendingJson`): SWR shows only the latest run, so
 * when a new run starts first, that account is how the old run's final edit and last milestones are still made.
 * A run last seen not finished has no final state to settle: its card is closed as superseded by the new run
 * (an edit, then one thread note), and, as with settling, the new run's card waits until that is done.
 */
import type { BackendKind } from '../domain/backend.js';
import { isBackendError } from '../domain/backend-error.js';
import type { Locale } from '../domain/locale.js';
import { diffMilestones, planMilestones } from '../domain/milestones.js';
import type { PipelineRun } from '../domain/pipeline.js';
import { parseRunState, type RunState, toRunState } from '../domain/run-state.js';
import { summarisePipeline } from '../domain/summary.js';
import type { Logger } from '../log.js';
import type { RenderOptions, SlackMessage } from '../render/types.js';
import {
  renderApiUnreachableNote,
  renderMilestoneMessage,
  renderReviewReminder,
  renderSupersededCard,
  renderSupersededNote,
} from '../render/watch-messages.js';
import { progressOf } from '../store/progress.js';
import type { WatchProgress, WatchRecord } from '../store/types.js';
import { fingerprintJson, parsePendingRun, pendingRunJson } from './remembered-state.js';
import { backoffMs, pollDelayMs, type ScheduleSettings } from './schedule.js';
import { type DeliveryContext, type DeliveryResult, postOnce, updateCard } from './slack-delivery.js';

/** Renders the live card; in production `renderPipelineMessage` with `variant: 'watch'`. */
export type CardRenderer = (pipeline: PipelineRun, options: RenderOptions) => SlackMessage;

export interface CycleSettings extends ScheduleSettings {
  locale: Locale;
  mentions: Record<string, string> | undefined;
  backend: BackendKind;
  reviewReminderMs: number;
  /** An SWR error streak this old gets its one note in the thread. */
  errorNoteAfterMs: number;
  renderCard: CardRenderer;
  logger: Logger;
}

/**
 * A pipeline as fetched this cycle, with what each of its watches needs worked out once for all of them: its
 * state, that state's JSON (the next diff baseline) and fingerprint, and the card, rendered on first use.
 */
export interface ObservedPipeline {
  pipeline: PipelineRun;
  state: RunState;
  /** `JSON.stringify(state)`. */
  stateJson: string;
  /** `fingerprintState(state)`. */
  fingerprint: string;
  /** The live card at `now`; rendered once, then shared. */
  card(): SlackMessage;
  /** `JSON.stringify(card())`, made once. */
  cardJson(): string;
}

/** Summarises `pipeline` once for every watch of it in a cycle at `now`. */
export function observePipeline(pipeline: PipelineRun, s: CycleSettings, now: Date): ObservedPipeline {
  const state = toRunState(summarisePipeline(pipeline));
  const stateJson = JSON.stringify(state);
  let card: SlackMessage | null = null;
  let cardJson: string | null = null;
  const observed: ObservedPipeline = {
    pipeline,
    state,
    stateJson,
    fingerprint: fingerprintJson(stateJson),
    card: () => {
      card ??= s.renderCard(pipeline, {
        now,
        locale: s.locale,
        mentions: s.mentions ?? {},
        variant: 'watch',
        backend: s.backend,
      });
      return card;
    },
    cardJson: () => {
      cardJson ??= JSON.stringify(observed.card());
      return cardJson;
    },
  };
  return observed;
}

/** The fingerprint of a card closed as superseded by a newer run (no state's fingerprint looks like it). */
const SUPERSEDED = 'superseded';
/** The same, when the card was found deleted: no thread note under it. */
const SUPERSEDED_CARD_GONE = 'superseded:card-gone';

class Cycle {
  private readonly p: WatchProgress;
  /** Earliest time something deferred should be tried again. */
  private retryAt: number | null = null;

  constructor(
    private readonly ctx: DeliveryContext,
    private readonly s: CycleSettings,
    private readonly w: WatchRecord,
  ) {
    this.p = progressOf(w);
  }

  private get now(): number {
    return this.ctx.now.getTime();
  }

  private defer(at: number): void {
    this.retryAt = this.retryAt === null ? at : Math.min(this.retryAt, at);
  }

  private pause(reason: string): WatchProgress {
    this.s.logger.warn('watch paused by a Slack error', { watchId: this.w.id, reason });
    this.p.pausedReason = reason;
    this.p.pausedAt = this.ctx.now;
    this.p.nextPollAt = new Date(this.now + this.s.maxBackoffMs);
    return this.p;
  }

  private finish(state: RunState): WatchProgress {
    const delay = pollDelayMs(state, this.s);
    this.p.nextPollAt = new Date(
      this.retryAt !== null ? Math.min(Math.max(this.retryAt, this.now + 1), this.now + delay) : this.now + delay,
    );
    return this.p;
  }

  /** Handles a delivery result that stops this watch's cycle; `true` when the cycle may go on. */
  private goesOn(result: DeliveryResult): boolean {
    if (result.kind === 'deferred') this.defer(result.retryAt);
    return result.kind === 'sent' || result.kind === 'done' || result.kind === 'failed';
  }

  /** Whether a card post left a card to thread under; if not, when to try again. */
  private cardIsUp(result: DeliveryResult): boolean {
    if (result.kind === 'sent' || result.kind === 'done') return true;
    this.defer(result.kind === 'deferred' ? result.retryAt : this.now + this.s.intervalMs);
    return false;
  }

  /**
   * Posts the run's card (idempotent per run and per replaced card) and stores its reference at once, with
   * `baselineJson` as the diff baseline.
   */
  private async postCard(seen: ObservedPipeline, key: string, baselineJson: string | null) {
    const { state } = seen;
    const result = await postOnce(this.ctx, {
      key: { watchId: this.w.id, runKey: state.runKey, key },
      channel: this.w.channelId,
      threadTs: null,
      message: seen.card(),
      broadcast: false,
      retryAmbiguous: true,
    });
    const ts = result.kind === 'sent' || result.kind === 'done' ? result.ts : null;
    if (ts === null) return result.kind === 'done' ? ({ kind: 'failed', reason: 'card_ts_unknown' } as const) : result;
    if (result.kind === 'done' && (await this.adoptStoredCard(ts, state.runKey))) return result;
    Object.assign(this.p, {
      cardChannel: this.w.channelId,
      cardTs: ts,
      runKey: state.runKey,
      fingerprint: seen.fingerprint,
      summaryJson: baselineJson,
      pendingJson: null,
    });
    await this.ctx.store.recordCard(this.w.id, {
      cardChannel: this.w.channelId,
      cardTs: ts,
      runKey: state.runKey,
      fingerprint: this.p.fingerprint,
      summaryJson: this.p.summaryJson,
    });
    return result;
  }

  /**
   * The card was posted before this cycle looked (by the watch service, for a new watch claimed with its
   * pipeline's other watches; or by a cycle that died before storing it). When the row holds it already, its
   * fingerprint and baseline are kept as stored: what changed since it was posted is still edited in and told.
   */
  private async adoptStoredCard(ts: string, runKey: string): Promise<boolean> {
    const stored = await this.ctx.store.getWatch(this.w.id);
    if (stored === null || stored.cardTs !== ts || stored.runKey !== runKey) return false;
    Object.assign(this.p, {
      cardChannel: stored.cardChannel,
      cardTs: ts,
      runKey,
      fingerprint: stored.fingerprint,
      summaryJson: stored.summaryJson,
      pendingJson: stored.pendingJson,
    });
    return true;
  }

  /**
   * Posts `state`'s milestones since the baseline in the thread of `threadTs`, keyed by `state`'s run, and moves
   * the baseline to `stateJson` once every one is handled. Returns the reason when the channel is gone.
   */
  private async tell(state: RunState, stateJson: string, threadTs: string): Promise<string | null> {
    // The baseline is the state itself in most cycles: nothing to diff, nothing to parse.
    if (this.p.summaryJson === stateJson) return null;
    const planned = planMilestones(diffMilestones(parseRunState(this.p.summaryJson), state), this.w.filter);
    for (const { milestone, broadcast } of planned) {
      const result = await postOnce(this.ctx, {
        key: { watchId: this.w.id, runKey: state.runKey, key: milestone.key },
        channel: this.p.cardChannel ?? this.w.channelId,
        threadTs,
        message: renderMilestoneMessage(milestone, {
          locale: this.s.locale,
          pipelineName: state.name,
          pipelineId: this.w.pipelineId,
          mentions: this.s.mentions,
        }),
        broadcast,
        retryAmbiguous: false,
      });
      if (result.kind === 'channel_gone') return result.reason;
      if (!this.goesOn(result)) return null;
    }
    this.p.summaryJson = stateJson;
    return null;
  }

  /**
   * Before a new run's card: what the old run still owes (`pendingJson`) — its card's final edit, and its
   * milestones up to the last state seen of it, the final result among them when a 429 or the channel's pace
   * deferred it — is made under the old card, keyed by the old run, so nothing already posted is posted again.
   * `deferred`: not all of it yet; the switch waits for the next try.
   */
  private async settleOldRun(): Promise<'settled' | 'deferred' | { gone: string }> {
    const { cardTs, runKey } = this.p;
    const pending = parsePendingRun(this.p.pendingJson);
    if (cardTs === null || runKey === null || pending === null || pending.state.runKey !== runKey) {
      this.p.pendingJson = null;
      return 'settled';
    }
    const { state } = pending;
    const stateJson = JSON.stringify(state);
    if (pending.card !== null) {
      const channel = this.p.cardChannel ?? this.w.channelId;
      const updated = await updateCard(this.ctx, this.w.teamId, channel, cardTs, pending.card);
      if (updated.kind === 'channel_gone') return { gone: updated.reason };
      if (updated.kind === 'deferred' || updated.kind === 'failed') {
        this.defer(updated.kind === 'deferred' ? updated.retryAt : this.now + this.s.intervalMs);
        return 'deferred';
      }
      // Deleted or refused: a run that is over gets no new card, and the same edit would be refused again.
      if (updated.kind !== 'sent') {
        this.s.logger.warn('the final edit of an earlier run’s card was not made', { watchId: this.w.id, updated });
      }
      this.p.fingerprint = fingerprintJson(stateJson);
      this.p.pendingJson = pendingRunJson(stateJson, null);
    }
    const gone = await this.tell(state, stateJson, cardTs);
    if (gone !== null) return { gone };
    if (this.p.summaryJson !== stateJson) return 'deferred';
    this.p.pendingJson = null;
    return 'settled';
  }

  /**
   * After the old run is settled: when it was last seen not finished (its end fell between two polls), its card
   * is edited to say a newer run started and its result was not seen, then one thread note says the same (keyed
   * `superseded` by the old run). The edit marks the card's fingerprint, so a retry after a deferred note does
   * not edit again. `deferred`: not all of it yet; the switch waits for the next try.
   */
  private async closeSupersededRun(seen: ObservedPipeline): Promise<'closed' | 'deferred' | { gone: string }> {
    const { cardTs, runKey } = this.p;
    const last = parseRunState(this.p.summaryJson);
    // Seen finished (its final edit and result are made), or nothing known of it: nothing to close.
    if (cardTs === null || runKey === null || last === null || last.runKey !== runKey || last.finished) {
      return 'closed';
    }
    const channel = this.p.cardChannel ?? this.w.channelId;
    const text = {
      locale: this.s.locale,
      pipelineName: seen.state.name || last.name,
      pipelineId: this.w.pipelineId,
      newRunStart: seen.state.start === null ? null : new Date(seen.state.start),
    };
    if (this.p.fingerprint !== SUPERSEDED && this.p.fingerprint !== SUPERSEDED_CARD_GONE) {
      const card = renderSupersededCard({
        ...text,
        stages: last.stages,
        consoleUrl: seen.pipeline.consoleUrl,
        backend: this.s.backend,
      });
      const updated = await updateCard(this.ctx, this.w.teamId, channel, cardTs, card);
      if (updated.kind === 'channel_gone') return { gone: updated.reason };
      if (updated.kind === 'deferred' || updated.kind === 'failed') {
        this.defer(updated.kind === 'deferred' ? updated.retryAt : this.now + this.s.intervalMs);
        return 'deferred';
      }
      if (updated.kind !== 'sent') {
        this.s.logger.warn('the closing edit of a superseded run’s card was not made', { watchId: this.w.id, updated });
      }
      this.p.fingerprint = updated.kind === 'message_gone' ? SUPERSEDED_CARD_GONE : SUPERSEDED;
    }
    // A deleted card has no thread to note it in.
    if (this.p.fingerprint === SUPERSEDED_CARD_GONE) return 'closed';
    const noted = await postOnce(this.ctx, {
      key: { watchId: this.w.id, runKey, key: 'superseded' },
      channel,
      threadTs: cardTs,
      message: renderSupersededNote(text),
      broadcast: false,
      retryAmbiguous: false,
    });
    if (noted.kind === 'channel_gone') return { gone: noted.reason };
    return this.goesOn(noted) ? 'closed' : 'deferred';
  }

  /**
   * Keeps the account of what the card's run still owes (see `pendingJson`): the state seen while its
   * milestones are not all handled, with its card while the edit is not made.
   */
  private notePending(seen: ObservedPipeline): void {
    // Still on an earlier run (its settling is not done): `settleOldRun` keeps that run's account.
    if (this.p.runKey !== seen.state.runKey) return;
    const editOwed = this.p.cardTs !== null && this.p.fingerprint !== seen.fingerprint;
    const milestonesOwed = this.p.cardTs !== null && this.p.summaryJson !== seen.stateJson;
    this.p.pendingJson =
      editOwed || milestonesOwed ? pendingRunJson(seen.stateJson, editOwed ? seen.cardJson() : null) : null;
  }

  async withPipeline(seen: ObservedPipeline): Promise<WatchProgress> {
    const progress = await this.follow(seen);
    this.notePending(seen);
    return progress;
  }

  private async follow(seen: ObservedPipeline): Promise<WatchProgress> {
    const { state, fingerprint } = seen;
    Object.assign(this.p, { errorStreak: 0, errorSince: null, errorNoted: false });

    if (this.p.cardTs === null || this.p.runKey !== state.runKey) {
      if (this.p.cardTs !== null) {
        // A new run: the old one is settled under its own card first.
        const settled = await this.settleOldRun();
        if (settled === 'deferred') return this.finish(state);
        if (settled !== 'settled') return this.pause(settled.gone);
        const closed = await this.closeSupersededRun(seen);
        if (closed === 'deferred') return this.finish(state);
        if (closed !== 'closed') return this.pause(closed.gone);
      }
      // A watch that never had a run starts from what it sees now; a new run is told from its start.
      const posted = await this.postCard(seen, 'card', this.p.runKey === null ? seen.stateJson : null);
      if (posted.kind === 'channel_gone') return this.pause(posted.reason);
      if (!this.cardIsUp(posted)) return this.finish(state);
      await this.ctx.store.pruneMilestones(this.w.id, state.runKey);
    }
    // A card just posted shows this state; one posted earlier (and adopted) may not.
    const cardTs = this.p.cardTs;
    if (cardTs !== null && fingerprint !== this.p.fingerprint) {
      const updated = await updateCard(
        this.ctx,
        this.w.teamId,
        this.p.cardChannel ?? this.w.channelId,
        cardTs,
        seen.card(),
      );
      if (updated.kind === 'channel_gone') return this.pause(updated.reason);
      if (updated.kind === 'message_gone') {
        // Someone deleted the card: a new one, keyed by the one it replaces so a retry cannot post two. Its
        // baseline stays the stored one (if readable), so no milestone is lost.
        const baseline = parseRunState(this.p.summaryJson) === null ? null : this.p.summaryJson;
        const reposted = await this.postCard(seen, `card:${cardTs}`, baseline);
        if (reposted.kind === 'channel_gone') return this.pause(reposted.reason);
        if (!this.cardIsUp(reposted)) return this.finish(state);
      } else if (updated.kind === 'sent') {
        this.p.fingerprint = fingerprint;
      } else if (updated.kind === 'deferred') {
        this.defer(updated.retryAt);
      } else if (updated.kind === 'refused') {
        // Slack would refuse this same card every cycle (and keep a finished run polled): wait for the next change.
        this.s.logger.warn('Slack refused the watch card edit', { watchId: this.w.id, reason: updated.reason });
        this.p.fingerprint = fingerprint;
      } else {
        // Slack refused or did not answer: the fingerprint stays, so the next cycle edits again.
        this.defer(this.now + this.s.intervalMs);
      }
    }

    const threadTs = this.p.cardTs;
    if (threadTs === null) return this.finish(state);
    const gone = await this.tell(state, seen.stateJson, threadTs);
    if (gone !== null) return this.pause(gone);

    if (this.w.filter !== 'failures') {
      const reminded = await this.remind(state, threadTs);
      if (reminded === 'channel_gone') return this.pause(reminded);
    }
    return this.finish(state);
  }

  /** One reminder per review whose reviewers have been pending longer than the configured time. */
  private async remind(state: RunState, threadTs: string): Promise<string | null> {
    const index = state.awaitingReview;
    const stage = index === null ? undefined : state.stages[index];
    if (index === null || !stage?.review || stage.start === null) return null;
    const key = `stage:${index}@${stage.start}:reminder`;
    const waiting = this.now - stage.start;
    if (this.p.remindedKey === key || waiting < this.s.reviewReminderMs) return null;
    const result = await postOnce(this.ctx, {
      key: { watchId: this.w.id, runKey: state.runKey, key },
      channel: this.p.cardChannel ?? this.w.channelId,
      threadTs,
      message: renderReviewReminder({
        locale: this.s.locale,
        stageName: stage.name,
        pending: stage.review.pending,
        waitingMs: waiting,
        mentions: this.s.mentions,
      }),
      broadcast: false,
      retryAmbiguous: false,
    });
    if (result.kind === 'channel_gone') return result.reason;
    if (this.goesOn(result)) this.p.remindedKey = key;
    return null;
  }

  async withSwrError(error: unknown): Promise<WatchProgress> {
    const streak = this.w.errorStreak + 1;
    const since = this.w.errorSince ?? this.ctx.now;
    const retryAfterMs = isBackendError(error) ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
    const delay = backoffMs(streak, this.s, retryAfterMs);
    Object.assign(this.p, { errorStreak: streak, errorSince: since, nextPollAt: new Date(this.now + delay) });
    const threadTs = this.w.cardTs;
    if (this.w.errorNoted || threadTs === null || this.w.runKey === null) return this.p;
    if (this.now - since.getTime() < this.s.errorNoteAfterMs) return this.p;
    const result = await postOnce(this.ctx, {
      key: { watchId: this.w.id, runKey: this.w.runKey, key: `swr-unreachable@${since.getTime()}` },
      channel: this.w.cardChannel ?? this.w.channelId,
      threadTs,
      message: renderApiUnreachableNote({
        locale: this.s.locale,
        backend: this.s.backend,
        since,
        retryEveryMs: delay,
        kind: isBackendError(error) ? error.kind : null,
      }),
      broadcast: false,
      retryAmbiguous: false,
    });
    if (result.kind === 'channel_gone') return this.pause(result.reason);
    if (result.kind === 'deferred') {
      this.p.nextPollAt = new Date(Math.min(this.p.nextPollAt.getTime(), Math.max(result.retryAt, this.now + 1)));
    } else {
      this.p.errorNoted = true;
    }
    return this.p;
  }
}

/** Runs one watch's cycle against the fetched pipeline (see `observePipeline`). */
export function cycleWithPipeline(
  ctx: DeliveryContext,
  settings: CycleSettings,
  watch: WatchRecord,
  seen: ObservedPipeline,
): Promise<WatchProgress> {
  return new Cycle(ctx, settings, watch).withPipeline(seen);
}

/** Runs one watch's cycle after SWR failed: back off, and say so once in the thread if it lasts. */
export function cycleWithSwrError(
  ctx: DeliveryContext,
  settings: CycleSettings,
  watch: WatchRecord,
  error: unknown,
): Promise<WatchProgress> {
  return new Cycle(ctx, settings, watch).withSwrError(error);
}
