/** Where a button was clicked, read from a `block_actions` payload. */
import type { BlockButtonAction } from '@slack/bolt';

/** The clicked message's conversation and timestamp, and whether it was an ephemeral (private) message. */
export interface ClickedMessage {
  channelId: string | null;
  ts: string | null;
  ephemeral: boolean;
  teamId: string | null;
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Reads the container of a button click (ephemeral cards carry no `message`, only the container). */
export function clickedMessage(body: BlockButtonAction): ClickedMessage {
  const container = body.container;
  return {
    channelId: str(container.channel_id) ?? body.channel?.id ?? null,
    ts: str(container.message_ts) ?? body.message?.ts ?? null,
    ephemeral: container.is_ephemeral === true,
    teamId: body.team?.id ?? str(body.user.team_id),
  };
}

/** The pipeline id a card's button carries in its `value`, or `null` when it is not one. */
export function buttonPipelineId(value: string | undefined): string | null {
  return value !== undefined && /^\d{1,18}$/.test(value) ? value : null;
}
