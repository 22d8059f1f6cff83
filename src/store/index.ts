/** The watch store: one interface, SQLite and PostgreSQL behind `createStore`. */
export { type CreateStoreOptions, createStore } from './create-store.js';
export { MIGRATIONS } from './migrations.js';
export { progressOf } from './progress.js';
export type * from './types.js';
export { WATCH_FILTERS } from './types.js';
