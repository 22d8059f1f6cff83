/**
 * The PostgreSQL ledger of accepted Slack requests (migration 6), shared by replicas: a signature is a first
 * sighting once per window across every connection, an expired one is taken again, and expired rows are deleted
 * in bounded batches. SQLite has none: its one process keeps its own memory.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import { SEEN_SWEEP_BATCH } from '../../src/store/postgres-seen-requests.js';
import type { SeenRequestLedger, WatchStore } from '../../src/store/types.js';
import { startTcpProxy } from '../reliability/tcp-proxy.js';
import { postgresBackend, sqliteBackend, TEST_DATABASE_URL } from './store-backends.js';

const NOW = 1_700_000_000_000;

describe('slack_request_seen on PostgreSQL', () => {
  const backend = postgresBackend();
  let a: WatchStore;
  let b: WatchStore;
  let ledgerA: SeenRequestLedger;
  let ledgerB: SeenRequestLedger;
  beforeAll(async () => {
    a = await backend.open();
    b = await backend.open();
    if (!a.seenRequests || !b.seenRequests) throw new Error('PostgreSQL must have a ledger');
    ledgerA = a.seenRequests;
    ledgerB = b.seenRequests;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await backend.destroy();
  });

  /** Runs `sql` on a connection of its own to the test schema; the first row's `n`. */
  async function sql(text: string, params: unknown[] = []): Promise<number> {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${backend.schema}"`);
      return Number((await client.query(text, params)).rows[0]?.n ?? 0);
    } finally {
      await client.end();
    }
  }
  const count = (where: string) => sql(`SELECT COUNT(*) AS n FROM slack_request_seen WHERE ${where}`);

  it('a signature is new once, for every connection on the database, until it expires', async () => {
    expect(await ledgerA.recordFirstSighting('v0=one', NOW + 301_000, NOW)).toBe(true);
    expect(await ledgerA.recordFirstSighting('v0=one', NOW + 301_000, NOW + 1_000)).toBe(false);
    expect(await ledgerB.recordFirstSighting('v0=one', NOW + 301_000, NOW + 300_999)).toBe(false);
    // Expired but not yet swept: taken over as new, with its new expiry.
    expect(await ledgerB.recordFirstSighting('v0=one', NOW + 700_000, NOW + 301_000)).toBe(true);
    expect(await ledgerA.recordFirstSighting('v0=one', NOW + 700_000, NOW + 400_000)).toBe(false);
  });

  it('two replicas offering the same signature at once: exactly one first sighting', async () => {
    const offers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? ledgerA : ledgerB).recordFirstSighting('v0=race', NOW + 301_000, NOW),
      ),
    );
    expect(offers.filter(Boolean)).toHaveLength(1);
  });

  it('sweeps expired rows in bounded batches and keeps the live ones', async () => {
    const later = NOW + 10_000_000;
    // 1,200 requests no replica swept (all replicas down a while, say).
    await sql(`INSERT INTO slack_request_seen SELECT 'v0=old' || g, $1 FROM generate_series(1, 1200) g`, [later - 1]);
    await sql(`INSERT INTO slack_request_seen VALUES ('v0=live', $1)`, [later + 301_000]);
    const expired = await count(`expires_at <= ${later}`);
    expect(expired).toBeGreaterThanOrEqual(1_200);
    const first = await ledgerB.sweepExpired(later);
    expect(first).toBe(SEEN_SWEEP_BATCH);
    let swept = first;
    while (swept < expired) {
      const n = await ledgerB.sweepExpired(later);
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThanOrEqual(SEEN_SWEEP_BATCH);
      swept += n;
    }
    expect(await ledgerB.sweepExpired(later)).toBe(0);
    expect(await count(`expires_at <= ${later}`)).toBe(0);
    expect(await count("signature = 'v0=live'")).toBe(1);
  });
});

describe('slack_request_seen with the database gone', () => {
  it('fails as the store does, naming the lost database (StoreUnavailableError)', async () => {
    const backend = postgresBackend();
    const proxy = await startTcpProxy(Number(new URL(TEST_DATABASE_URL).port || 5432));
    const url = new URL(TEST_DATABASE_URL);
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const store = await createStore(url.toString(), { schema: backend.schema });
    try {
      await proxy.down();
      const ledger = store.seenRequests;
      await expect(ledger?.recordFirstSighting('v0=gone', NOW + 301_000, NOW)).rejects.toMatchObject({
        name: 'StoreUnavailableError',
      });
      await expect(ledger?.sweepExpired(NOW)).rejects.toMatchObject({ name: 'StoreUnavailableError' });
    } finally {
      await proxy.up();
      await store.close();
      await proxy.close();
      await backend.destroy();
    }
  });
});

describe('SQLite', () => {
  it('has no shared ledger: one process, its own memory', async () => {
    const backend = sqliteBackend();
    const store = await backend.open();
    try {
      expect(store.seenRequests).toBeNull();
    } finally {
      await store.close();
      await backend.destroy();
    }
  });
});
