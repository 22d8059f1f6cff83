/**
 * Counts the PostgreSQL round trips a process makes, by statement, for the watch benchmark: wraps
 * `pg.Client.prototype.query` (which `Pool.query` goes through), so every statement sent is counted once with its
 * wall time (send → result: the round trip, the server's work and the wait for a pooled connection's turn).
 * Bench-only; `src/` is not touched. Statements are grouped by a short label: their first words, parameters and
 * whitespace folded (`UPDATE watches AS w SET … unnest`, `WITH due AS …`).
 */
import pg from 'pg';

export interface StatementStats {
  label: string;
  count: number;
  /** Sum of the wall times, ms. */
  totalMs: number;
  /** Rows returned or changed, summed. */
  rows: number;
}

const stats = new Map<string, StatementStats>();
let installed = false;
let rewrite: ((sql: string) => string) | null = null;

/**
 * The claim with its sibling lookup as `= ANY (ARRAY(…))` instead of `IN (SELECT … FROM due)`: a prototype of the
 * fix measured by `bench/watch.ts --claim-sql array` (see docs/FINDINGS.md). PostgreSQL plans `IN (CTE)` from
 * the CTE's row estimate; on a table without fresh statistics it expects ~20 due rows and picks a nested-loop
 * semi join (every free watch × every due row: 9,500 × 500 comparisons, ~1 s a claim). `= ANY (ARRAY(…))` is an
 * init plan and an index scan on `watches_pipeline`, whatever the estimate.
 */
export function arrayClaimSql(sql: string): string {
  return sql.replace(
    'WHERE pipeline_id IN (SELECT pipeline_id FROM due)',
    'WHERE pipeline_id = ANY (ARRAY(SELECT DISTINCT pipeline_id FROM due))',
  );
}

/** Rewrites every statement before it is sent (bench-only prototypes of a changed SQL); `null` sends them as they are. */
export function setStatementRewrite(fn: ((sql: string) => string) | null): void {
  rewrite = fn;
}

/** A short, stable name for a statement: its kind and the table it works on. */
export function statementLabel(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  const upper = flat.toUpperCase();
  if (upper.startsWith('WITH DUE AS')) return 'claimDue: WITH due … FOR UPDATE SKIP LOCKED … UPDATE … RETURNING *';
  // The grouped writes (src/store/postgres-grouped-writes.ts) first: they share their first words with others.
  if (upper.startsWith('UPDATE WATCHES AS W SET CARD_CHANNEL = U.CH'))
    return 'recordCard: UPDATE watches … FROM unnest(…)';
  if (upper.startsWith('UPDATE WATCHES AS W SET') && upper.includes('UNNEST'))
    return 'saveProgress: UPDATE watches … FROM unnest(…)';
  if (upper.startsWith('INSERT INTO MILESTONES')) return 'claimMilestone: INSERT INTO milestones … ON CONFLICT';
  if (upper.startsWith('UPDATE MILESTONES SET UPDATED_AT')) return 'claimMilestone: UPDATE milestones (retake stale)';
  if (upper.startsWith('SELECT STATUS FROM MILESTONES')) return 'claimMilestone: SELECT status FROM milestones';
  if (upper.startsWith('UPDATE MILESTONES AS M SET STATUS')) return 'markMilestone: UPDATE milestones … FROM unnest(…)';
  if (upper.startsWith('DELETE FROM MILESTONES AS M USING UNNEST($1::BIGINT[], $2::TEXT[]) AS U(W, R)'))
    return 'pruneMilestones: DELETE FROM milestones … unnest(…)';
  if (upper.startsWith('DELETE FROM MILESTONES')) return 'releaseMilestone: DELETE FROM milestones … unnest(…)';
  if (upper.startsWith('SELECT * FROM MILESTONES')) return 'getMilestone: SELECT * FROM milestones';
  if (upper.startsWith('SELECT * FROM WATCHES WHERE ID')) return 'getWatch: SELECT * FROM watches WHERE id';
  return flat.slice(0, 60);
}

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;

/** Starts counting (idempotent). */
export function installQueryCounter(): void {
  if (installed) return;
  installed = true;
  const proto = pg.Client.prototype as unknown as { query: QueryFn };
  const original = proto.query;
  proto.query = function counted(this: pg.Client, ...args: unknown[]): unknown {
    const [first] = args;
    if (rewrite !== null && typeof first === 'string') args[0] = rewrite(first);
    const sql = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '');
    const label = statementLabel(sql);
    const started = performance.now();
    const note = (rows: number): void => {
      const s = stats.get(label) ?? { label, count: 0, totalMs: 0, rows: 0 };
      stats.set(label, s);
      s.count += 1;
      s.totalMs += performance.now() - started;
      s.rows += rows;
    };
    // `Pool.query` passes a callback (and then gets no promise back); a direct `client.query` gets a promise.
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function') {
      args[last] = (error: unknown, result: pg.QueryResult | undefined) => {
        note(result?.rowCount ?? 0);
        return (callback as (e: unknown, r: unknown) => unknown)(error, result);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === 'function') {
      (result as Promise<pg.QueryResult>).then(
        (r) => note(r?.rowCount ?? 0),
        () => note(0),
      );
    }
    return result;
  };
}

/** The statements since the last call, busiest first; resets the counts. */
export function takeQueryStats(): StatementStats[] {
  const out = [...stats.values()].sort((a, b) => b.totalMs - a.totalMs);
  stats.clear();
  return out.map((s) => ({ ...s, totalMs: Math.round(s.totalMs * 10) / 10 }));
}
