/**
 * Migration 3 on a database left by version 2: a card closed as superseded was a marker in `fingerprint`; it moves to
 * `card_closed`, and every other row is left as it was. Run on both dialects, from tables made by migrations 1–2.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import { type Dialect, MIGRATIONS, SCHEMA_MIGRATIONS_DDL } from '../../src/store/migrations.js';
import { postgresBackend, TEST_DATABASE_URL } from './store-backends.js';

/** The statements that make a version-2 database with three watches: open, closed, closed with its card gone. */
function versionTwo(dialect: Dialect): string[] {
  const watch = (id: number, fingerprint: string) =>
    `INSERT INTO watches (id, team_id, channel_id, pipeline_id, filter, created_at, card_channel, card_ts, run_key,
       fingerprint, summary_json, next_poll_at)
     VALUES (${id}, 'T1', 'C${id}', '1003', 'changes', 0, 'C${id}', '1.${id}', 'r1', '${fingerprint}', '{"s":${id}}', 0)`;
  return [
    SCHEMA_MIGRATIONS_DDL,
    ...MIGRATIONS.filter((m) => m.version <= 2).flatMap((m) => [
      ...m.up(dialect),
      `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${m.version}, 'v${m.version}', 0)`,
    ]),
    watch(1, 'Xyz_fingerprint-1'),
    watch(2, 'superseded'),
    watch(3, 'superseded:card-gone'),
  ];
}

const expected = [
  { id: 1, fingerprint: 'Xyz_fingerprint-1', cardClosed: null, baselineJson: '{"s":1}' },
  { id: 2, fingerprint: null, cardClosed: 'edited', baselineJson: '{"s":2}' },
  { id: 3, fingerprint: null, cardClosed: 'card_gone', baselineJson: '{"s":3}' },
];

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('migration 3: a closed card gets its own column', () => {
  it('SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-migrate-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'bot.db');
    const db = new Database(path);
    for (const sql of versionTwo('sqlite')) db.exec(sql);
    db.close();
    const store = await createStore(`sqlite:${path}`);
    try {
      for (const row of expected) expect(await store.getWatch(row.id)).toMatchObject(row);
    } finally {
      await store.close();
    }
  });

  it('PostgreSQL', async () => {
    const backend = postgresBackend();
    cleanups.push(() => backend.destroy());
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${backend.schema}"`);
      await client.query(`SET search_path TO "${backend.schema}"`);
      for (const sql of versionTwo('postgres')) await client.query(sql);
    } finally {
      await client.end();
    }
    const store = await backend.open();
    try {
      for (const row of expected) expect(await store.getWatch(row.id)).toMatchObject(row);
    } finally {
      await store.close();
    }
  });
});
