/**
 * The two store backends for tests: a SQLite file in a temp directory, and PostgreSQL in a fresh schema
 * (`TEST_DATABASE_URL`, default the local server) so test files running in parallel never see each other's rows.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createStore } from '../../src/store/index.js';
import type { WatchStore } from '../../src/store/types.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface StoreBackend {
  name: 'sqlite' | 'postgres';
  /** PostgreSQL: the schema the tables are in. */
  schema?: string;
  /** SQLite: the database file. */
  path?: string;
  /** Opens another connection to the same database (a restart, or a second replica). */
  open(): Promise<WatchStore>;
  /** Removes the file or drops the schema. */
  destroy(): Promise<void>;
}

/** A SQLite file in a fresh temp directory. */
export function sqliteBackend(): StoreBackend {
  const dir = mkdtempSync(join(tmpdir(), 'watch-store-'));
  const path = join(dir, 'nested', 'bot.db');
  const url = `sqlite:${path}`;
  return {
    name: 'sqlite',
    path,
    open: () => createStore(url),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh PostgreSQL schema on the test database. */
export function postgresBackend(): StoreBackend {
  const schema = `test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  return {
    name: 'postgres',
    schema,
    open: () => createStore(TEST_DATABASE_URL, { schema }),
    destroy: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export const BACKENDS: { name: 'sqlite' | 'postgres'; make: () => StoreBackend }[] = [
  { name: 'sqlite', make: sqliteBackend },
  { name: 'postgres', make: postgresBackend },
];
