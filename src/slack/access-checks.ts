/**
 * What the access policy decides inside a request, once the pipeline is known: may the person see it, may a card
 * be posted here, may they start or stop a watch. Each refusal is one sentence from ../render/access-messages.ts,
 * recorded in the request log (`refused_<why>`) and the audit trail. A pipeline hidden from the person and one
 * that does not exist read the same, so a refusal never tells whether a pipeline exists.
 */
import type { AuditAction } from '../access/audit.js';
import { isBackendError } from '../domain/backend-error.js';
import type { PipelineRun } from '../domain/pipeline.js';
import { type AccessRefusal, renderAccessRefusal } from '../render/access-messages.js';
import type { SlackMessage } from '../render/types.js';
import type { SlackDeps } from './deps.js';
import type { ListenerRequest } from './listener.js';
import { setOutcome } from './middleware/request-log.js';

/** The refusal's message, with the request's outcome and audit line recorded. */
export function refusal(
  deps: SlackDeps,
  request: ListenerRequest,
  refused: AccessRefusal,
  asked: string,
  pipelineId: string | null = null,
): SlackMessage {
  setOutcome(request.context, `refused_${refused.kind}`, pipelineId ?? undefined);
  deps.audit.record({
    action: 'refused',
    teamId: request.teamId,
    channelId: request.channelId,
    userId: request.userId,
    pipelineId,
    outcome: refused.kind,
    asked,
  });
  return renderAccessRefusal(refused, { locale: deps.locale, contact: request.access.contact });
}

/** `null` when the person may see `run`, else the refusal to send. */
export function refuseUnseen(
  deps: SlackDeps,
  request: ListenerRequest,
  run: PipelineRun,
  asked: string,
): SlackMessage | null {
  if (request.access.maySee(run)) return null;
  return refusal(deps, request, { kind: 'not_visible', pipelineId: run.id }, asked, run.id);
}

/**
 * A failed read of pipeline `id`, as a person limited by the policy may learn of it: "not found" reads as "not
 * one you can see here" (the same as a pipeline hidden from them); other failures (the API down) as they are.
 * `null`: nothing to hide, word the failure as usual.
 */
export function refuseNotFound(
  deps: SlackDeps,
  request: ListenerRequest,
  error: unknown,
  id: string,
  asked: string,
): SlackMessage | null {
  if (request.access.seesAll || !isBackendError(error) || error.kind !== 'not_found') return null;
  return refusal(deps, request, { kind: 'not_visible', pipelineId: id }, asked, id);
}

/** One audit line for what the person did (share, watch, unwatch, …) and how it ended. */
export function audited(
  deps: SlackDeps,
  request: ListenerRequest,
  action: AuditAction,
  pipelineId: string | null,
  outcome: string,
): void {
  deps.audit.record({
    action,
    teamId: request.teamId,
    channelId: request.channelId,
    userId: request.userId,
    pipelineId,
    outcome,
  });
}

/** Whether the person may stop the watch `startedBy` began: its starter, the channel's creator, an admin or owner. */
export async function mayStopWatch(
  request: ListenerRequest,
  startedBy: string | null,
  creatorOf: (channelId: string) => Promise<string | null>,
): Promise<boolean> {
  if (request.userId !== null && request.userId === startedBy) return true;
  if (request.person?.admin === true) return true;
  if (request.channelId === null || request.userId === null) return false;
  return (await creatorOf(request.channelId)) === request.userId;
}
