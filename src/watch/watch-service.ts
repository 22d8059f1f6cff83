/**
 * What `/pipeline watch | unwatch | list` and the card's Watch button do. Each answer is a message for the user
 * who asked (the Slack layer shows it ephemerally); a failed read while starting a watch is thrown as the
 * backend's error for the Slack layer to render. Starting a watch records it, due at once, and wakes the poller,
 * whose cycle posts the first card like every later edit: the service never writes a card itself.
 */

import type { PipelineBackend } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';
import type { PipelineRun } from '../domain/pipeline.js';
import type { PipelineId } from '../domain/pipeline-id.js';
import { parseRunState } from '../domain/run-state.js';
import type { TeamWatch } from '../domain/team-watch.js';
import { type Logger, silentLogger } from '../log.js';
import type { SlackMessage } from '../render/types.js';
import {
  renderUnwatchConfirmation,
  renderWatchConfirmation,
  renderWatchList,
  type WatchHealth,
} from '../render/watch-command-messages.js';
import type { WatchFilter, WatchRecord, WatchStore } from '../store/types.js';
import type { Poller, WakeResult } from './poller.js';

/** How long the person who asked waits for the first card before the answer says it is coming. */
export const DEFAULT_FIRST_CARD_WAIT_MS = 4_000;

/** What the watch service is made of. */
export interface WatchServiceDeps {
  store: WatchStore;
  backend: PipelineBackend;
  /** Posts a new watch's first card (`runNow`): the poller is the one writer of watch cards. */
  poller: Pick<Poller, 'runNow'>;
  locale?: Locale;
  /** How long to wait for the first card; the cycle goes on after it. Default `DEFAULT_FIRST_CARD_WAIT_MS`. */
  firstCardWaitMs?: number;
  now?: () => Date;
  logger?: Logger;
}

/** `/pipeline watch <id> [filter]` or the Watch button, in a channel. */
export interface WatchRequest {
  teamId: string;
  channelId: string;
  pipelineId: PipelineId;
  /** `changes` when not given. */
  filter?: WatchFilter;
  userId: string;
}

/** `/pipeline unwatch <id>` or the Stop watching button, in a channel. */
export interface UnwatchRequest {
  teamId: string;
  channelId: string;
  pipelineId: PipelineId;
  userId: string;
}

/** The watch commands (`WatchCommands` in src/slack/deps.ts), each answered with a message for the asker. */
export interface WatchService {
  /** Starts watching (one card posted in the channel) or changes the filter of an existing watch. */
  watch(request: WatchRequest): Promise<SlackMessage>;
  /** Stops watching. */
  unwatch(request: UnwatchRequest): Promise<SlackMessage>;
  /** The channel's watches with their filter and health. */
  list(request: { teamId: string; channelId: string }): Promise<SlackMessage>;
  /** A workspace's watches in every channel, at most `limit`, with their live card (App Home, review notes). */
  teamWatches(request: { teamId: string; limit: number }): Promise<TeamWatch[]>;
  /** Who started the channel's watch of a pipeline: a user id, `null` when unknown, `undefined` when no such watch. */
  startedBy(request: { teamId: string; channelId: string; pipelineId: string }): Promise<string | null | undefined>;
}

/** The health `list` shows. */
export function healthOf(watch: WatchRecord): WatchHealth {
  if (watch.pausedReason !== null) return { kind: 'paused', reason: watch.pausedReason, since: watch.pausedAt };
  if (watch.errorStreak > 0 && watch.errorSince !== null) {
    return { kind: 'api_errors', since: watch.errorSince, streak: watch.errorStreak };
  }
  return { kind: 'ok' };
}

const nameOf = (watch: WatchRecord): string | null => parseRunState(watch.baselineJson)?.name ?? null;

/** What became of a new watch's first card within the wait. */
type FirstCard = { kind: 'posted' } | { kind: 'channel_gone'; reason: string } | { kind: 'coming'; why: string };

