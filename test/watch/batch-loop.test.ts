import { describe, expect, it } from 'vitest';
import { runBatches } from '../../src/watch/batch-loop.js';
import type { MonotonicClock } from '../../src/watch/monotonic-clock.js';

/** Runs `batches` batches through `runBatches`, each run taking `runMs` of the clock; the order things happened. */
async function trace(batches: number, runMs: number, leaseMs: number): Promise<string[]> {
  let now = 0;
  const clock: MonotonicClock = { now: () => now };
  const events: string[] = [];
  let claimed = 0;
  await runBatches(
    {
      claim: async () => {
        claimed += 1;
        events.push(`claim ${claimed}`);
        return claimed <= batches ? claimed : null;
      },
      run: async (batch) => {
        events.push(`run ${batch}`);
        await new Promise((resolve) => setImmediate(resolve));
        now += runMs;
        events.push(`ran ${batch}`);
        return batch;
      },
      save: async (batch) => {
        events.push(`save ${batch}`);
        await new Promise((resolve) => setImmediate(resolve));
        events.push(`saved ${batch}`);
      },
    },
    clock,
    leaseMs,
  );
  events.push('done');
  return events;
}

describe('the batch loop', () => {
  it('claims the next batch while one runs once a batch has shown them quick next to the lease', async () => {
    const events = await trace(3, 1_000, 60_000);
    // The first batch's length is not known yet: the second is claimed after it.
    expect(events.indexOf('claim 2')).toBeGreaterThan(events.indexOf('ran 1'));
    // Then each is claimed while the one before runs.
    expect(events.indexOf('claim 3')).toBeLessThan(events.indexOf('ran 2'));
    expect(events.indexOf('claim 4')).toBeLessThan(events.indexOf('ran 3'));
    expect(events.filter((e) => e.startsWith('claim'))).toHaveLength(4);
  });

  it('claims each slow batch only when its turn comes, so it has a whole lease to run in', async () => {
    const events = await trace(3, 15_000, 60_000);
    const claims = events.filter((e) => e.startsWith('claim') || e.startsWith('ran'));
    expect(claims).toEqual(['claim 1', 'ran 1', 'claim 2', 'ran 2', 'claim 3', 'ran 3', 'claim 4']);
  });

  it('saves each batch with the next one running, one save at a time, all saved before it returns', async () => {
    const events = await trace(3, 1_000, 60_000);
    expect(events.indexOf('save 1')).toBeLessThan(events.indexOf('run 2'));
    expect(events.indexOf('save 2')).toBeGreaterThan(events.indexOf('saved 1'));
    expect(events.at(-2)).toBe('saved 3');
  });

  it('ends at a failure, and a batch claimed ahead that fails is not reported unhandled', async () => {
    let claimed = 0;
    const run = runBatches(
      {
        claim: async () => {
          claimed += 1;
          if (claimed === 3) throw new Error('database gone');
          return claimed;
        },
        run: async (batch) => {
          if (batch === 2) throw new Error('backend gone');
          return batch;
        },
        save: async () => undefined,
      },
      { now: () => 0 },
      60_000,
    );
    await expect(run).rejects.toThrow('backend gone');
    expect(claimed).toBe(3);
  });
});
