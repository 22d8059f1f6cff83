/**
 * Review reminders (and a workspace's watches, which reviews are looked up in) on both stores: a reviewer is reminded of one review once per window, whoever asks — the same
 * process, a restart (a new connection to the same database) or a second replica asking at the same moment.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMINDER_PRUNE_BATCH } from '../../src/store/review-reminders.js';
import type { ReviewReminderClaim, WatchStore } from '../../src/store/types.js';
import { BACKENDS, type StoreBackend, TEST_DATABASE_URL } from './store-backends.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const minutes = (n: number): Date => new Date(T0.getTime() + n * 60_000);
const WINDOW = 60;

const claim = (over: Partial<ReviewReminderClaim> & { at: number }): ReviewReminderClaim => ({
  teamId: 'T1',
  pipelineId: '29501',
  reviewRef: '29501@2026-03-01T09:00:00.000Z#3',
  reviewer: 'bob',
  now: minutes(over.at),
  remindAgainBefore: minutes(over.at - WINDOW),
  ...over,
});

describe.each(BACKENDS)('review reminders: $name', ({ make }) => {
  let backend: StoreBackend;
  let first: WatchStore;
  beforeAll(async () => {
    backend = make();
    first = await backend.open();
  });
  afterAll(async () => {
    await first.close();
    await backend.destroy();
  });

  it('claims a reminder once per window, per reviewer, per review, per workspace, across a reopen', async () => {
    expect(await first.claimReviewReminder(claim({ at: 0 }))).toBe(true);
    expect(await first.claimReviewReminder(claim({ at: 1 }))).toBe(false);
    // Another reviewer, another review (a new run), another workspace: each its own reminder.
    expect(await first.claimReviewReminder(claim({ at: 1, reviewer: 'carol' }))).toBe(true);
    expect(await first.claimReviewReminder(claim({ at: 1, reviewRef: '29501@later#3' }))).toBe(true);
    expect(await first.claimReviewReminder(claim({ at: 1, teamId: 'T2' }))).toBe(true);

    const restarted = await backend.open();
    try {
      expect(await restarted.claimReviewReminder(claim({ at: 59 }))).toBe(false);
      expect(await restarted.claimReviewReminder(claim({ at: 61 }))).toBe(true);
      expect(await first.claimReviewReminder(claim({ at: 62 }))).toBe(false);
    } finally {
      await restarted.close();
    }
  });

  /** The reminders stored, read on a connection of the test's own. */
  async function storedReminders(): Promise<number> {
    if (backend.path) {
      const db = new Database(backend.path, { readonly: true });
      try {
        return Number((db.prepare('SELECT COUNT(*) AS n FROM review_reminders').get() as { n: number }).n);
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      return Number((await client.query(`SELECT COUNT(*) AS n FROM "${backend.schema}".review_reminders`)).rows[0].n);
    } finally {
      await client.end();
    }
  }

  it('deletes reminders older than the window as it claims, a bounded batch per claim', async () => {
    const old = 2 * REMINDER_PRUNE_BATCH + 10;
    for (let i = 0; i < old; i += 1) {
      expect(await first.claimReviewReminder(claim({ at: 1_000, reviewer: `old-${i}` }))).toBe(true);
    }
    // The first of these deleted the earlier test's reminders (fewer than a batch), long out of the window.
    expect(await storedReminders()).toBe(old);
    // A window later, each claim deletes at most a batch of the old ones.
    expect(await first.claimReviewReminder(claim({ at: 2_000, reviewer: 'new-0' }))).toBe(true);
    expect(await storedReminders()).toBe(old - REMINDER_PRUNE_BATCH + 1);
    for (let i = 1; i < 5; i += 1) await first.claimReviewReminder(claim({ at: 2_000, reviewer: `new-${i}` }));
    expect(await storedReminders()).toBe(5);
    // A reminder within the window still counts.
    expect(await first.claimReviewReminder(claim({ at: 2_001, reviewer: 'new-0' }))).toBe(false);
  });

  it('lists a workspace’s watches across its channels, oldest first, at most the limit', async () => {
    const add = (teamId: string, channelId: string, pipelineId: string) =>
      first.addWatch({ teamId, channelId, pipelineId, filter: 'changes', createdBy: 'U1', now: T0, nextPollAt: T0 });
    await add('T9', 'C1', '1');
    await add('T9', 'C2', '2');
    await add('T8', 'C1', '3');
    await add('T9', 'C3', '4');
    expect((await first.listTeamWatches('T9', 10)).map((w) => w.pipelineId)).toEqual(['1', '2', '4']);
    expect((await first.listTeamWatches('T9', 2)).map((w) => w.pipelineId)).toEqual(['1', '2']);
  });

  it('two replicas asking at the same moment: exactly one gets it', async () => {
    const second = await backend.open();
    try {
      const same = claim({ at: 500, reviewer: 'dave' });
      const results = await Promise.all([first.claimReviewReminder(same), second.claimReviewReminder(same)]);
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('gives back a claim whose DM was refused, and only that claim', async () => {
    const given = claim({ at: 9_000, reviewer: 'erin' });
    expect(await first.claimReviewReminder(given)).toBe(true);
    await first.releaseReviewReminder(given);
    expect(await first.claimReviewReminder(claim({ at: 9_001, reviewer: 'erin' }))).toBe(true);
    // A release of the earlier claim leaves the later one in force.
    await first.releaseReviewReminder(given);
    expect(await first.claimReviewReminder(claim({ at: 9_002, reviewer: 'erin' }))).toBe(false);
  });
});
