/** Opens the store a `DATABASE_URL` names: `sqlite:<path>` (the default) or `postgres://…`. */
import { createPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import { createSqliteStore } from './sqlite-store.js';
import type { WatchStore } from './types.js';

/** Options of `createStore` (PostgreSQL's; SQLite takes none). */
export type CreateStoreOptions = PostgresStoreOptions;

/** Opens and migrates the store at `databaseUrl`; `options` apply to PostgreSQL only. */
export async function createStore(databaseUrl: string, options: CreateStoreOptions = {}): Promise<WatchStore> {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) return createPostgresStore(databaseUrl, options);
  const sqlite = /^sqlite:(.+)$/.exec(databaseUrl);
  if (sqlite?.[1]) return createSqliteStore(sqlite[1]);
  throw new Error('DATABASE_URL must be sqlite:<path> or postgres://user@host:port/db');
}