/** Reads the first cycle's result: a card held, a pause before any card (the channel cannot take posts), or not yet. */
export function firstCardOf(result: WakeResult | 'timed_out' | { failed: unknown }): FirstCard {
  if (result === 'timed_out') return { kind: 'coming', why: 'timed_out' };
  if ('failed' in result) return { kind: 'coming', why: 'failed' };
  if (result.kind === 'not_claimed') return { kind: 'coming', why: 'held_elsewhere' };
  const { progress } = result;
  if (progress.cardTs !== null) return { kind: 'posted' };
  if (progress.pausedReason !== null) return { kind: 'channel_gone', reason: progress.pausedReason };
  return { kind: 'coming', why: 'deferred' };
}

/** Creates the watch service. */
export function createWatchService(deps: WatchServiceDeps): WatchService {
  const locale = deps.locale ?? 'en';
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger ?? silentLogger;
  const waitMs = deps.firstCardWaitMs ?? DEFAULT_FIRST_CARD_WAIT_MS;

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

  /** Wakes the poller for `watchId` and waits (at most `waitMs`) for its first cycle; the cycle goes on after. */
  async function firstCard(watchId: number, pipeline: PipelineRun, at: Date): Promise<FirstCard> {
    const cycle = deps.poller.runNow(watchId, { now: at, pipeline }).then(
      (result) => result,
      (error: unknown) => ({ failed: error }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timed_out'>((resolve) => {
      timer = setTimeout(() => resolve('timed_out'), waitMs);
    });
    const result = await Promise.race([cycle, timeout]);
    clearTimeout(timer);
    if (typeof result === 'object' && 'failed' in result) {
      logger.error('the first cycle of a new watch failed', { watchId, error: result.failed });
    }
    return firstCardOf(result);
  }

  return {
    watch: async (request) => {
      const filter = request.filter ?? 'changes';
      const existing = await deps.store.findWatch(request.teamId, request.channelId, request.pipelineId);
      if (existing) return changeExisting(existing, filter);

      const pipeline = await deps.backend.getRun(request.pipelineId);
      const pipelineId = String(pipeline.id);
      const at = now();
      const added = await deps.store.addWatch({
        teamId: request.teamId,
        channelId: request.channelId,
        pipelineId,
        filter,
        createdBy: request.userId,
        now: at,
        // Due at once: if the wake below cannot post the card, the next tick (of any replica) does.
        nextPollAt: at,
      });
      // A double click, or an id written two ways ("01003"): the watch exists already.
      if (!added.created) return changeExisting(added.watch, filter);
      const options = { locale, pipelineName: pipeline.name, pipelineId };

      const first = await firstCard(added.watch.id, pipeline, at);
      if (first.kind === 'channel_gone') {
        await deps.store.removeWatch(request.teamId, request.channelId, pipelineId);
        return renderWatchConfirmation({ kind: 'cannot_post', reason: first.reason }, options);
      }
      if (first.kind === 'coming') {
        logger.info('first watch card not posted yet; the poller will post it', {
          watchId: added.watch.id,
          why: first.why,
        });
      }
      return renderWatchConfirmation({ kind: 'watching', filter, cardPosted: first.kind === 'posted' }, options);
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

    teamWatches: async ({ teamId, limit }) =>
      (await deps.store.listTeamWatches(teamId, limit)).map((watch) => ({
        channelId: watch.channelId,
        pipelineId: watch.pipelineId,
        pipelineName: nameOf(watch),
        createdBy: watch.createdBy,
        card:
          watch.cardChannel !== null && watch.cardTs !== null && watch.cardClosed === null
            ? { channelId: watch.cardChannel, ts: watch.cardTs, runKey: watch.runKey }
            : null,
      })),

    startedBy: async (request) => {
      const existing = await deps.store.findWatch(request.teamId, request.channelId, request.pipelineId);
      return existing === null ? undefined : existing.createdBy;
    },

    list: async (request) => {
      const watches = await deps.store.listWatches(request.teamId, request.channelId);
      return renderWatchList(
        watches.map((watch) => ({
          pipelineId: watch.pipelineId,
          pipelineName: nameOf(watch),
          filter: watch.filter,
          health: healthOf(watch),
        })),
        { locale, backend: deps.backend.info.kind },
      );
    },
  };
}
