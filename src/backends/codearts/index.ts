/**
 * The CodeArts Pipeline backend: the client (`createCodeArtsClient`, on the shared Huawei transport) and its pure
 * parts — answer schemas, the mapping into the domain model, ids, refs, paths and the error table.
 */
export * from './answers.js';
export { type CodeArtsClientOptions, createCodeArtsClient, RUN_NUMBER_SEARCH, STATUS_BATCH } from './client.js';
export * from './errors.js';
export * from './ids.js';
export * from './info.js';
export { LOG_TAIL_LIMITS } from './log-tail.js';
export * from './map.js';
export * from './map-lists.js';
export * from './paths.js';
export * from './refs.js';
export * from './review.js';
export * from './status-table.js';
export * from './times.js';
