/**
 * Two processes opening a fresh SQLite file together: the second waits for the first's migration (busy_timeout) and
 * must then find it applied instead of applying it again. The first is played by a worker thread holding the
 * write lock while "migrating".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { MIGRATIONS, SCHEMA_MIGRATIONS_DDL } from '../../src/store/migrations.js';
import { createSqliteStore } from '../../src/store/sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const OTHER_PROCESS = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const db = new Database(workerData.path);
db.pragma('journal_mode = WAL');
db.exec(workerData.ddl);
db.exec('BEGIN IMMEDIATE');
parentPort.postMessage('locked');
// Hold the write lock while the main thread starts opening the file, then migrate and commit.
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
for (const sql of workerData.statements) db.exec(sql);
db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(1, 'other', Date.now());
db.exec('COMMIT');
db.close();
`;

it('applies each migration once when another process migrates the same file at the same time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'watch-migrate-'));
  dirs.push(dir);
  const path = join(dir, 'bot.db');
  const worker = new Worker(OTHER_PROCESS, {
    eval: true,
    workerData: { path, ddl: SCHEMA_MIGRATIONS_DDL, statements: MIGRATIONS[0]?.up('sqlite') ?? [] },
  });
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  await new Promise((resolve) => worker.once('message', resolve));
  const store = createSqliteStore(path);
  await store.ping();
  expect(await store.countWatches()).toBe(0);
  await store.close();
  await exited;
  const db = new Database(path, { readonly: true });
  try {
    // The first by the other process, the later ones (not in its code) once each by this one.
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, name: 'other' },
      ...MIGRATIONS.slice(1).map((m) => ({ version: m.version, name: m.name })),
    ]);
  } finally {
    db.close();
  }
});
