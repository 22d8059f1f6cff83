import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { progressOf } from '../../src/store/progress.js';
import type { NewWatch, WatchProgress, WatchRecord, WatchStore } from '../../src/store/types.js';
import { BACKENDS, type StoreBackend, TEST_DATABASE_URL } from './store-backends.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

const newWatch = (over: Partial<NewWatch> = {}): NewWatch => ({
  teamId: 'T1',
  channelId: 'C1',
  pipelineId: '1003',
  filter: 'changes',
  createdBy: 'U1',
  now: T0,
  nextPollAt: T0,
  ...over,
});

const progressWith = (w: WatchRecord, over: Partial<WatchProgress> = {}): WatchProgress => ({
  ...progressOf(w),
  ...over,
});

describe.each(BACKENDS)('WatchStore contract: $name', ({ name, make }) => {
  let backend: StoreBackend;
  let store: WatchStore;

  beforeAll(() => {
    backend = make();
  });
  beforeEach(async () => {
    store = await backend.open();
    return async () => {
      // Each test starts from an empty table: delete through the store's own API shape.
      for (const w of await allWatches(store)) await store.removeWatch(w.teamId, w.channelId, w.pipelineId);
      await store.close();
    };
  });
  afterAll(async () => {
    await backend.destroy();
  });

  async function allWatches(s: WatchStore): Promise<WatchRecord[]> {
    const claimed = await s.claimDue({ owner: 'sweeper', now: at(10_000_000), leaseMs: 1, limit: 100_000 });
    const paused: WatchRecord[] = [];
    for (const team of ['T1', 'T2']) {
      for (const channel of ['C1', 'C2', 'C3']) paused.push(...(await s.listWatches(team, channel)));
    }
    return [...claimed, ...paused];
  }

  it('reports its dialect, answers ping, and migrates idempotently on reopen', async () => {
    expect(store.dialect).toBe(name);
    await expect(store.ping()).resolves.toBeUndefined();
    const again = await backend.open();
    await again.ping();
    await again.close();
  });

  it('adds a watch once per team, channel and pipeline, and finds and lists it', async () => {
    const first = await store.addWatch(newWatch());
    expect(first.created).toBe(true);
    expect(first.watch).toMatchObject({
      teamId: 'T1',
      channelId: 'C1',
      pipelineId: '1003',
      filter: 'changes',
      createdBy: 'U1',
      cardTs: null,
      runKey: null,
      pausedReason: null,
      errorStreak: 0,
      errorNoted: false,
      leaseOwner: null,
    });
    expect(first.watch.createdAt).toEqual(T0);
    expect(first.watch.nextPollAt).toEqual(T0);

    const second = await store.addWatch(newWatch({ filter: 'all' }));
    expect(second).toMatchObject({ created: false, watch: { id: first.watch.id, filter: 'changes' } });

    await store.addWatch(newWatch({ pipelineId: '1004' }));
    await store.addWatch(newWatch({ channelId: 'C2' }));
    await store.addWatch(newWatch({ teamId: 'T2' }));
    expect((await store.listWatches('T1', 'C1')).map((w) => w.pipelineId)).toEqual(['1003', '1004']);
    expect(await store.findWatch('T1', 'C2', '1003')).toMatchObject({ channelId: 'C2' });
    expect(await store.findWatch('T1', 'C3', '1003')).toBeNull();
    expect(await store.getWatch(first.watch.id)).toMatchObject({ id: first.watch.id });
    expect(await store.getWatch(999_999)).toBeNull();
    expect(await store.countWatches()).toBe(4);
  });

  it('changes the filter, lifts a pause and makes the watch due', async () => {
    const { watch } = await store.addWatch(newWatch({ nextPollAt: at(600) }));
    const [claimed] = await store.claimDue({ owner: 'a', now: at(600), leaseMs: 60_000, limit: 10 });
    expect(claimed?.id).toBe(watch.id);
    await store.saveProgress('a', [
      progressWith(watch, { pausedReason: 'is_archived', pausedAt: at(600), nextPollAt: at(900) }),
    ]);
    expect(await store.getWatch(watch.id)).toMatchObject({ pausedReason: 'is_archived' });

    await store.updateFilter(watch.id, 'failures', at(700));
    const after = await store.getWatch(watch.id);
    expect(after).toMatchObject({ filter: 'failures', pausedReason: null, pausedAt: null });
    expect(after?.nextPollAt).toEqual(at(700));
  });

  it('saves a cycle that kept the state as it was claimed, and one that changed it, each as written', async () => {
    const kept = (await store.addWatch(newWatch({ pipelineId: '1' }))).watch;
    const moved = (await store.addWatch(newWatch({ pipelineId: '2' }))).watch;
    const state = { fingerprint: 'f1', baselineJson: '{"run":"r1"}', pendingJson: '[]' };
    await store.claimDue({ owner: 'a', now: at(0), leaseMs: 60_000, limit: 10 });
    await store.saveProgress('a', [progressWith(kept, state), progressWith(moved, state)]);
    const claimed = await store.claimDue({ owner: 'a', now: at(10_000), leaseMs: 60_000, limit: 10 });
    const [k, m] = [kept.id, moved.id].map((id) => claimed.find((w) => w.id === id) as WatchRecord);
    expect(
      await store.saveProgress('a', [
        progressWith(k, { nextPollAt: at(20_000), errorStreak: 2 }),
        progressWith(m, { nextPollAt: at(20_000), fingerprint: 'f2', baselineJson: '{"run":"r2"}', pendingJson: null }),
      ]),
    ).toBe(2);
    expect(await store.getWatch(kept.id)).toMatchObject({ ...state, nextPollAt: at(20_000), errorStreak: 2 });
    expect(await store.getWatch(moved.id)).toMatchObject({
      fingerprint: 'f2',
      baselineJson: '{"run":"r2"}',
      pendingJson: null,
      nextPollAt: at(20_000),
      leaseOwner: null,
    });
  });

  it('removes a watch with its milestones', async () => {
    const { watch } = await store.addWatch(newWatch());
    await store.claimMilestone({ watchId: watch.id, runKey: 'r1', key: 'final' }, T0, T0);
    expect(await store.removeWatch('T1', 'C1', '1003')).toBe(true);
    expect(await store.removeWatch('T1', 'C1', '1003')).toBe(false);
    expect(await store.getMilestone({ watchId: watch.id, runKey: 'r1', key: 'final' })).toBeNull();
  });

  it('claims due, unpaused watches with their pipeline siblings, and respects the limit', async () => {
    const a = (await store.addWatch(newWatch({ pipelineId: '1', nextPollAt: at(0) }))).watch;
    const b = (await store.addWatch(newWatch({ pipelineId: '2', nextPollAt: at(5) }))).watch;
    // Not due, but on pipeline 1: comes along so one SWR request serves both.
    const a2 = (await store.addWatch(newWatch({ channelId: 'C2', pipelineId: '1', nextPollAt: at(500) }))).watch;
    const later = (await store.addWatch(newWatch({ pipelineId: '3', nextPollAt: at(500) }))).watch;
    const paused = (await store.addWatch(newWatch({ pipelineId: '4', nextPollAt: at(0) }))).watch;
    await store.claimDue({ owner: 'x', now: at(0), leaseMs: 1_000, limit: 100 }).then((rows) =>
      store.saveProgress(
        'x',
        rows
          .filter((r) => r.id === paused.id)
          .map((r) => progressWith(r, { pausedReason: 'channel_not_found', pausedAt: at(0) })),
      ),
    );
    // Everything the sweep above leased but did not save is still leased by `x` until at(1).

    const first = await store.claimDue({ owner: 'p1', now: at(10), leaseMs: 60_000, limit: 1 });
    expect(first.map((w) => w.id).sort()).toEqual([a.id, a2.id].sort());
    expect(first[0]?.leaseOwner).toBe('p1');
    expect(first[0]?.leaseUntil).toEqual(at(70));

    const second = await store.claimDue({ owner: 'p1', now: at(10), leaseMs: 60_000, limit: 10 });
    expect(second.map((w) => w.id)).toEqual([b.id]);
    expect(await store.claimDue({ owner: 'p1', now: at(20), leaseMs: 60_000, limit: 10 })).toEqual([]);
    expect(later.id).toBeGreaterThan(0);
  });

  it('keeps a lease from other owners until it runs out (SQLite: one process, so a new owner takes over)', async () => {
    const { watch } = await store.addWatch(newWatch());
    await store.claimDue({ owner: 'p1', now: at(0), leaseMs: 60_000, limit: 10 });
    const byOther = await store.claimDue({ owner: 'p2', now: at(30), leaseMs: 60_000, limit: 10 });
    if (name === 'postgres') {
      expect(byOther).toEqual([]);
      const afterExpiry = await store.claimDue({ owner: 'p2', now: at(60), leaseMs: 60_000, limit: 10 });
      expect(afterExpiry.map((w) => [w.id, w.leaseOwner])).toEqual([[watch.id, 'p2']]);
    } else {
      expect(byOther.map((w) => [w.id, w.leaseOwner])).toEqual([[watch.id, 'p2']]);
    }
    expect(await store.claimDue({ owner: 'p2', now: at(61), leaseMs: 60_000, limit: 10 })).toEqual([]);
  });

  it('saves progress and releases the lease only for rows the owner still holds', async () => {
    const { watch } = await store.addWatch(newWatch());
    const other = (await store.addWatch(newWatch({ pipelineId: '2' }))).watch;
    await store.claimDue({ owner: 'p1', now: at(0), leaseMs: 60_000, limit: 10 });
    // The cycle records the card it posts at once; its save then writes what it learnt of that card.
    const card = { cardChannel: 'C1', cardTs: '1700000000.000001', runKey: '1003@2026-03-01T09:59:00.000Z' };
    expect(await store.recordCard('p1', watch.id, { ...card, fingerprint: null, baselineJson: null })).toBe(true);
    const progress = progressWith(watch, {
      ...card,
      fingerprint: 'abc',
      baselineJson: '{"x":"中文 & <b>"}',
      pendingJson: '{"state":{"x":"中文"},"card":null}',
      cardClosed: 'edited',
      errorStreak: 2,
      errorSince: at(3),
      errorNoted: true,
      nextPollAt: at(15),
      remindedKey: 'review:2@x:reminder',
    });
    expect(await store.saveProgress('p2', [progress])).toBe(0);
    expect(await store.saveProgress('p1', [progress, progressWith(other, { nextPollAt: at(60) })])).toBe(2);
    const saved = await store.getWatch(watch.id);
    expect(saved).toEqual({
      ...watch,
      ...progress,
      leaseOwner: null,
      leaseUntil: null,
    });
    expect(await store.saveProgress('p1', [progress])).toBe(0);
    expect(await store.saveProgress('p1', [])).toBe(0);
  });

  it('saves a large batch in one call', async () => {
    for (let i = 0; i < 1_205; i += 1) await store.addWatch(newWatch({ pipelineId: String(i) }));
    const claimed = await store.claimDue({ owner: 'p1', now: at(0), leaseMs: 60_000, limit: 5_000 });
    expect(claimed).toHaveLength(1_205);
    expect(
      await store.saveProgress(
        'p1',
        claimed.map((w) => progressWith(w, { nextPollAt: at(15) })),
      ),
    ).toBe(1_205);
    expect(await store.claimDue({ owner: 'p1', now: at(14), leaseMs: 60_000, limit: 5_000 })).toEqual([]);
    expect(await store.claimDue({ owner: 'p1', now: at(15), leaseMs: 60_000, limit: 5_000 })).toHaveLength(1_205);
  });

  it('records a card only for the holder of the lease, and clears what an earlier card still owed', async () => {
    const { watch } = await store.addWatch(newWatch());
    const card = { cardChannel: 'C1', cardTs: '1.2', runKey: 'r1', fingerprint: 'f', baselineJson: '{"s":1}' };
    // Nobody holds it: nobody may write its card.
    expect(await store.recordCard('p1', watch.id, card)).toBe(false);
    expect(await store.getWatch(watch.id)).toMatchObject({ cardTs: null, runKey: null });

    await store.claimDue({ owner: 'p1', now: at(0), leaseMs: 60_000, limit: 10 });
    expect(await store.recordCard('p2', watch.id, card)).toBe(false);
    expect(await store.recordCard('p1', watch.id, card)).toBe(true);
    expect(await store.getWatch(watch.id)).toMatchObject({ ...card, leaseOwner: 'p1' });

    // What the old card's run owed and how it was closed go with it when a new run's card is recorded.
    const held = (await store.getWatch(watch.id)) as WatchRecord;
    await store.saveProgress('p1', [progressWith(held, { pendingJson: '{"p":1}', cardClosed: 'edited' })]);
    await store.claimDue({ owner: 'p1', now: at(0), leaseMs: 60_000, limit: 10 });
    expect(await store.recordCard('p1', watch.id, { ...card, cardTs: '1.9', runKey: 'r2' })).toBe(true);
    expect(await store.getWatch(watch.id)).toMatchObject({
      cardTs: '1.9',
      runKey: 'r2',
      pendingJson: null,
      cardClosed: null,
    });
  });

  it('refuses the writes of a cycle whose lease another owner took over', async () => {
    const { watch } = await store.addWatch(newWatch());
    const [stale] = await store.claimDue({ owner: 'slow', now: at(0), leaseMs: 60_000, limit: 10 });
    // SQLite voids another owner's lease at once; PostgreSQL once it has run out.
    const takeover = name === 'sqlite' ? at(1) : at(61);
    const [taken] = await store.claimDue({ owner: 'taker', now: takeover, leaseMs: 60_000, limit: 10 });
    expect(taken?.leaseOwner).toBe('taker');
    const card = { cardChannel: 'C1', cardTs: '1.2', runKey: 'r1', fingerprint: 'f', baselineJson: '{}' };
    expect(await store.recordCard('slow', watch.id, card)).toBe(false);
    expect(
      await store.saveProgress('slow', [progressWith(stale as WatchRecord, { ...card, nextPollAt: at(99) })]),
    ).toBe(0);
    expect(await store.getWatch(watch.id)).toMatchObject({ cardTs: null, leaseOwner: 'taker' });
  });

  it('claims one watch, due or not, unless it is paused, gone or held', async () => {
    const { watch } = await store.addWatch(newWatch({ nextPollAt: at(600) }));
    const sibling = (await store.addWatch(newWatch({ channelId: 'C2', nextPollAt: at(0) }))).watch;
    const claimed = await store.claimWatch({ owner: 'p1', watchId: watch.id, now: at(0), leaseMs: 60_000 });
    expect(claimed).toMatchObject({ id: watch.id, leaseOwner: 'p1', leaseUntil: at(60) });
    // Its pipeline's other watch does not come along.
    expect(await store.getWatch(sibling.id)).toMatchObject({ leaseOwner: null });
    // Held: by its own owner everywhere; by another owner, on PostgreSQL, until the lease runs out.
    expect(await store.claimWatch({ owner: 'p1', watchId: watch.id, now: at(30), leaseMs: 60_000 })).toBeNull();
    const byOther = await store.claimWatch({ owner: 'p2', watchId: watch.id, now: at(30), leaseMs: 60_000 });
    expect(byOther?.leaseOwner ?? null).toBe(name === 'sqlite' ? 'p2' : null);
    const owner = name === 'sqlite' ? 'p2' : 'p1';
    expect(await store.claimWatch({ owner, watchId: watch.id, now: at(90), leaseMs: 60_000 })).toMatchObject({
      leaseOwner: owner,
    });
    // A claimed watch is not claimed again by `claimDue` of the same owner.
    expect((await store.claimDue({ owner, now: at(90), leaseMs: 60_000, limit: 10 })).map((w) => w.id)).toEqual([
      sibling.id,
    ]);

    await store.saveProgress(owner, [progressWith(watch, { pausedReason: 'is_archived', pausedAt: at(90) })]);
    expect(await store.claimWatch({ owner: 'p3', watchId: watch.id, now: at(1_000), leaseMs: 60_000 })).toBeNull();
    expect(await store.claimWatch({ owner: 'p3', watchId: 999_999, now: at(1_000), leaseMs: 60_000 })).toBeNull();
  });

  it('claims a milestone key once, takes over a stale sending, and records sent / unconfirmed', async () => {
    const { watch } = await store.addWatch(newWatch());
    const key = { watchId: watch.id, runKey: 'r1', key: 'stage:0@x:started' };
    expect(await store.claimMilestone(key, at(0), at(-60))).toBe('claimed');
    expect(await store.claimMilestone(key, at(1), at(-59))).toBe('sending');
    // A `sending` older than `staleBefore` was left by a crash: the caller may post it again.
    expect(await store.claimMilestone(key, at(90), at(30))).toBe('claimed');
    expect(await store.claimMilestone(key, at(91), at(31))).toBe('sending');

    await store.markMilestone(key, { status: 'sent', messageTs: '1.3', threadTs: '1.2' }, at(92));
    expect(await store.claimMilestone(key, at(200), at(200))).toBe('sent');
    expect(await store.getMilestone(key)).toEqual({
      ...key,
      status: 'sent',
      messageTs: '1.3',
      threadTs: '1.2',
      updatedAt: at(92),
    });
    await store.releaseMilestone(key);
    expect(await store.getMilestone(key)).not.toBeNull();

    const timedOut = { ...key, key: 'final@x' };
    await store.claimMilestone(timedOut, at(0), at(0));
    await store.markMilestone(timedOut, { status: 'unconfirmed' }, at(1));
    expect(await store.claimMilestone(timedOut, at(500), at(500))).toBe('unconfirmed');

    const limited = { ...key, key: 'stage:1@x:started' };
    await store.claimMilestone(limited, at(0), at(0));
    await store.releaseMilestone(limited);
    expect(await store.getMilestone(limited)).toBeNull();
    expect(await store.claimMilestone(limited, at(1), at(0))).toBe('claimed');
  });

  it('prunes the milestones of earlier runs', async () => {
    const { watch } = await store.addWatch(newWatch());
    await store.claimMilestone({ watchId: watch.id, runKey: 'r1', key: 'final' }, T0, T0);
    await store.claimMilestone({ watchId: watch.id, runKey: 'r2', key: 'card' }, T0, T0);
    await store.pruneMilestones(watch.id, 'r2');
    expect(await store.getMilestone({ watchId: watch.id, runKey: 'r1', key: 'final' })).toBeNull();
    expect(await store.getMilestone({ watchId: watch.id, runKey: 'r2', key: 'card' })).not.toBeNull();
  });

  it('answers each of many milestone and card writes made at once on its own (one bad key fails only itself)', async () => {
    const watches: WatchRecord[] = [];
    for (let i = 0; i < 20; i += 1) watches.push((await store.addWatch(newWatch({ pipelineId: String(i) }))).watch);
    await store.claimDue({ owner: 'p1', now: at(0), leaseMs: 60_000, limit: 100 });
    const keys = watches.map((w) => ({ watchId: w.id, runKey: 'r1', key: 'card' }));
    const gone = { watchId: 999_999, runKey: 'r1', key: 'card' };
    const [first, second, ...rest] = await Promise.allSettled([
      store.claimMilestone(keys[0] as (typeof keys)[0], at(0), at(-60)),
      store.claimMilestone(keys[0] as (typeof keys)[0], at(0), at(-60)),
      store.claimMilestone(gone, at(0), at(-60)),
      ...keys.slice(1).map((k) => store.claimMilestone(k, at(0), at(-60))),
    ]);
    // The same key asked twice at once: one caller posts, the other sees it in flight.
    expect([first, second].map((r) => (r.status === 'fulfilled' ? r.value : r.reason)).sort()).toEqual([
      'claimed',
      'sending',
    ]);
    expect(rest.slice(1).map((r) => r.status === 'fulfilled' && r.value)).toEqual(keys.slice(1).map(() => 'claimed'));

    await Promise.all(
      keys.map((k, i) => store.markMilestone(k, { status: 'sent', messageTs: `1.${i}`, threadTs: null }, at(1))),
    );
    for (const [i, k] of keys.entries()) expect(await store.getMilestone(k)).toMatchObject({ messageTs: `1.${i}` });

    const card = (i: number) => ({
      cardChannel: 'C1',
      cardTs: `2.${i}`,
      runKey: 'r2',
      fingerprint: null,
      baselineJson: null,
    });
    const recorded = await Promise.all(
      watches.map((w, i) => store.recordCard(i % 2 === 0 ? 'p1' : 'p2', w.id, card(i))),
    );
    expect(recorded).toEqual(watches.map((_, i) => i % 2 === 0));
    for (const [i, w] of watches.entries()) {
      expect((await store.getWatch(w.id))?.cardTs).toBe(i % 2 === 0 ? `2.${i}` : null);
    }

    await Promise.all(watches.map((w, i) => store.pruneMilestones(w.id, i < 10 ? 'r2' : 'r1')));
    for (const [i, k] of keys.entries()) expect((await store.getMilestone(k)) === null).toBe(i < 10);
    await Promise.all(keys.map((k) => store.releaseMilestone(k)));
    expect(await store.getMilestone(keys[15] as (typeof keys)[0])).not.toBeNull();
  });

  it.runIf(name === 'postgres')(
    'answers `claimed` only with the key recorded, even if it is released meanwhile',
    async () => {
      const { watch } = await store.addWatch(newWatch());
      const key = { watchId: watch.id, runKey: 'r1', key: 'stage:0@x:started' };
      expect(await store.claimMilestone(key, at(0), at(-60))).toBe('claimed');
      // Another connection holds the (stale) `sending` row while this claim tries to take it over, then deletes it
      // (its owner released it after a 429) before the claim reads the row back.
      const other = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await other.connect();
      try {
        const table = `"${backend.schema}".milestones`;
        await other.query('BEGIN');
        await other.query(`SELECT 1 FROM ${table} WHERE watch_id = $1 FOR UPDATE`, [watch.id]);
        const claim = store.claimMilestone(key, at(100), at(40));
        for (;;) {
          const blocked = await other.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))',
            [(await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid],
          );
          if ((blocked.rows[0]?.n ?? 0) > 0) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
        await other.query(`DELETE FROM ${table} WHERE watch_id = $1`, [watch.id]);
        await other.query('COMMIT');
        expect(await claim).toBe('claimed');
        expect(await store.getMilestone(key)).toMatchObject({ status: 'sending', updatedAt: at(100) });
      } finally {
        await other.end();
      }
    },
  );

  it.runIf(name === 'postgres')(
    'commits two writes of one key in the order they were made, even with an earlier one held up',
    async () => {
      const { watch } = await store.addWatch(newWatch());
      const held = { watchId: watch.id, runKey: 'r1', key: 'stage:0@x:started' };
      const key = { watchId: watch.id, runKey: 'r1', key: 'final@x' };
      await store.claimMilestone(held, at(0), at(-60));
      await store.claimMilestone(key, at(0), at(-60));
      // Another connection holds `held`, so the first statement (marking `held` and `key`) waits on it.
      const other = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await other.connect();
      try {
        const table = `"${backend.schema}".milestones`;
        await other.query('BEGIN');
        await other.query(`SELECT 1 FROM ${table} WHERE watch_id = $1 AND milestone_key = $2 FOR UPDATE`, [
          watch.id,
          held.key,
        ]);
        const ourPid = (await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
        const first = Promise.all([
          store.markMilestone(held, { status: 'sent', messageTs: '1.0', threadTs: null }, at(1)),
          store.markMilestone(key, { status: 'sent', messageTs: '1.1', threadTs: null }, at(1)),
        ]);
        for (;;) {
          const blocked = await other.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))',
            [ourPid],
          );
          if ((blocked.rows[0]?.n ?? 0) > 0) break;
          await new Promise((resolve) => setImmediate(resolve));
        }
        // The later write of `key`, while the first is still on its way; given time to overtake it if it could.
        const later = store.markMilestone(key, { status: 'sent', messageTs: '1.2', threadTs: null }, at(2));
        await new Promise((resolve) => setTimeout(resolve, 200));
        await other.query('COMMIT');
        await Promise.all([first, later]);
        expect(await store.getMilestone(key)).toMatchObject({ messageTs: '1.2', updatedAt: at(2) });
      } finally {
        await other.end();
      }
    },
  );

  it.runIf(name === 'postgres')('splits due work between replicas claiming at the same time', async () => {
    for (let i = 0; i < 300; i += 1) await store.addWatch(newWatch({ pipelineId: String(i) }));
    const replicas = [store, await backend.open(), await backend.open()];
    try {
      const batches = await Promise.all(
        replicas.map((r, i) => r.claimDue({ owner: `p${i}`, now: at(0), leaseMs: 60_000, limit: 120 })),
      );
      const ids = batches.flat().map((w) => w.id);
      expect(new Set(ids).size).toBe(ids.length);
      const rest = await store.claimDue({ owner: 'p9', now: at(0), leaseMs: 60_000, limit: 1_000 });
      expect(ids.length + rest.length).toBe(300);
    } finally {
      await replicas[1]?.close();
      await replicas[2]?.close();
    }
  });
});
