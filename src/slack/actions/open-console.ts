/** Open in console is a link button, but Slack still sends its click: acknowledging it is all there is to do. */
import type { ButtonWork } from './button-context.js';

/** Nothing to do after the ack: the browser opens the link. */
export const openConsoleCallback: ButtonWork = async () => {};
