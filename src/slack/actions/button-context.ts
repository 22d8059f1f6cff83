/** Where a button was clicked and what it carries, read from a `block_actions` payload that may be incomplete. */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { type PipelineId, type PipelineIdSyntax, readPipelineId } from '../../domain/pipeline-id.js';
import type { ListenerRequest, RequestScope } from '../listener.js';
import { slackId } from '../slack-id-shape.js';

/** What Bolt gives a button listener. */
export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockButtonAction>;

/** A button's work after the ack (see ../listener.ts). */
export type ButtonWork = (args: ButtonArgs, request: ListenerRequest) => Promise<void>;

/** The clicked message's conversation and timestamp, and whether it was an ephemeral (private) message. */
export interface ClickedMessage {
  channelId: string | null;
  ts: string | null;
  ephemeral: boolean;
  teamId: string | null;
  userId: string | null;
}

// Slack's message timestamps: seconds, a dot, microseconds.
const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;

function slackTs(value: unknown): string | null {
  return typeof value === 'string' && SLACK_TS.test(value) ? value : null;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * Reads the container of a button click (ephemeral cards carry no `message`, only the container). Every field may
 * be missing or malformed: Slack always sends them well-formed, a forged or truncated payload need not — an id or a
 * timestamp that is not shaped like Slack's reads as missing.
 */
export function clickedMessage(body: BlockButtonAction): ClickedMessage {
  const raw = record(body);
  const container = record(raw.container);
  const user = record(raw.user);
  return {
    channelId: slackId(container.channel_id) ?? slackId(record(raw.channel).id),
    ts: slackTs(container.message_ts) ?? slackTs(record(raw.message).ts),
    ephemeral: container.is_ephemeral === true,
    teamId: slackId(record(raw.team).id) ?? slackId(user.team_id),
    userId: slackId(user.id),
  };
}

/** Who clicked and where: the click's container decides the conversation, never a value in the button. */
export function clickScope(body: BlockButtonAction): RequestScope {
  const where = clickedMessage(body);
  const raw = record(body);
  const channel = record(raw.channel);
  return {
    teamId: where.teamId,
    enterpriseId: slackId(record(raw.enterprise).id) ?? slackId(record(raw.team).enterprise_id),
    userTeamId: slackId(record(raw.user).team_id),
    channelId: where.channelId,
    // The name Slack gives with the conversation, when it is the container's (rules may name channels by name).
    channelName: slackId(channel.id) === where.channelId ? channelNameOf(channel.name) : null,
    userId: where.userId,
  };
}

/** A conversation's name as a payload gives it (`backend`), or `null` when it is not one. */
export function channelNameOf(value: unknown): string | null {
  return typeof value === 'string' && /^[^\s#<>&]{1,80}$/.test(value) ? value : null;
}

/** The pipeline id a card's button carries in its `value` (read by the backend's syntax), or `null`. */
export function buttonPipelineId(value: unknown, ids: PipelineIdSyntax): PipelineId | null {
  return readPipelineId(value, ids);
}

/** Whether the click was on a view (the App Home tab), not a message: it then has no conversation to answer in. */
export function clickedOnView(body: unknown): boolean {
  return record(record(body).container).type === 'view';
}
