/**
 * The link modal's `view_submission`. Unlike every other listener this one answers Slack only after working:
 * Slack shows a field's error only from the acknowledgement itself (`response_action: "errors"`), so the
 * credential is proven first — within a deadline that leaves room under Slack's 3 s — and then the modal is either
 * kept open with the sentence under the field at fault, or closed, with "Linked as alice in account acme" said
 * privately where `/pipeline login` was typed. The credential is never logged, audited or echoed.
 */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { CredentialProof } from '../../domain/credential-proof.js';
import { LINK_FIELDS, renderLinked } from '../../render/link-messages.js';
import { linkStrings } from '../../render/link-strings.js';
import { classifySlackError, slackErrorCode } from '../../slack-api/errors.js';
import type { SlackDeps } from '../deps.js';
import { createLookupLimiter, type LookupLimiter } from '../lookup-limit.js';
import { markAcked, setOutcome } from '../middleware/request-log.js';
import { createPrivateAnswer } from '../private-answer.js';
import { slackId } from '../slack-id-shape.js';
import { readLinkForm, refusedField } from './link-form.js';
import { linkTeam, readLinkMetadata } from './open-link.js';

type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

/**
 * How long proving the credential and keeping the link may take together before the modal says so (Slack gives up
 * waiting for the answer at 3 s).
 */
const LINK_PROOF_DEADLINE_MS = 2_400;

/**
 * Each person's pace of link attempts that reach IAM: 5 at once, then one every 12 s. Every proof is a login, and
 * wrong passwords in a row lock the IAM user, so guessing is slowed long before that. The attempt is taken before
 * the proof (so parallel submissions cannot slip past) and given back when the credential proved good: only
 * refused or unanswered attempts count.
 */
const LINK_ATTEMPTS = { burst: 5, perSecond: 5 / 60 } as const;

const LATE = Symbol('late');

/** `work`'s result, or `LATE` once `deadlineAt` (`performance.now()` time) has passed. */
function beforeDeadline<T>(work: Promise<T>, deadlineAt: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), Math.max(0, deadlineAt - performance.now()));
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The `view_submission` listener of the link modal, bound to `deps`. */
export function linkSubmissionCallback(
  deps: SlackDeps,
  deadlineMs = LINK_PROOF_DEADLINE_MS,
  attempts: LookupLimiter = createLookupLimiter(LINK_ATTEMPTS),
) {
  return async function linkSubmitted({ ack, body, view, context }: ViewArgs): Promise<void> {
    const s = linkStrings(deps.locale);
    const { linking } = deps;
    const userId = slackId(body.user?.id);
    const teamId = linkTeam(deps, { teamId: slackId(body.team?.id) ?? slackId(body.user?.team_id) });
    const metadata = readLinkMetadata(view.private_metadata);
    const refuse = async (field: string, message: string, outcome: string): Promise<void> => {
      await ack({ response_action: 'errors', errors: { [field]: message } });
      markAcked(context);
      setOutcome(context, outcome);
    };
    const audit = (outcome: string): void =>
      deps.audit.record({ action: 'link', teamId, channelId: metadata.channelId, userId, outcome });

    const firstField =
      Object.values(LINK_FIELDS).find((id) => view.state.values[id] !== undefined) ?? LINK_FIELDS.token;
    if (!linking.accounts.enabled || linking.prover === null) {
      audit('linking_disabled');
      return refuse(firstField, s.disabled, 'linking_disabled');
    }
    if (teamId === null || userId === null) {
      audit('unidentified');
      return refuse(firstField, s.errors.unidentified, 'link_unidentified');
    }
    const form = readLinkForm(view.state.values, linking.methods, s);
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: form.errors });
      markAcked(context);
      setOutcome(context, 'link_form_incomplete');
      return;
    }
    const { credential } = form;
    const field = LINK_FIELDS[refusedField(credential)];
    const attemptKey = `${teamId}/${userId}`;
    const waitMs = attempts.take(attemptKey);
    if (waitMs > 0) {
      audit('rate_limited');
      return refuse(field, s.errors.tooManyAttempts(Math.max(1, Math.ceil(waitMs / 1000))), 'rate_limited');
    }
    // One deadline for proving and keeping: the answer must reach Slack before it stops waiting.
    const deadlineAt = performance.now() + deadlineMs;
    const unavailable: CredentialProof = { ok: false, failure: 'unavailable' };
    const proved = await beforeDeadline(
      linking.prover.prove(credential).catch(() => unavailable),
      deadlineAt,
    );
    const proof = proved === LATE ? unavailable : proved;
    if (proof.ok) attempts.giveBack(attemptKey);
    if (!proof.ok) {
      audit(`${credential.method}_${proof.failure}`);
      if (proof.failure === 'unavailable') return refuse(field, s.errors.unavailable, 'link_unavailable');
      const said = { password: s.errors.passwordRejected, aksk: s.errors.keysRejected, token: s.errors.tokenRejected };
      return refuse(field, said[credential.method], 'link_rejected');
    }
    const saving = linking.accounts.save(
      {
        teamId,
        slackUserId: userId,
        huaweiUser: proof.huaweiUser,
        huaweiUserId: proof.huaweiUserId,
        huaweiDomain: proof.huaweiDomain,
        method: credential.method,
        credential: proof.credential,
        expiresAt: proof.expiresAt,
      },
      deps.now(),
    );
    const saved = await beforeDeadline(
      saving.then(
        () => true,
        (error: unknown) => {
          deps.logger.error('link not saved', { error: error instanceof Error ? error.name : 'unknown', user: userId });
          return false;
        },
      ),
      deadlineAt,
    );
    if (saved === LATE) {
      // The write may still land: the sentence does not claim that nothing was linked.
      audit('store_late');
      return refuse(field, s.errors.storeLate, 'link_store_late');
    }
    if (!saved) {
      audit('store_failed');
      return refuse(field, s.errors.unavailable, 'link_store_failed');
    }
    await ack();
    markAcked(context);
    setOutcome(context, 'linked');
    audit('ok');
    // A modal has no response URL: the answer goes where the person typed `/pipeline login`, privately; opened
    // from somewhere without a conversation (App Home), to their direct messages with the bot.
    const linked = renderLinked(proof.huaweiUser, proof.huaweiDomain, deps.locale);
    if (metadata.channelId === null) {
      await deps.slack.postMessage({ channel: userId, ...linked }).catch((error: unknown) => {
        deps.logger.warn('link confirmation not delivered', {
          user: userId,
          error: slackErrorCode(classifySlackError(error)),
        });
      });
      return;
    }
    const answer = createPrivateAnswer({
      respond: undefined,
      origin: 'interaction',
      slack: deps.slack,
      channelId: metadata.channelId,
      userId,
      logger: deps.logger,
      request: { origin: 'view_submission', team: teamId, user: userId },
    });
    await answer.send(linked);
  };
}
