/** Group commit (src/store/grouped-statement.ts): the limit on statements in flight holds for retries too. */
import { describe, expect, it } from 'vitest';
import { groupedStatement } from '../../src/store/grouped-statement.js';

describe('groupedStatement', () => {
  it('sends the calls of a failed group again one by one, never more statements at once than maxInFlight', async () => {
    let inFlight = 0;
    let most = 0;
    const sent: number[][] = [];
    const write = groupedStatement<number, number>(
      async (items) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        sent.push([...items]);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight -= 1;
        // One bad item fails any statement it is in, as a bad row fails a set-based statement.
        if (items.includes(13)) throw new Error('bad row');
        return items.map((i) => i * 2);
      },
      { keyOf: String, maxItems: 50, maxInFlight: 2 },
    );
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => write(i)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual(
      Array.from({ length: 40 }, (_, i) => (i === 13 ? 'failed' : i * 2)),
    );
    expect(sent[0]).toHaveLength(40);
    expect(sent.slice(1).every((s) => s.length === 1)).toBe(true);
    expect(most).toBeLessThanOrEqual(2);
  });
});
