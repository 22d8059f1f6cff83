/**
 * Prototypes of the PostgreSQL statements the watch poller sends, measured against the store's own, on a schema
 * of their own seeded like the watch benchmark's (10,000 watches, 5 per pipeline, 2,000 pipelines, a stored
 * state of about the benchmark's size): what one cycle's claims, milestone claims and marks and progress saves
 * cost as the store sends them, and as a batched statement would. Bench-only: `src/` is not touched; the store
 * is used as it is for the "today" figures (through `bench/pg-query-counter.ts` for the claim rewrite).
 *
 * `npx tsx bench/pg-batching.ts [--keys 2400]` (PostgreSQL at `TEST_DATABASE_URL` or 127.0.0.1:5432/test)
 *
 * 1. **Claim**: `claimDue` in batches of 500 over all 10,000 due watches, with the store's sibling lookup
 *    (`pipeline_id IN (SELECT pipeline_id FROM due)`) and with `= ANY (ARRAY(…))`; on the freshly seeded table
 *    (no statistics yet, as in the benchmark) and after `ANALYZE`.
 * 2. **Milestones**: the changed cycle's ~2,400 milestone keys claimed one `INSERT … ON CONFLICT` each (16 at a
 *    time over the pool's 5 connections, as the poller does), then marked `sent` one `UPDATE` each; against one
 *    `INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING RETURNING` and one `UPDATE … FROM unnest(…)` per 500
 *    keys; and the one-by-one statements again with `synchronous_commit = off` (no wait for the WAL flush).
 * 3. **Progress**: `saveProgress` of 500 unchanged rows (all 13 columns, the stored state sent back) against a
 *    save of the schedule alone (`id`, `next_poll_at`) for rows whose card state did not change.
 * 4. **Idle cycle, database side**: claims and saves of all 10,000 watches back to back, on the table as migrated
 *    and with `fillfactor = 70` (room for in-place, HOT, updates) and the stored state out of line (so the two
 *    updates each row gets per cycle — the lease, then the save — do not copy its ~2 KB state each time), with
 *    the WAL each writes.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createStore } from '../src/store/index.js';
import type { WatchProgress } from '../src/store/types.js';
import { arrayClaimSql, installQueryCounter, setStatementRewrite } from './pg-query-counter.js';

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const keysAt = process.argv.indexOf('--keys');
const KEYS = keysAt >= 0 ? Number(process.argv[keysAt + 1]) : 2_400;
const WATCHES = 10_000;
const PIPELINES = 2_000;
const BATCH = 500;
const STATE_CHARS = 1_800;
const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);

const ms = (v: number): string => (v < 10 ? v.toFixed(1) : String(Math.round(v)));
const now = (): number => performance.now();

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = now();
  const result = await work();
  return [result, now() - started];
}

/** Runs `tasks` with at most `limit` at a time (the poller's `mapLimited`). */
async function limited(count: number, limit: number, task: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < count) {
        const i = next;
        next += 1;
        await task(i);
      }
    }),
  );
}

