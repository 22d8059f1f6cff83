import pg from 'pg';
import { readdirSync, readFileSync } from 'node:fs';
import { createStore } from '../src/store/index.js';
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
const url = 'postgres://postgres@127.0.0.1:5432/test';
const schema = `exp_${Date.now()}`;
const store = await createStore(url, { schema });
await store.close();
const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 5 });
await pool.query(`INSERT INTO watches (team_id, channel_id, pipeline_id, filter, created_at, next_poll_at) SELECT 'T1', 'C' || g, g::text, 'changes', 0, 0 FROM generate_series(1, 3000) g`);
const sql = `INSERT INTO milestones (watch_id, run_key, milestone_key, status, updated_at)
 SELECT u.w, u.r, u.k, 'sending', u.t FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) AS u(w, r, k, t)
 ON CONFLICT DO NOTHING RETURNING watch_id, run_key, milestone_key`;
let key = 0;
for (const round of [1, 2, 3]) {
  for (const named of [false, true]) {
    const pg0 = pgCpu();
    const t0 = performance.now();
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 400; i++) {
      const ws = Array.from({ length: 7 }, (_, j) => 1 + ((i * 7 + j) % 3000));
      const ks = ws.map(() => `k${key++}`);
      const values = [ws, ws.map(() => 'run'), ks, ws.map(() => 1)];
      jobs.push(pool.query(named ? { name: 'ins', text: sql, values } : { text: sql, values }));
      if (jobs.length >= 5) await Promise.all(jobs.splice(0));
    }
    await Promise.all(jobs);
    console.log(`round ${round} ${named ? 'named' : 'unnamed'}: 400 statements ${(performance.now() - t0).toFixed(0)} ms, pg cpu ${pgCpu() - pg0} ms`);
  }
}
await pool.query(`DROP SCHEMA ${schema} CASCADE`);
await pool.end();
