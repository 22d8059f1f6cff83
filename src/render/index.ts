/** The renderer's public surface: pure Block Kit builders, their limits, and the plain-text view. */
export { renderErrorMessage } from './error-message.js';
export { LIMITS } from './limits.js';
export { renderPipelineMessage } from './pipeline-card.js';
export { renderPlainText } from './plain-text.js';
export { STATUS_TABLE } from './status-table.js';
/** Types of the renderer's inputs and outputs. */
export type { CardVariant, RenderOptions, SlackMessage } from './types.js';
