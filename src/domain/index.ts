/**
 * The domain core: the pipeline model every backend maps into, what a run's state means (summary, run identity,
 * status vocabulary), watch filters and milestones, locales and pipeline ids. Pure and backend-neutral: it imports
 * nothing outside this folder, so the renderer, the watcher, the store and the Slack layer can all depend on it.
 */
export * from './backend.js';
export * from './backend-error.js';
export * from './digest.js';
export * from './locale.js';
export * from './milestones.js';
export * from './pipeline.js';
export * from './pipeline-id.js';
export * from './run-state.js';
export * from './status.js';
export * from './store-error.js';
export * from './summary.js';
export * from './team-watch.js';
export * from './watch-filter.js';
