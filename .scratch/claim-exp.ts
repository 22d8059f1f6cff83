import pg from 'pg';
import { createStore } from '../src/store/index.js';
import { readdirSync, readFileSync } from 'node:fs';

const url = 'postgres://postgres@127.0.0.1:5432/test';
const schema = `exp_${Date.now()}`;
const store = await createStore(url, { schema });
await store.close();
const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
await c.connect();
function pgCpu(): number {
  let t = 0;
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const s = readFileSync(`/proc/${p}/stat`, 'utf8');
      const close = s.lastIndexOf(')');
      if (!s.slice(s.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const f = s.slice(close + 2).split(' ');
      t += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return t * 10;
}
const state = JSON.stringify({ stages: Array.from({ length: 12 }, (_, i) => ({ name: `stage ${i} of the pipeline`, status: 'running', startedAt: 1700000000000 + i, reviewers: ['alice', 'bob'] })) });
await c.query(`INSERT INTO watches (team_id, channel_id, pipeline_id, filter, created_at, card_channel, card_ts, run_key, fingerprint, summary_json, next_poll_at)
  SELECT 'T1', 'C' || (g / 5), (g % 2000)::text, 'changes', 0, 'C' || (g / 5), '1.' || g, 'run', md5(g::text), $1 || g, 1000 FROM generate_series(1, 10000) g`, [state]);
console.log('state length', state.length);
await c.query('VACUUM ANALYZE watches');
const claimSql = (ret: string) => `WITH due AS (
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
 RETURNING ${ret}`;
const variants: [string, string][] = [
  ['*', '*'],
  ['no state', 'id, team_id, channel_id, pipeline_id, filter, created_by, created_at, card_channel, card_ts, run_key, fingerprint, paused_reason, paused_at, error_streak, error_since, error_noted, next_poll_at, lease_owner, lease_until, reminded_key'],
  ['state inline-free', 'id'],
];
for (let round = 0; round < 3; round++) {
  for (const [name, ret] of variants) {
    let now = 2000 + round * 10 + (name === '*' ? 0 : 5);
    await c.query('UPDATE watches SET lease_owner = NULL, lease_until = NULL');
    const cpu0 = process.cpuUsage();
    const pg0 = pgCpu();
    const t0 = performance.now();
    let n = 0;
    for (;;) {
      const r = await c.query(claimSql(ret), [now, 500, 'me', now + 60000]);
      if (r.rows.length === 0) break;
      n += r.rows.length;
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    console.log(`${name}: ${n} rows, ${ms.toFixed(0)} ms, node cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, pg cpu ${pgCpu() - pg0} ms`);
  }
}
await c.query(`DROP SCHEMA ${schema} CASCADE`);
await c.end();
