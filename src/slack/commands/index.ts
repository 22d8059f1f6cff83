/** Registers the slash command listeners. */
import type { App } from '@slack/bolt';
import { COMMAND } from '../../slack-ids.js';
import type { SlackDeps } from '../deps.js';
import { pipelineCommandCallback } from './pipeline-command.js';

/** Adds `/pipeline` to `app`. */
export function register(app: App, deps: SlackDeps): void {
  app.command(COMMAND, pipelineCommandCallback(deps));
}
