/**
 * A tick's batches, overlapped so the poller never waits a database round trip between them: a batch's save goes
 * with the next batch's work (their rows are disjoint: unsaved rows are still leased, or locked by the save), and
 * once a batch has shown the batches to be quick next to the lease, the next one is claimed while this one runs.
 * A batch claimed ahead waits one batch before it runs, so claiming ahead only while a batch takes under a quarter
 * of the lease leaves it at least three quarters of its lease to run in; slow batches (a slow backend) are claimed
 * when their turn comes, each with a whole lease.
 */
import type { MonotonicClock } from './monotonic-clock.js';

/** What the loop runs: claim a batch (empty: none due), run it, save its results. */
export interface BatchSteps<B, R> {
  claim(): Promise<B | null>;
  run(batch: B): Promise<R>;
  save(results: R): Promise<unknown>;
}

/** Runs batches until `claim` finds none. A failure ends the loop; the watches of a batch claimed ahead then wait
 * out their lease, as the failed batch's do. */
export async function runBatches<B, R>(steps: BatchSteps<B, R>, clock: MonotonicClock, leaseMs: number): Promise<void> {
  let saving: Promise<unknown> = Promise.resolve();
  let batchMs = Number.POSITIVE_INFINITY;
  let claiming: Promise<B | null> | null = steps.claim();
  for (;;) {
    const batch = await (claiming ?? steps.claim());
    if (batch === null) break;
    const started = clock.now();
    claiming = batchMs < leaseMs / 4 ? steps.claim() : null;
    // Awaited at the next turn; until then a failure must not count as unhandled.
    claiming?.catch(() => {});
    const results = await steps.run(batch);
    batchMs = clock.now() - started;
    await saving;
    saving = steps.save(results);
    saving.catch(() => {});
  }
  await saving;
}
