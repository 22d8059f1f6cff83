import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchStore } from '../../src/store/types.js';
import type { MonotonicClock } from '../../src/watch/monotonic-clock.js';
import type { Poller, TickStats } from '../../src/watch/poller.js';
import type { WatchSlack } from '../../src/watch/slack-delivery.js';
import { pid } from '../helpers/pipeline-id.js';
import { postgresBackend, type StoreBackend } from '../store/store-backends.js';
import { at, type Harness, RUN_START, startHarness, TEAM, texts } from './harness.js';
import { threeStage } from './raw-pipeline.js';

/** A promise and the function that resolves it: holds one step of a race until the test lets it go. */
function signal(): { wait: Promise<void>; fire: () => void } {
  let fire = (): void => {};
  const wait = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { wait, fire };
}

const PIPELINES = Array.from({ length: 20 }, (_, i) => 3000 + i);
const CHANNELS = Array.from({ length: 10 }, (_, i) => `C0REPL${String(i).padStart(3, '0')}`);
const LEASE_SECONDS = 60;

describe('three pollers on one PostgreSQL database', () => {
  let backend: StoreBackend;
  let stores: WatchStore[];
  let h: Harness;
  let pollers: Poller[];
  let t = 0;

  beforeAll(async () => {
    backend = postgresBackend();
    stores = [await backend.open(), await backend.open(), await backend.open(), await backend.open()];
    const [serviceStore] = stores as [WatchStore];
    h = await startHarness(serviceStore);
    pollers = stores
      .slice(1)
      .map((store, i) => h.poller({ store, owner: `replica-${i}`, leaseSeconds: LEASE_SECONDS }));
  });
  afterAll(async () => {
    await h.close();
    for (const s of stores) await s.close();
    await backend.destroy();
  });

  const setAll = (point: Parameters<typeof threeStage>[2]): void => {
    for (const id of PIPELINES) h.setPipeline(id, threeStage(id, RUN_START, point));
  };

  /** Ticks `active` pollers together, a second apart, until none of them finds due work. */
  async function settle(active: Poller[]): Promise<number[]> {
    const claimed = active.map(() => 0);
    for (let round = 0; round < 120; round += 1) {
      const stats = await Promise.all(active.map((p) => p.tick(at(t))));
      stats.forEach((s, i) => {
        claimed[i] = (claimed[i] ?? 0) + s.claimed;
      });
      t += 1;
      if (stats.every((s) => s.claimed === 0)) return claimed;
    }
    throw new Error('pollers did not settle');
  }

  /** Thread posts per card ts. */
  const postsByCard = (): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    for (const c of h.threadPosts()) {
      const ts = String(c.body.thread_ts);
      out.set(ts, [...(out.get(ts) ?? []), String(c.body.text)]);
    }
    return out;
  };

  it('post every milestone exactly once, share the work, and take over a dead replica after its lease', async () => {
    setAll('building');
    // A second between two watches: the first card of each goes at the channel's pace like every other post.
    let created = -CHANNELS.length * PIPELINES.length;
    const service = h.service({ now: () => at(created++) });
    for (const channelId of CHANNELS) {
      for (const id of PIPELINES) await service.watch({ teamId: TEAM, channelId, pipelineId: pid(id), userId: 'U1' });
    }
    expect(h.cardPosts()).toHaveLength(200);
    const cards: string[] = [];
    for (const channelId of CHANNELS) {
      for (const w of (await stores[0]?.listWatches(TEAM, channelId)) ?? []) cards.push(String(w.cardTs));
    }
    expect(new Set(cards).size).toBe(200);

    setAll('review');
    t += 301;
    const split = await settle(pollers);
    // Every replica got a share (watches held back by a channel's pace are claimed again a second later).
    expect(split.every((n) => n > 0)).toBe(true);
    expect(split.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200);

    setAll('approved_by_alice');
    t += 301;
    await settle(pollers);

    // Replica 3 claims a share of the due watches and dies before saving anything: no release.
    setAll('deploying');
    t += 301;
    const [, , dead] = stores as [WatchStore, WatchStore, WatchStore, WatchStore];
    const orphaned = await dead.claimDue({ owner: 'replica-2', now: at(t), leaseMs: LEASE_SECONDS * 1000, limit: 30 });
    expect(orphaned.length).toBeGreaterThanOrEqual(30);
    const survivors = pollers.slice(0, 2);
    const leaseEnd = t + LEASE_SECONDS;
    await settle(survivors);
    const before = postsByCard();
    const orphanCount = (ts: string | null) => before.get(String(ts))?.length ?? 0;
    // Within the lease, the orphaned watches are untouched: still three posts (build, review asked, alice).
    expect(orphaned.every((w) => orphanCount(w.cardTs) === 3)).toBe(true);

    t = Math.max(t, leaseEnd);
    const taken = await settle(survivors);
    expect(taken.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(orphaned.length);

    setAll('succeeded');
    t += 301;
    await settle(survivors);

    const posts = postsByCard();
    expect([...posts.keys()].sort()).toEqual([...cards].sort());
    for (const [ts, texts] of posts) {
      expect(new Set(texts).size, `duplicates under card ${ts}`).toBe(texts.length);
      expect(texts).toHaveLength(7);
    }
    expect(h.threadPosts()).toHaveLength(1400);
    expect(h.cardPosts()).toHaveLength(200);
    // 1,400 posts through three pollers and PostgreSQL: ~10 s on an idle 2-core machine, 20–40 s under load.
  }, 90_000);
});