installQueryCounter();
const schema = `bench_batch_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
const store = await createStore(url, { schema });
const pool = new pg.Pool({ connectionString: url, max: 5, options: `-c search_path="${schema}"` });
const asyncPool = new pg.Pool({
  connectionString: url,
  max: 5,
  options: `-c search_path="${schema}" -c synchronous_commit=off`,
});
const lines: string[] = [];
try {
  const seed = async (): Promise<void> => {
    await pool.query('TRUNCATE watches RESTART IDENTITY CASCADE');
    await pool.query(
      `INSERT INTO watches (team_id, channel_id, pipeline_id, filter, created_by, created_at, card_channel, card_ts,
         run_key, fingerprint, summary_json, next_poll_at)
       SELECT 'T00000001', 'C' || lpad((i / 5)::text, 8, '0'), (100000 + i % $1)::text, 'changes', 'U0BENCH01', $2::bigint,
         'C' || lpad((i / 5)::text, 8, '0'), '1600000000.' || lpad(i::text, 6, '0'), (100000 + i % $1) || '@run',
         md5(i::text), repeat('x', $3), $2::bigint + 15000
       FROM generate_series(0, $4 - 1) AS i`,
      [PIPELINES, T0, STATE_CHARS, WATCHES],
    );
  };

  // 1. Claims.
  lines.push(
    '**Claim**: `claimDue` (limit 500, with siblings) until all 10,000 due watches are claimed, one poller:',
    '',
    '| sibling lookup | table statistics | claims | rows | total | per claim (median) |',
    '| --- | --- | ---: | ---: | ---: | ---: |',
  );
  const claimAll = async (label: string, stats: string, rewrite: ((sql: string) => string) | null) => {
    await pool.query('UPDATE watches SET lease_owner = NULL, lease_until = NULL');
    setStatementRewrite(rewrite);
    const each: number[] = [];
    let rows = 0;
    const started = now();
    for (;;) {
      const [claimed, took] = await timed(() =>
        store.claimDue({ owner: 'bench', now: new Date(T0 + 15_000), leaseMs: 60_000, limit: BATCH }),
      );
      if (claimed.length === 0) break;
      each.push(took);
      rows += claimed.length;
    }
    setStatementRewrite(null);
    const median = [...each].sort((a, b) => a - b)[Math.floor(each.length / 2)] ?? Number.NaN;
    lines.push(
      `| ${label} | ${stats} | ${each.length} | ${rows.toLocaleString('en')} | ${ms(now() - started)} ms | ${ms(median)} ms |`,
    );
    process.stderr.write(`claims, ${label}, ${stats}: ${ms(now() - started)} ms\n`);
  };
  await seed();
  await claimAll('`IN (SELECT pipeline_id FROM due)` (store)', 'none (just seeded)', null);
  await seed();
  await claimAll('`= ANY (ARRAY(SELECT DISTINCT pipeline_id FROM due))`', 'none (just seeded)', arrayClaimSql);
  await pool.query('ANALYZE watches');
  await claimAll('`IN (SELECT pipeline_id FROM due)` (store)', 'fresh (`ANALYZE`)', null);
  await claimAll('`= ANY (ARRAY(SELECT DISTINCT pipeline_id FROM due))`', 'fresh (`ANALYZE`)', arrayClaimSql);

  // 2. Milestones.
  const keys = Array.from({ length: KEYS }, (_, i) => ({
    watchId: (i % WATCHES) + 1,
    runKey: `${100000 + (i % PIPELINES)}@run`,
    key: `stage:${Math.floor(i / WATCHES)}:done`,
  }));
  lines.push(
    '',
    `**Milestones**: ${KEYS.toLocaleString('en')} keys (the changed cycle's), claimed as \`sending\`, then marked \`sent\`:`,
    '',
    '| how | statements | claim all | mark all | per key (claim + mark) |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  const oneByOne = async (label: string, db: pg.Pool) => {
    await pool.query('DELETE FROM milestones');
    const [, claim] = await timed(() =>
      limited(KEYS, 16, (i) => {
        const k = keys[i] as (typeof keys)[number];
        return db.query(
          `INSERT INTO milestones (watch_id, run_key, milestone_key, status, updated_at)
           VALUES ($1, $2, $3, 'sending', $4) ON CONFLICT DO NOTHING`,
          [k.watchId, k.runKey, k.key, T0],
        );
      }),
    );
    const [, mark] = await timed(() =>
      limited(KEYS, 16, (i) => {
        const k = keys[i] as (typeof keys)[number];
        return db.query(
          `UPDATE milestones SET status = $4, message_ts = $5, thread_ts = $6, updated_at = $7
           WHERE watch_id = $1 AND run_key = $2 AND milestone_key = $3`,
          [k.watchId, k.runKey, k.key, 'sent', '1600000001.000001', '1600000000.000001', T0],
        );
      }),
    );
    lines.push(
      `| ${label} | ${(2 * KEYS).toLocaleString('en')} | ${ms(claim)} ms | ${ms(mark)} ms | ${((1000 * (claim + mark)) / KEYS).toFixed(0)} µs |`,
    );
    process.stderr.write(`milestones, ${label}: ${ms(claim + mark)} ms\n`);
  };
  const batched = async () => {
    await pool.query('DELETE FROM milestones');
    let statements = 0;
    const chunks = Array.from({ length: Math.ceil(KEYS / BATCH) }, (_, c) => keys.slice(c * BATCH, (c + 1) * BATCH));
    const [, claim] = await timed(async () => {
      for (const chunk of chunks) {
        statements += 1;
        await pool.query(
          `INSERT INTO milestones (watch_id, run_key, milestone_key, status, updated_at)
           SELECT w, r, k, 'sending', $4 FROM unnest($1::bigint[], $2::text[], $3::text[]) AS u(w, r, k)
           ON CONFLICT DO NOTHING RETURNING watch_id, run_key, milestone_key`,
          [chunk.map((k) => k.watchId), chunk.map((k) => k.runKey), chunk.map((k) => k.key), T0],
        );
      }
    });
    const [, mark] = await timed(async () => {
      for (const chunk of chunks) {
        statements += 1;
        await pool.query(
          `UPDATE milestones AS m SET status = 'sent', message_ts = u.ts, thread_ts = u.thread, updated_at = $6
           FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(w, r, k, ts, thread)
           WHERE m.watch_id = u.w AND m.run_key = u.r AND m.milestone_key = u.k`,
          [
            chunk.map((k) => k.watchId),
            chunk.map((k) => k.runKey),
            chunk.map((k) => k.key),
            chunk.map(() => '1600000001.000001'),
            chunk.map(() => '1600000000.000001'),
            T0,
          ],
        );
      }
    });
    lines.push(
      `| batched: \`INSERT … SELECT FROM unnest … RETURNING\`, \`UPDATE … FROM unnest\`, ${BATCH} keys each | ${statements} | ${ms(claim)} ms | ${ms(mark)} ms | ${((1000 * (claim + mark)) / KEYS).toFixed(0)} µs |`,
    );
    process.stderr.write(`milestones, batched: ${ms(claim + mark)} ms\n`);
  };
  await oneByOne('one statement per key (store), 16 at a time, pool of 5', pool);
  await batched();
  await oneByOne('one statement per key, `synchronous_commit = off`', asyncPool);

  // 3. Progress saves.
  await pool.query('UPDATE watches SET lease_owner = $1, lease_until = $2', ['bench', T0 + 60_000]);
  const claimed = (await pool.query('SELECT * FROM watches ORDER BY id LIMIT $1', [BATCH])).rows as Record<
    string,
    unknown
  >[];
  const progress: WatchProgress[] = claimed.map((r) => ({
    id: Number(r.id),
    cardChannel: r.card_channel as string,
    cardTs: r.card_ts as string,
    runKey: r.run_key as string,
    fingerprint: r.fingerprint as string,
    baselineJson: r.summary_json as string,
    pendingJson: null,
    cardClosed: null,
    pausedReason: null,
    pausedAt: null,
    errorStreak: 0,
    errorSince: null,
    errorNoted: false,
    nextPollAt: new Date(T0 + 30_000),
    remindedKey: null,
  }));
  const fullSave: number[] = [];
  const slimSave: number[] = [];
  for (let r = 0; r < 7; r += 1) {
    await pool.query('UPDATE watches SET lease_owner = $1, lease_until = $2 WHERE id <= $3', [
      'bench',
      T0 + 60_000,
      BATCH,
    ]);
    fullSave.push((await timed(() => store.saveProgress('bench', progress)))[1]);
    await pool.query('UPDATE watches SET lease_owner = $1, lease_until = $2 WHERE id <= $3', [
      'bench',
      T0 + 60_000,
      BATCH,
    ]);
    slimSave.push(
      (
        await timed(() =>
          pool.query(
            `UPDATE watches AS w SET next_poll_at = u.next, lease_owner = NULL, lease_until = NULL
             FROM unnest($1::bigint[], $2::bigint[]) AS u(id, next) WHERE w.id = u.id AND w.lease_owner = $3`,
            [progress.map((p) => p.id), progress.map((p) => p.nextPollAt.getTime()), 'bench'],
          ),
        )
      )[1],
    );
  }
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? Number.NaN;
  lines.push(
    '',
    `**Progress**: saving ${BATCH} rows whose card state did not change (the idle cycle's every row; stored state ${STATE_CHARS.toLocaleString('en')} characters), median of 7:`,
    '',
    '| how | per save of 500 rows | per row |',
    '| --- | ---: | ---: |',
    `| \`saveProgress\` (store): all 13 columns through \`unnest\` | ${ms(med(fullSave))} ms | ${((1000 * med(fullSave)) / BATCH).toFixed(0)} µs |`,
    `| schedule only: \`UPDATE … SET next_poll_at … FROM unnest(ids, times)\` | ${ms(med(slimSave))} ms | ${((1000 * med(slimSave)) / BATCH).toFixed(0)} µs |`,
  );

  // 4. The idle cycle's statements on the table as the migrations make it, and with room for in-place updates.
  lines.push(
    '',
    "**Idle cycle, database side**: claim (prototype sibling lookup) and save (the store's `saveProgress`) every 500 watches until all 10,000 are done, one poller, no SWR or Slack in between; median of 3:",
    '',
    '| table | claims + saves | total | WAL written |',
    '| --- | ---: | ---: | ---: |',
  );
  const cycle = async (label: string) => {
    const totals: number[] = [];
    const wal: number[] = [];
    for (let r = 0; r < 3; r += 1) {
      await seed();
      await pool.query('ANALYZE watches');
      const walBefore = (await pool.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l as string;
      setStatementRewrite(arrayClaimSql);
      const [, took] = await timed(async () => {
        for (;;) {
          const claimedRows = await store.claimDue({
            owner: 'bench',
            now: new Date(T0 + 15_000),
            leaseMs: 60_000,
            limit: BATCH,
          });
          if (claimedRows.length === 0) break;
          await store.saveProgress(
            'bench',
            claimedRows.map((w) => ({ ...w, nextPollAt: new Date(T0 + 30_000) })),
          );
        }
      });
      setStatementRewrite(null);
      totals.push(took);
      const walAfter = (await pool.query('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS d', [walBefore])).rows[0]
        .d as string;
      wal.push(Number(walAfter));
    }
    const med = (v: number[]) => [...v].sort((a, b) => a - b)[1] ?? Number.NaN;
    lines.push(`| ${label} | 40 | ${ms(med(totals))} ms | ${(med(wal) / 1048576).toFixed(1)} MB |`);
    process.stderr.write(`idle cycle, ${label}: ${ms(med(totals))} ms\n`);
  };
  await cycle('as migrated (fillfactor 100, the stored state inline)');
  await pool.query('ALTER TABLE watches SET (fillfactor = 70, toast_tuple_target = 128)');
  await pool.query('ALTER TABLE watches ALTER COLUMN summary_json SET STORAGE EXTERNAL');
  await pool.query('ALTER TABLE watches ALTER COLUMN pending_json SET STORAGE EXTERNAL');
  await cycle('`fillfactor = 70`, `toast_tuple_target = 128`, state columns `STORAGE EXTERNAL`');
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  await store.close();
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
  await asyncPool.end();
}
