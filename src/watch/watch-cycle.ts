/**
 * One watch, one cycle: given the pipeline just fetched (or the SWR error), keep the card, the thread and the
 * schedule right, and return what to write back. Order matters for crashes: a card's reference is stored the
 * moment it is posted; each milestone's key is recorded before its post; the diff baseline only moves once every
 * milestone up to it is handled, so anything deferred (a 429, the channel's pace) is derived again next cycle.
 */
import type { Locale } from '../config.js';
import type { Logger } from '../log.js';
import { summarisePipeline } from '../render/summary.js';
import type { RenderOptions, SlackMessage } from '../render/types.js';
import { renderMilestoneMessage, renderReviewReminder, renderSwrUnreachableNote } from '../render/watch-messages.js';
import { progressOf } from '../store/progress.js';
import type { WatchProgress, WatchRecord } from '../store/types.js';
import { isSwrError } from '../swr/errors.js';
import type { Pipeline } from '../swr/types.js';
import { diffMilestones, planMilestones } from './milestones.js';
import { backoffMs, pollDelayMs, type ScheduleSettings } from './schedule.js';
import { type DeliveryContext, type DeliveryResult, postOnce, updateCard } from './slack-delivery.js';
import { fingerprintJson, parseWatchState, toWatchState, type WatchState } from './watch-state.js';

/** Renders the live card; in production `renderPipelineMessage` with `variant: 'watch'`. */
export type CardRenderer = (pipeline: Pipeline, options: RenderOptions) => SlackMessage;

export interface CycleSettings extends ScheduleSettings {
  locale: Locale;
  mentions: Record<string, string> | undefined;
  consoleUrl: string | null;
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
  pipeline: Pipeline;
  state: WatchState;
  /** `JSON.stringify(state)`. */
  stateJson: string;
  /** `fingerprintState(state)`. */
  fingerprint: string;
  /** The live card at `now`; rendered once, then shared. */
  card(): SlackMessage;
}

/** Summarises `pipeline` once for every watch of it in a cycle at `now`. */
export function observePipeline(pipeline: Pipeline, s: CycleSettings, now: Date): ObservedPipeline {
  const state = toWatchState(summarisePipeline(pipeline));
  const stateJson = JSON.stringify(state);
  let card: SlackMessage | null = null;
  return {
    pipeline,
    state,
    stateJson,
    fingerprint: fingerprintJson(stateJson),
    card: () => {
      card ??= s.renderCard(pipeline, {
        now,
        locale: s.locale,
        mentions: s.mentions ?? {},
        consoleUrl: s.consoleUrl,
        variant: 'watch',
      });
      return card;
    },
  };
}

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

  private finish(state: WatchState): WatchProgress {
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
    Object.assign(this.p, {
      cardChannel: this.w.channelId,
      cardTs: ts,
      runKey: state.runKey,
      fingerprint: seen.fingerprint,
      summaryJson: baselineJson,
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

  async withPipeline(seen: ObservedPipeline): Promise<WatchProgress> {
    const { state, fingerprint } = seen;
    Object.assign(this.p, { errorStreak: 0, errorSince: null, errorNoted: false });

    if (this.p.cardTs === null || this.p.runKey !== state.runKey) {
      // A watch that never had a run starts from what it sees now; a new run is told from its start.
      const posted = await this.postCard(seen, 'card', this.p.runKey === null ? seen.stateJson : null);
      if (posted.kind === 'channel_gone') return this.pause(posted.reason);
      if (!this.cardIsUp(posted)) return this.finish(state);
      await this.ctx.store.pruneMilestones(this.w.id, state.runKey);
    } else if (fingerprint !== this.p.fingerprint) {
      const updated = await updateCard(
        this.ctx,
        this.w.teamId,
        this.p.cardChannel ?? this.w.channelId,
        this.p.cardTs,
        seen.card(),
      );
      if (updated.kind === 'channel_gone') return this.pause(updated.reason);
      if (updated.kind === 'message_gone') {
        // Someone deleted the card: a new one, keyed by the one it replaces so a retry cannot post two. Its
        // baseline stays the stored one (if readable), so no milestone is lost.
        const baseline = parseWatchState(this.p.summaryJson) === null ? null : this.p.summaryJson;
        const reposted = await this.postCard(seen, `card:${this.p.cardTs}`, baseline);
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
    // The baseline is the state itself in most cycles: nothing to diff, nothing to parse.
    const planned =
      this.p.summaryJson === seen.stateJson
        ? []
        : planMilestones(diffMilestones(parseWatchState(this.p.summaryJson), state), this.w.filter);
    let handled = true;
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
      if (result.kind === 'channel_gone') return this.pause(result.reason);
      if (!this.goesOn(result)) {
        handled = false;
        break;
      }
    }
    if (handled) this.p.summaryJson = seen.stateJson;

    if (this.w.filter !== 'failures') {
      const reminded = await this.remind(state, threadTs);
      if (reminded === 'channel_gone') return this.pause(reminded);
    }
    return this.finish(state);
  }

  /** One reminder per review whose reviewers have been pending longer than the configured time. */
  private async remind(state: WatchState, threadTs: string): Promise<string | null> {
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
    const retryAfterMs = isSwrError(error) ? (error.retryAfterSeconds ?? 0) * 1000 : 0;
    const delay = backoffMs(streak, this.s, retryAfterMs);
    Object.assign(this.p, { errorStreak: streak, errorSince: since, nextPollAt: new Date(this.now + delay) });
    const threadTs = this.w.cardTs;
    if (this.w.errorNoted || threadTs === null || this.w.runKey === null) return this.p;
    if (this.now - since.getTime() < this.s.errorNoteAfterMs) return this.p;
    const result = await postOnce(this.ctx, {
      key: { watchId: this.w.id, runKey: this.w.runKey, key: `swr-unreachable@${since.getTime()}` },
      channel: this.w.cardChannel ?? this.w.channelId,
      threadTs,
      message: renderSwrUnreachableNote({ locale: this.s.locale, since, retryEveryMs: delay }),
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
