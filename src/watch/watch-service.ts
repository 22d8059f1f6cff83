/**
 * What `/pipeline watch | unwatch | list` and the card's Watch button do. Each answer is a message for the user
 * who asked (the Slack layer shows it ephemerally); SWR failures while starting a watch are thrown as `SwrError`
 * for the Slack layer to render.
 */

import type { PipelineBackend } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';
import type { PipelineId } from '../domain/pipeline-id.js';
import { parseRunState, toRunState } from '../domain/run-state.js';
import { summarisePipeline } from '../domain/summary.js';
import { type Logger, silentLogger } from '../log.js';
import { renderPipelineMessage } from '../render/pipeline-card.js';
import type { SlackMessage } from '../render/types.js';
import {
  renderUnwatchConfirmation,
  renderWatchConfirmation,
  renderWatchList,
  type WatchHealth,
} from '../render/watch-messages.js';
import { classifySlackError } from '../slack-api/errors.js';
import type { SubscriptionStore, WatchFilter, WatchRecord } from '../store/types.js';
import { fingerprintState } from './remembered-state.js';
import { DEFAULT_SCHEDULE, pollDelayMs } from './schedule.js';
import type { WatchSlack } from './slack-delivery.js';
import type { CardRenderer } from './watch-cycle.js';

export interface WatchServiceDeps {
  store: SubscriptionStore;
  backend: PipelineBackend;
  /** Posts the first card; the poller's client (`createWatchSlackClient`) is right here too. */
  slack: WatchSlack;
  intervalSeconds: number;
  locale?: Locale;
  mentions?: Record<string, string>;
  renderCard?: CardRenderer;
  now?: () => Date;
  logger?: Logger;
}

export interface WatchRequest {
  teamId: string;
  channelId: string;
  pipelineId: PipelineId;
  /** `changes` when not given. */
  filter?: WatchFilter;
  userId: string;
}

export interface UnwatchRequest {
  teamId: string;
  channelId: string;
  pipelineId: PipelineId;
  userId: string;
}

export interface WatchService {
  /** Starts watching (one card posted in the channel) or changes the filter of an existing watch. */
  watch(request: WatchRequest): Promise<SlackMessage>;
  unwatch(request: UnwatchRequest): Promise<SlackMessage>;
  /** The channel's watches with their filter and health. */
  list(request: { teamId: string; channelId: string }): Promise<SlackMessage>;
}

/** The health `list` shows. */
export function healthOf(w: WatchRecord): WatchHealth {
  if (w.pausedReason !== null) return { kind: 'paused', reason: w.pausedReason, since: w.pausedAt };
  if (w.errorStreak > 0 && w.errorSince !== null)
    return { kind: 'api_errors', since: w.errorSince, streak: w.errorStreak };
  return { kind: 'ok' };
}

const nameOf = (w: WatchRecord): string | null => parseRunState(w.summaryJson)?.name ?? null;

/** Creates the watch service. */
export function createWatchService(deps: WatchServiceDeps): WatchService {
  const locale = deps.locale ?? 'en';
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  const renderCard = deps.renderCard ?? renderPipelineMessage;
  const intervalMs = deps.intervalSeconds * 1000;
  const schedule = { ...DEFAULT_SCHEDULE, intervalMs };

  async function changeExisting(existing: WatchRecord, filter: WatchFilter): Promise<SlackMessage> {
    const at = now();
    const changed = existing.filter !== filter;
    if (changed || existing.pausedReason !== null) await deps.store.updateFilter(existing.id, filter, at);
    let name = nameOf(existing);
    if (name === null) name = (await deps.backend.getRun(existing.pipelineId as PipelineId)).name;
    const options = { locale, pipelineName: name, pipelineId: existing.pipelineId };
    return changed
      ? renderWatchConfirmation({ kind: 'filter_changed', from: existing.filter, filter }, options)
      : renderWatchConfirmation({ kind: 'unchanged', filter }, options);
  }

  return {
    watch: async (request) => {
      const filter = request.filter ?? 'changes';
      const existing = await deps.store.findWatch(request.teamId, request.channelId, request.pipelineId);
      if (existing) return changeExisting(existing, filter);

      const pipeline = await deps.backend.getRun(request.pipelineId);
      const pipelineId = String(pipeline.id);
      const state = toRunState(summarisePipeline(pipeline));
      const at = now();
      const added = await deps.store.addWatch({
        teamId: request.teamId,
        channelId: request.channelId,
        pipelineId,
        filter,
        createdBy: request.userId,
        now: at,
        nextPollAt: new Date(at.getTime() + pollDelayMs(state, schedule)),
      });
      // A double click, or an id written two ways ("01003"): the watch exists already.
      if (!added.created) return changeExisting(added.watch, filter);
      const watch = added.watch;
      const options = { locale, pipelineName: pipeline.name, pipelineId };

      const key = { watchId: watch.id, runKey: state.runKey, key: 'card' };
      await deps.store.claimMilestone(key, at, at);
      try {
        const message = renderCard(pipeline, {
          now: at,
          locale,
          mentions: deps.mentions ?? {},
          variant: 'watch',
          backend: deps.backend.info.kind,
        });
        const posted = await deps.slack.postMessage({
          channel: request.channelId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
        const ts = posted.ts;
        await deps.store.markMilestone(key, { status: 'sent', messageTs: ts, threadTs: null }, at);
        // The current state is the baseline: the thread tells what happens from now on, not the past.
        const summaryJson = JSON.stringify(state);
        await deps.store.recordCard(watch.id, {
          cardChannel: request.channelId,
          cardTs: ts,
          runKey: state.runKey,
          fingerprint: fingerprintState(state),
          summaryJson,
        });
        return renderWatchConfirmation({ kind: 'watching', filter, cardPosted: true }, options);
      } catch (error) {
        await deps.store.releaseMilestone(key);
        const failure = classifySlackError(error);
        if (failure.kind === 'channel_gone') {
          await deps.store.removeWatch(request.teamId, request.channelId, pipelineId);
          return renderWatchConfirmation({ kind: 'cannot_post', reason: failure.reason }, options);
        }
        // The watch stands; the poller posts the card at its first look (made due now).
        logger.warn('first watch card not posted; the poller will post it', { watchId: watch.id, failure });
        await deps.store.updateFilter(watch.id, filter, at);
        return renderWatchConfirmation({ kind: 'watching', filter, cardPosted: false }, options);
      }
    },

    unwatch: async (request) => {
      const existing = await deps.store.findWatch(request.teamId, request.channelId, request.pipelineId);
      const removed = await deps.store.removeWatch(request.teamId, request.channelId, request.pipelineId);
      return renderUnwatchConfirmation({
        locale,
        removed,
        pipelineName: existing ? nameOf(existing) : null,
        pipelineId: request.pipelineId,
      });
    },

    list: async (request) => {
      const watches = await deps.store.listWatches(request.teamId, request.channelId);
      return renderWatchList(
        watches.map((w) => ({
          pipelineId: w.pipelineId,
          pipelineName: nameOf(w),
          filter: w.filter,
          health: healthOf(w),
        })),
        { locale, backend: deps.backend.info.kind },
      );
    },
  };
}
