/**
 * Remind reviewers: each pending reviewer of the waiting review who linked their Huawei account gets one DM —
 * the card, with Approve and Refuse — at most once per review per `REVIEW_REMINDER_MINUTES`, whoever clicks and
 * whichever replica answers (the store's `review_reminders` decides, ./deps.ts `ReviewReminderLedger`). A bot with
 * `chat:write` opens the DM by posting to the user id. The clicker is told who was reminded and who could not be.
 */
import type { PipelineId } from '../../domain/pipeline-id.js';
import { reviewStanding } from '../../domain/review-standing.js';
import { summarisePipeline } from '../../domain/summary.js';
import {
  type ReminderReport,
  renderNothingToRemind,
  renderReminderDm,
  renderReminderReport,
} from '../../render/reminder-messages.js';
import { readReviewButtonValue } from '../../render/review-buttons.js';
import { postForPerson } from '../../slack-api/web-api.js';
import { cardFor } from '../cards.js';
import type { SlackDeps } from '../deps.js';
import { setOutcome } from '../middleware/request-log.js';
import { workspaceOf } from '../workspace.js';
import type { ButtonWork } from './button-context.js';
import { clickedCardFor, replaceClickedCard } from './replace-card.js';
import { runForClick } from './run-for-click.js';
import { answerStaleButton } from './stale-button.js';

/** The Remind reviewers button's work, bound to `deps`. */
export function remindCallback(deps: SlackDeps): ButtonWork {
  return async function remind({ action, body }, request) {
    const { context, answer } = request;
    const value = readReviewButtonValue(action.value);
    const id: PipelineId | null = value === null ? null : deps.backend.ids.parse(value.pipelineId);
    if (value === null || id === null) return answerStaleButton(deps, request);
    setOutcome(context, 'ok', id);
    const run = await runForClick(deps, request, id, 'remind', { retry: false });
    if (run === null) return;
    const waiting = summarisePipeline(run).awaitingReview;
    if (reviewStanding(run, value.ref, value.runKey, '') !== 'waiting' || waiting?.review == null) {
      setOutcome(context, 'review_over', id);
      await replaceClickedCard(deps, request, body, clickedCardFor(deps, body, run), id);
      return void (await answer.send(renderNothingToRemind(deps.locale)));
    }

    const teamId = workspaceOf(deps, request);
    const now = deps.now();
    const card = cardFor(deps, run, 'channel', { mentions: await deps.currentMentions(), remind: false });
    const message = renderReminderDm(
      card,
      { fromUserId: request.userId ?? '', stage: waiting.name, pipeline: run.name },
      deps.locale,
    );
    const report: ReminderReport = {
      reminded: [],
      recently: [],
      notLinked: [],
      failed: [],
      windowMinutes: deps.reviewReminderMinutes,
    };
    for (const name of waiting.review.pending) {
      const link = await deps.linking.accounts.findByHuaweiUser(teamId, name);
      if (link === null) {
        report.notLinked.push(name);
        continue;
      }
      const person = { name, userId: link.slackUserId };
      const claim = {
        teamId,
        pipelineId: String(id),
        reviewRef: `${value.runKey}#${value.ref}`,
        reviewer: name,
        now,
        remindAgainBefore: new Date(now.getTime() - deps.reviewReminderMinutes * 60_000),
      };
      const claimed = await deps.reminders.claimReviewReminder(claim);
      if (!claimed) {
        report.recently.push(person);
        continue;
      }
      try {
        await postForPerson(deps.slack, { channel: link.slackUserId, text: message.text, blocks: message.blocks });
        report.reminded.push(person);
      } catch (error) {
        deps.logger.warn('could not send a review reminder', { user: link.slackUserId, error });
        // Not sent, so not counted: the next click tries again (the clicker is told to tell them meanwhile).
        await deps.reminders
          .releaseReviewReminder(claim)
          .catch((failure: unknown) => deps.logger.warn('could not give back a review reminder', { error: failure }));
        report.failed.push(person);
      }
    }
    deps.audit.record({
      action: 'remind',
      teamId: request.teamId,
      channelId: request.channelId,
      userId: request.userId,
      pipelineId: id,
      outcome: `reminded_${report.reminded.length}_of_${waiting.review.pending.length}`,
    });
    await answer.send(renderReminderReport(report, deps.locale));
  };
}