describe('a replica still working after its lease ran out', () => {
  let backend: StoreBackend;
  let stores: WatchStore[];
  let h: Harness;

  beforeAll(async () => {
    backend = postgresBackend();
    stores = [await backend.open(), await backend.open()];
    h = await startHarness(stores[0] as WatchStore);
  });
  afterAll(async () => {
    await h.close();
    for (const s of stores) await s.close();
    await backend.destroy();
  });

  it('does not have its in-flight milestone posted again by the replica that took the watch over', async () => {
    const ID = 1003;
    h.setPipeline(ID, threeStage(ID, RUN_START, 'building'));
    await h.service().watch({ teamId: TEAM, channelId: 'C0SLOW001', pipelineId: pid(ID), userId: 'U1' });
    const taker = h.poller({ store: stores[1], owner: 'taker', leaseSeconds: LEASE_SECONDS });
    // The slow replica's tick claims at 15 s; by the time it posts the first milestone a lease and more has passed
    // (its edit "took" 61 s), and the other replica takes the watch over while that post is in flight.
    let elapsed = 0;
    const slowClock: MonotonicClock = { now: () => elapsed };
    let overtaken = false;
    const slowSlack: WatchSlack = {
      update: async (args) => {
        elapsed += (LEASE_SECONDS + 1) * 1000;
        return h.client.update(args);
      },
      postMessage: async (args) => {
        if (!overtaken) {
          overtaken = true;
          expect((await taker.tick(at(15 + LEASE_SECONDS + 1))).claimed).toBe(1);
        }
        return h.client.postMessage(args);
      },
    };
    const slow = h.poller({ owner: 'slow', leaseSeconds: LEASE_SECONDS, clock: slowClock, slack: slowSlack });
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    await slow.tick(at(15));
    for (const t of [120, 240]) await taker.tick(at(t));
    expect(texts(h.threadPosts())).toEqual([
      '✅ *Build* succeeded in 2 min',
      '✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*',
    ]);
  });

  it('stores whole milliseconds when time inside a tick is fractional (as performance.now() is)', async () => {
    const ID = 1004;
    h.setPipeline(ID, threeStage(ID, RUN_START, 'building'));
    await h.service().watch({ teamId: TEAM, channelId: 'C0FRAC001', pipelineId: pid(ID), userId: 'U1' });
    let ticks = 0;
    const fractional: MonotonicClock = { now: () => (ticks += 0.3777) };
    const poller = h.poller({
      store: stores[1],
      owner: 'fractional',
      leaseSeconds: LEASE_SECONDS,
      clock: fractional,
    });
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    const stats = await poller.tick(at(15));
    expect(stats.errors).toBe(0);
    expect(texts(h.threadPosts().filter((c) => c.body.channel === 'C0FRAC001'))).toEqual([
      '✅ *Build* succeeded in 2 min',
      '✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*',
    ]);
  });
});

