/**
 * The one shape of every listener: acknowledge first (nothing between Slack and `ack()` touches the network),
 * record the ack for the request log, then hand the work the request's scope — who asked, where — and its private
 * answer (./private-answer.ts). Listeners never call `ack` or build an answer themselves.
 */
import type { Context, RespondFn } from '@slack/bolt';
import { type AccessView, SEES_ALL } from '../access/policy.js';
import type { SlackDeps } from './deps.js';
import { markAcked } from './middleware/request-log.js';
import { type AnswerOrigin, createPrivateAnswer, type PrivateAnswer } from './private-answer.js';

/** Who asked and where, as the request says (ids not shaped like Slack's read as missing). */
export interface RequestScope {
  teamId: string | null;
  channelId: string | null;
  userId: string | null;
}

/** What a listener's work gets besides Bolt's arguments. */
export interface ListenerRequest extends RequestScope {
  context: Context;
  answer: PrivateAnswer;
  /** What the access policy lets this request see and do (../access/policy.ts). */
  access: AccessView;
}

/** The arguments every Bolt listener gets that this wrapper reads. */
interface AckArgs {
  ack: () => Promise<void>;
  context: Context;
  respond?: RespondFn;
}

/** Acknowledges a request, then runs `work` with its scope and private answer. */
export function acknowledged<A extends AckArgs>(
  deps: SlackDeps,
  origin: AnswerOrigin,
  scopeOf: (args: A) => RequestScope,
  work: (args: A, request: ListenerRequest) => Promise<void>,
): (args: A) => Promise<void> {
  return async (args) => {
    await args.ack();
    markAcked(args.context);
    const scope = scopeOf(args);
    const answer = answerFor(deps, origin, args, scope);
    await work(args, { ...scope, context: args.context, answer, access: SEES_ALL });
  };
}

/** The private answer of a request already acknowledged (also for middleware that acks itself). */
export function answerFor(
  deps: SlackDeps,
  origin: AnswerOrigin,
  args: { respond?: RespondFn; context: Context },
  scope: RequestScope,
): PrivateAnswer {
  // Bolt passes no `respond` when the payload carried no response_url (a truncated or forged request).
  const respond = typeof args.respond === 'function' ? args.respond : undefined;
  return createPrivateAnswer({
    respond,
    origin,
    slack: deps.slack,
    channelId: scope.channelId,
    userId: scope.userId,
    logger: deps.logger,
    request: { origin, team: scope.teamId, channel: scope.channelId, user: scope.userId },
  });
}
