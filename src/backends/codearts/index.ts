/**
 * The CodeArts Pipeline backend's pure parts, for the client that will make the calls on the shared Huawei
 * transport: answer schemas, the mapping into the domain model, ids, refs, paths and the error table.
 */
export * from './answers.js';
export * from './errors.js';
export * from './ids.js';
export * from './info.js';
export * from './map.js';
export * from './map-lists.js';
export * from './paths.js';
export * from './refs.js';
export * from './review.js';
export * from './status-table.js';
export * from './times.js';
