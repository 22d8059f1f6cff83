/**
 * Group commit for single-row writes: calls made while the previous statement of their kind is on its way are
 * sent together as one set-based statement (`… FROM unnest($1::…[], …)`), so N concurrent calls cost one round trip
 * and one commit instead of N. Each call still resolves with its own result once its statement has committed, so
 * callers see the contract of the single-row method. Two calls for the same row never share a statement (the
 * later one waits for the next), so a statement never meets one row twice and their order is kept.
 */

/** Runs one group: `items` in call order, no two with the same key; returns one result per item, in order. */
export type GroupRunner<I, O> = (items: readonly I[]) => Promise<readonly O[]>;

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

/** Options of a grouped statement. */
export interface GroupOptions<I> {
  /** The row a call writes: calls with equal keys go in separate statements. */
  keyOf: (item: I) => string;
  /** Most items per statement. */
  maxItems: number;
  /** Statements of this kind on their way at once (the pool's other connections stay free for other queries). */
  maxInFlight: number;
}

/** A function that takes one item and resolves with its result, sending items in groups (see the module comment). */
export function groupedStatement<I, O>(run: GroupRunner<I, O>, options: GroupOptions<I>): (item: I) => Promise<O> {
  let queue: Pending<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const send = (group: Pending<I, O>[]): void => {
    inFlight += 1;
    run(group.map((p) => p.item))
      .then(
        (results) => {
          group.forEach((p, i) => {
            p.resolve(results[i] as O);
          });
        },
        (error: unknown) => {
          // One bad row (say a watch deleted meanwhile) must not fail the calls it happened to share a statement
          // with: each goes again alone, and fails or succeeds as the single-row statement would have.
          if (group.length === 1) group[0]?.reject(error);
          else for (const p of group) send([p]);
        },
      )
      .finally(() => {
        inFlight -= 1;
        flush();
      });
  };

  function flush(): void {
    while (queue.length > 0 && inFlight < options.maxInFlight) {
      const keys = new Set<string>();
      const group: Pending<I, O>[] = [];
      const rest: Pending<I, O>[] = [];
      for (const p of queue) {
        const key = options.keyOf(p.item);
        if (group.length < options.maxItems && !keys.has(key)) {
          keys.add(key);
          group.push(p);
        } else rest.push(p);
      }
      queue = rest;
      send(group);
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      // Calls made in the same turn of the event loop join one statement.
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          flush();
        });
      }
    });
}
