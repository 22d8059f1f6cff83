/** Which workspace a request belongs to, for its links and watches: one answer for every listener. */
import type { SlackDeps } from './deps.js';

/**
 * The workspace a link and a watch belong to: the bot's own (a Grid organisation's channel has one), else the
 * request's team, else Bolt's context's.
 */
export function workspaceOf(
  deps: Pick<SlackDeps, 'workspace'>,
  request: { teamId: string | null; context?: { teamId?: string } },
): string {
  return deps.workspace.teamId ?? request.teamId ?? request.context?.teamId ?? '';
}
