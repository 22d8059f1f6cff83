/**
 * The one shape of every listener: acknowledge first (nothing between Slack and `ack()` touches the network),
 * record the ack for the request log, pass the request through the access gate (../access/gate.ts: its workspace,
 * the person, what the policy lets it see and do), then hand the work the request's scope — who asked, where — its
 * access and its private answer (./private-answer.ts). A request the gate refuses runs nothing: the person gets one
 * sentence saying why, and the audit trail a line. Listeners never call `ack` or build an answer themselves.
 */
import type { Context, RespondFn } from '@slack/bolt';
import type { GateRequest } from '../access/gate.js';
import type { Person } from '../access/people.js';
import type { AccessView } from '../access/policy.js';
import { renderAccessRefusal } from '../render/access-messages.js';
import type { SlackDeps } from './deps.js';
import { markAcked, setOutcome } from './middleware/request-log.js';
import { type AnswerOrigin, createPrivateAnswer, type PrivateAnswer } from './private-answer.js';

/** Who asked and where, as the request says (ids not shaped like Slack's read as missing). */
export type RequestScope = GateRequest;

/** What a listener's work gets besides Bolt's arguments. */
export interface ListenerRequest extends RequestScope {
  context: Context;
  answer: PrivateAnswer;
  /** What the access policy lets this request see and do (../access/policy.ts). */
  access: AccessView;
  /** The person who asked, as Slack describes them (`null` when the request names nobody Slack knows). */
  person: Person | null;
}

/** The arguments every Bolt listener gets that this wrapper reads. */
interface AckArgs {
  ack: () => Promise<void>;
  context: Context;
  respond?: RespondFn;
}

/** Acknowledges a request, lets it through the gate, then runs `work` with its scope, access and answer. */
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
    const admission = await deps.gate.admit(scope);
    if (!admission.ok) {
      setOutcome(args.context, `refused_${admission.refusal.kind}`);
      deps.audit.record({
        action: 'refused',
        teamId: scope.teamId,
        channelId: scope.channelId,
        userId: scope.userId,
        outcome: admission.refusal.kind,
        asked: origin,
      });
      await answer.send(renderAccessRefusal(admission.refusal, { locale: deps.locale, contact: admission.contact }));
      return;
    }
    const { access, person } = admission;
    await work(args, { ...scope, context: args.context, answer, access, person });
  };
}

/** The private answer of a request already acknowledged (also for middleware that acks itself). */
export function answerFor(
  deps: SlackDeps,
  origin: AnswerOrigin,
  args: { respond?: RespondFn; context: Context },
  scope: Pick<RequestScope, 'teamId' | 'channelId' | 'userId'>,
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
