/**
 * Migrations on PostgreSQL, serialised across processes that start together by an advisory lock. The lock is
 * tried, not waited for: a process that cannot get it within the deadline (another one stuck holding it) stops with
 * a clear error instead of hanging the deploy.
 */
import type pg from 'pg';
import { MIGRATIONS, SCHEMA_MIGRATIONS_DDL } from './migrations.js';

/** A fixed number for the advisory lock that serialises migrations across processes starting together. */
export const MIGRATION_LOCK = 7_224_015;
export const DEFAULT_MIGRATION_LOCK_TIMEOUT_MS = 30_000;
const LOCK_RETRY_MS = 250;

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Thrown when another process held the migration lock past the deadline. */
export class MigrationLockTimeoutError extends Error {
  override readonly name = 'MigrationLockTimeoutError';
  readonly code = 'migration_lock_timeout';
}

async function takeLock(client: pg.PoolClient, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK,
    ]);
    if (rows[0]?.locked) return;
    if (Date.now() >= deadline) {
      throw new MigrationLockTimeoutError(
        `another process has held the database's migration lock for ${Math.round(timeoutMs / 1000)} s ` +
          `(pg_advisory_lock ${MIGRATION_LOCK}): stop the stuck process, or end its session with ` +
          `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = ${MIGRATION_LOCK}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_RETRY_MS));
  }
}

/** Applies every migration the database lacks, under the migration lock (taken within `lockTimeoutMs`). */
export async function migratePostgres(
  pool: pg.Pool,
  schema: string | undefined,
  lockTimeoutMs = DEFAULT_MIGRATION_LOCK_TIMEOUT_MS,
): Promise<void> {
  const client = await pool.connect();
  try {
    await takeLock(client, lockTimeoutMs);
    try {
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      await client.query(SCHEMA_MIGRATIONS_DDL);
      const applied = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version),
      );
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          for (const sql of migration.up('postgres')) await client.query(sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
            migration.version,
            migration.name,
            Date.now(),
          ]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          throw err;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
