/**
 * Linking your Huawei account: `/pipeline login` / `logout` (routed here by the command), the "Link your Huawei
 * account" and Unlink buttons, and the link modal's submission.
 */
import type { App } from '@slack/bolt';
import { ACTION_LINK_ACCOUNT, ACTION_UNLINK_ACCOUNT, VIEW_LINK_ACCOUNT } from '../../render/action-ids.js';
import type { ButtonWork } from '../actions/button-context.js';
import type { SlackDeps } from '../deps.js';
import { linkSubmissionCallback } from './link-submission.js';
import { openLinkModal, unlinkAccount } from './open-link.js';

export { openLinkModal, unlinkAccount } from './open-link.js';

/** The link and unlink buttons' work (the actions' register wires them like every button). */
export function accountButtons(deps: SlackDeps): Record<string, ButtonWork> {
  return {
    [ACTION_LINK_ACCOUNT]: ({ body }, request) => openLinkModal(deps, request, body.trigger_id),
    [ACTION_UNLINK_ACCOUNT]: (_args, request) => unlinkAccount(deps, request),
  };
}

/** Adds the link modal's submission listener to `app`. */
export function register(app: App, deps: SlackDeps): void {
  app.view(VIEW_LINK_ACCOUNT, linkSubmissionCallback(deps));
}
