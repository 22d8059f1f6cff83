/**
 * Linking your Huawei account: `/pipeline login` / `logout` (routed here by the command), the "Link your Huawei
 * account" and Unlink buttons, and the link modal's submission.
 */
import type { App } from '@slack/bolt';
import { ACTION_LINK_ACCOUNT, ACTION_UNLINK_ACCOUNT, VIEW_LINK_ACCOUNT } from '../../render/action-ids.js';
import type { ButtonWork } from '../actions/button-context.js';
import { clickedOnView } from '../actions/button-context.js';
import { publishHome } from '../app-home.js';
import type { SlackDeps } from '../deps.js';
import { workspaceOf } from '../workspace.js';
import { linkSubmissionCallback } from './link-submission.js';
import { openLinkModal, unlinkAccount } from './open-link.js';

export { openLinkModal, unlinkAccount } from './open-link.js';

/** The link and unlink buttons' work (the actions' register wires them like every button). */
export function accountButtons(deps: SlackDeps): Record<string, ButtonWork> {
  return {
    [ACTION_LINK_ACCOUNT]: ({ body }, request) => openLinkModal(deps, request, body.trigger_id),
    [ACTION_UNLINK_ACCOUNT]: ({ body }, request) => {
      // Clicked on the Home tab (a view, not a message): the tab is republished without the link, the sentence on
      // top, rather than answered in a conversation the person is not looking at.
      const userId = request.userId;
      if (!clickedOnView(body) || userId === null) return unlinkAccount(deps, request);
      const teamId = workspaceOf(deps, request);
      return unlinkAccount(deps, request, (notice) =>
        publishHome(deps, { teamId, userId, access: request.access, notice }),
      );
    },
  };
}

/** Adds the link modal's submission listener to `app`. */
export function register(app: App, deps: SlackDeps): void {
  app.view(VIEW_LINK_ACCOUNT, linkSubmissionCallback(deps));
}
