import pg from 'pg';
import { createStore } from '../src/store/index.js';

const url = 'postgres://postgres@127.0.0.1:5432/test';
const schema = `exp_${Date.now()}`;
const store = await createStore(url, { schema });
await store.close();
const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
await c.connect();
const state = 'x'.repeat(1500);
await c.query(`INSERT INTO watches (team_id, channel_id, pipeline_id, filter, created_at, card_channel, card_ts, run_key, fingerprint, summary_json, next_poll_at)
  SELECT 'T1', 'C' || (g / 5), (g % 2000)::text, 'changes', 0, 'C' || (g / 5), '1.' || g, 'run', md5(g::text), $1 || g, 1000 FROM generate_series(1, 10000) g`, [state]);
await c.query('VACUUM ANALYZE watches');
const claim = `WITH due AS (
   SELECT id, pipeline_id FROM watches
   WHERE paused_reason IS NULL AND next_poll_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
   ORDER BY next_poll_at, pipeline_id LIMIT $2 FOR UPDATE SKIP LOCKED
 ), siblings AS (
   SELECT id FROM watches
   WHERE pipeline_id = ANY (ARRAY(SELECT DISTINCT pipeline_id FROM due)) AND id NOT IN (SELECT id FROM due)
     AND paused_reason IS NULL AND (lease_until IS NULL OR lease_until <= $1)
   FOR UPDATE SKIP LOCKED
 )
 UPDATE watches SET lease_owner = $3, lease_until = $4
 WHERE id IN (SELECT id FROM due UNION ALL SELECT id FROM siblings)
 RETURNING id`;
for (const leased of [0, 1000, 4000, 8000]) {
  await c.query('UPDATE watches SET lease_owner = NULL, lease_until = NULL');
  if (leased > 0) await c.query(`UPDATE watches SET lease_owner = 'other', lease_until = 999999 WHERE id IN (SELECT id FROM watches ORDER BY next_poll_at, pipeline_id LIMIT ${leased})`);
  await c.query('BEGIN');
  const t0 = performance.now();
  const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS) ${claim}`, [2000, 500, 'me', 62000]);
  const ms = performance.now() - t0;
  await c.query('ROLLBACK');
  const lines = r.rows.map((x) => x['QUERY PLAN'] as string);
  console.log(`leased ${leased}: ${ms.toFixed(1)} ms`);
  console.log(lines.filter((l) => /Index Scan|Seq Scan|Rows Removed|Execution|Buffers: shared/.test(l)).slice(0, 8).join('\n'));
}
await c.query(`DROP SCHEMA ${schema} CASCADE`);
await c.end();
