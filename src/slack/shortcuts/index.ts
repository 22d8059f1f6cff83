/** Registers the shortcut listeners. */
import type { App, MessageShortcut } from '@slack/bolt';
import { SHORTCUT_FIND_PIPELINES } from '../../render/action-ids.js';
import type { SlackDeps } from '../deps.js';
import { findPipelinesCallback } from './find-pipelines.js';

/** Adds the "Find pipelines" message shortcut to `app`. */
export function register(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>(
    { callback_id: SHORTCUT_FIND_PIPELINES, type: 'message_action' },
    findPipelinesCallback(deps),
  );
}
