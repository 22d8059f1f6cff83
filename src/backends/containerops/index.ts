/** The ContainerOps (SWR pipelines) backend: the client, its id syntax, and what the preview and tests share. */
export { createContainerOpsClient, DEFAULT_USER_AGENT, listPath, parseContentRange } from './client.js';
export { type ContainerOpsOperation, containerOpsKind, RESPONSE_KINDS } from './error-table.js';
export { containerOpsIds } from './ids.js';
export { CONTAINEROPS_STATUSES, consoleUrlOf, toListing, toPipelineRun } from './map.js';
export { MISSING_STATUS, parsePipeline } from './parse.js';