describe('a new watch woken on two replicas at once', () => {
  let backend: StoreBackend;
  let stores: WatchStore[];
  let h: Harness;

  beforeAll(async () => {
    backend = postgresBackend();
    stores = [await backend.open(), await backend.open()];
    h = await startHarness(stores[0] as WatchStore);
  });
  afterAll(async () => {
    await h.close();
    for (const s of stores) await s.close();
    await backend.destroy();
  });

  const [A, B] = [0, 1];
  const replica = (i: number) => h.poller({ store: stores[i], owner: `replica-${i}`, leaseSeconds: LEASE_SECONDS });
  const cardsIn = (channel: string) => h.cardPosts().filter((c) => c.body.channel === channel);

  it('posts one card: one replica claims the watch, the other is told another cycle holds it', async () => {
    const ID = 1005;
    h.setPipeline(ID, threeStage(ID, RUN_START, 'building'));
    const { watch } = await (stores[A] as WatchStore).addWatch({
      teamId: TEAM,
      channelId: 'C0BOTH001',
      pipelineId: String(ID),
      filter: 'changes',
      createdBy: 'U1',
      now: at(0),
      nextPollAt: at(0),
    });
    const pipeline = await h.backend.getRun(pid(ID));
    const pollers = [replica(A), replica(B)];
    const woken = await Promise.all(pollers.map((p) => p.runNow(watch.id, { now: at(0), pipeline })));
    expect(woken.map((w) => w.kind).sort()).toEqual(['not_claimed', 'ran']);
    expect(cardsIn('C0BOTH001')).toHaveLength(1);
    // Both replicas tick on: still the one card, edited in place when the pipeline moves.
    h.setPipeline(ID, threeStage(ID, RUN_START, 'review'));
    for (const t of [15, 75]) await Promise.all(pollers.map((p) => p.tick(at(t))));
    expect(cardsIn('C0BOTH001')).toHaveLength(1);
    expect(texts(h.threadPosts().filter((c) => c.body.channel === 'C0BOTH001'))).toEqual([
      '✅ *Build* succeeded in 2 min',
      '✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*',
    ]);
  });

  it('leaves a new watch that another replica’s tick holds to that tick: one card', async () => {
    const ID = 1006;
    h.setPipeline(ID, threeStage(ID, RUN_START, 'building'));
    // Replica A's tick claims the watch the moment it is added (due at once) and then reads the pipeline slowly.
    const { wait: reading, fire: reachedRead } = signal();
    const { wait: gate, fire: openGate } = signal();
    const slowTicking = h.poller({
      store: stores[A],
      owner: 'replica-0',
      leaseSeconds: LEASE_SECONDS,
      backend: {
        ...h.backend,
        getRun: async (id) => {
          reachedRead();
          await gate;
          return h.backend.getRun(id);
        },
      },
    });
    let tick: Promise<TickStats> | null = null;
    const replicaB = stores[B] as WatchStore;
    const addThenTick: WatchStore = {
      ...replicaB,
      addWatch: async (input) => {
        const added = await replicaB.addWatch(input);
        tick = slowTicking.tick(input.now);
        await reading;
        return added;
      },
    };
    const answer = await h
      .service({ store: addThenTick, poller: replica(B), now: () => at(0) })
      .watch({ teamId: TEAM, channelId: 'C0BOTH002', pipelineId: pid(ID), userId: 'U1' });
    // Replica B's wake found the watch held: the person is told the card is coming, and B posts nothing.
    expect(JSON.stringify(answer.blocks)).toContain('The card will appear here within a minute.');
    expect(cardsIn('C0BOTH002')).toHaveLength(0);
    openGate();
    expect(await (tick as Promise<TickStats> | null)).toMatchObject({ claimed: 1, posts: 1 });
    expect(cardsIn('C0BOTH002')).toHaveLength(1);
    for (const t of [15, 30]) await Promise.all([replica(A).tick(at(t)), replica(B).tick(at(t))]);
    expect(cardsIn('C0BOTH002')).toHaveLength(1);
  });

  it('two people starting the same watch on two replicas get one watch and one card', async () => {
    const ID = 1007;
    h.setPipeline(ID, threeStage(ID, RUN_START, 'building'));
    const services = [A, B].map((i) =>
      h.service({ store: stores[i] as WatchStore, poller: replica(i), now: () => at(0) }),
    );
    const answers = await Promise.all(
      services.map((s) => s.watch({ teamId: TEAM, channelId: 'C0BOTH003', pipelineId: pid(ID), userId: 'U1' })),
    );
    const said = answers.map((a) => a.text).sort();
    expect(said[0]).toContain('already watches');
    expect(said[1]).toContain('This channel now gets one live card');
    expect(cardsIn('C0BOTH003')).toHaveLength(1);
    expect(await (stores[A] as WatchStore).listWatches(TEAM, 'C0BOTH003')).toHaveLength(1);
  });
});
