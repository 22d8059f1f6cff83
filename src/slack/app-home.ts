/**
 * App Home: on `app_home_opened` (the Home tab) the bot publishes the person's own view — their link, the reviews
 * waiting on them across the pipelines this workspace watches, the watches they started — with `views.publish`.
 * A review clicked there republishes the view with how it went on top. The gate decides first, as for every
 * request; the access policy hides pipelines the person may not see.
 */

import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { HomeView } from '@slack/types';
import type { AccessView } from '../access/policy.js';
import { type LinkedAccount, linkExpired } from '../accounts/linked-accounts.js';
import { mapLimited } from '../domain/map-limited.js';
import type { PipelineRun } from '../domain/pipeline.js';
import { summarisePipeline } from '../domain/summary.js';
import { renderAccessRefusal } from '../render/access-messages.js';
import { renderAppHome, renderHomeUnavailable } from '../render/app-home.js';
import { renderReviewNotice } from '../render/review-messages.js';
import type { SlackMessage } from '../render/types.js';
import { classifySlackError, slackErrorCode } from '../slack-api/errors.js';
import type { ReviewOutcomeSink } from './actions/review.js';
import type { SlackDeps } from './deps.js';
import { refuseLookup } from './lookup-limit.js';
import { markAcked, setOutcome } from './middleware/request-log.js';
import { slackId } from './slack-id-shape.js';
import { workspaceOf } from './workspace.js';

/** Watches read for one Home view, and pipelines read for its reviews: a bound on the work one tab costs. */
const HOME_WATCHES = 500;
const HOME_PIPELINES = 60;
/** Pipelines read at once for one view: the tab fills in a few round trips without one person taking the client. */
const HOME_READS_AT_ONCE = 4;

/** The reviews among `ids` pending on `reviewer`, named as the backend names reviewers: user name or IAM user id. */
async function reviewsWaitingOn(deps: SlackDeps, reviewer: LinkedAccount, ids: string[], access: AccessView) {
  const names = [reviewer.huaweiUser, reviewer.huaweiUserId].filter((name) => name !== null);
  const read = await mapLimited(ids.slice(0, HOME_PIPELINES), HOME_READS_AT_ONCE, async (raw) => {
    const id = deps.backend.ids.parse(raw);
    if (id === null) return null;
    try {
      const run = await deps.backend.getRun(id);
      return access.maySee(run) ? run : null;
    } catch (error) {
      deps.logger.info('App Home: could not read a watched pipeline', { pipelineId: raw, error });
      return null;
    }
  });
  return read
    .filter((run): run is PipelineRun => run !== null)
    .map(summarisePipeline)
    .filter((summary) => summary.awaitingReview?.review?.pending.some((name) => names.includes(name)) === true);
}

/** `userId`'s Home view, with `notice` on top when given. */
async function homeView(
  deps: SlackDeps,
  input: { teamId: string; userId: string; access: AccessView; notice: SlackMessage | null },
): Promise<HomeView> {
  const link = await deps.linking.accounts.find(input.teamId, input.userId);
  const expired = link !== null && linkExpired(link, deps.now());
  const watches = deps.watches ? await deps.watches.teamWatches({ teamId: input.teamId, limit: HOME_WATCHES }) : [];
  const pipelineIds = [...new Set(watches.map((w) => w.pipelineId))];
  const reviews = link && !expired ? await reviewsWaitingOn(deps, link, pipelineIds, input.access) : [];
  return renderAppHome({
    locale: deps.locale,
    link: link ? { huaweiUser: link.huaweiUser, huaweiDomain: link.huaweiDomain, expired } : null,
    notice: input.notice,
    reviews,
    watches: watches.filter((w) => w.createdBy === input.userId),
  });
}

/** Builds and publishes `userId`'s Home view, with `notice` on top when given. */
export async function publishHome(
  deps: SlackDeps,
  input: { teamId: string; userId: string; access: AccessView; notice: SlackMessage | null },
): Promise<void> {
  await deps.slack.call('views.publish', { user_id: input.userId, view: await homeView(deps, input) });
}

/**
 * Builds a view with `build` and publishes it: `ok`, or why not — `error` when building failed (the database,
 * a bug: the person can still be told), `slack_<code>` when Slack refused the view. Logged either way.
 */
async function tryPublish(deps: SlackDeps, userId: string, build: () => Promise<HomeView>): Promise<string> {
  let view: HomeView;
  try {
    view = await build();
  } catch (error) {
    deps.logger.warn('could not build App Home', { user: userId, error });
    return 'error';
  }
  try {
    await deps.slack.call('views.publish', { user_id: userId, view });
    return 'ok';
  } catch (error) {
    const code = slackErrorCode(classifySlackError(error));
    deps.logger.warn('could not publish App Home', { user: userId, error: code });
    return `slack_${code}`;
  }
}

/**
 * Where a review clicked in the Home tab reports: the view republished with the sentence on top — or, when that
 * fails, the sentence as a private answer: a review taken is never left unsaid.
 */
export function homeReviewSink(deps: SlackDeps): ReviewOutcomeSink {
  return async (request, notice) => {
    const message = renderReviewNotice(notice, deps.locale);
    const userId = request.userId;
    if (userId !== null) {
      const teamId = workspaceOf(deps, request);
      const build = () => homeView(deps, { teamId, userId, access: request.access, notice: message });
      if ((await tryPublish(deps, userId, build)) === 'ok') return;
    }
    await request.answer.send(message);
  };
}

type HomeArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<'app_home_opened'>;

/** Adds the `app_home_opened` listener. */
export function register(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event, context, body }: HomeArgs) => {
    markAcked(context);
    // The Messages tab opens the same event; only the Home tab has a view to publish.
    if (event.tab !== 'home') return;
    const userId = slackId(event.user);
    if (userId === null) return;
    const scope = {
      teamId: slackId((body as { team_id?: unknown }).team_id),
      enterpriseId: slackId((body as { enterprise_id?: unknown }).enterprise_id),
      userTeamId: null,
      channelId: null,
      channelName: null,
      userId,
    };
    const teamId = workspaceOf(deps, scope);
    // Everything but the publishing is the build: a failure there (the database, a bug) still gets the tab a sentence.
    const build = async (): Promise<HomeView> => {
      const admission = await deps.gate.admit(scope);
      if (!admission.ok) {
        setOutcome(context, `refused_${admission.refusal.kind}`);
        const refusal = renderAccessRefusal(admission.refusal, { locale: deps.locale, contact: admission.contact });
        return { type: 'home', blocks: refusal.blocks };
      }
      // One of the person's lookups per view: a view reads up to HOME_PIPELINES runs, so reopening the tab in a
      // loop is paced like any other lookup. Past it, the tab says so instead of the reviews.
      const waitMs = deps.lookups.take(userId);
      if (waitMs > 0) {
        const slow = refuseLookup(deps, context, { teamId: scope.teamId, channelId: null, userId }, waitMs, 'home');
        return { type: 'home', blocks: slow.blocks };
      }
      setOutcome(context, 'ok');
      return homeView(deps, { teamId, userId, access: admission.access, notice: null });
    };
    const outcome = await tryPublish(deps, userId, build);
    if (outcome === 'ok') return;
    setOutcome(context, `home_${outcome}`);
    if (outcome === 'error') await tryPublish(deps, userId, async () => renderHomeUnavailable(deps.locale));
  });
}
