/**
 * Group commit for single-row writes: calls made while the previous statement of their kind is on its way are
 * sent together as one set-based statement (`… FROM unnest($1::…[], …)`), so N concurrent calls cost one round trip
 * and one commit instead of N. Each call still resolves with its own result once its statement has committed, so
 * callers see the contract of the single-row method. A call for a row that a statement on its way or already
 * chosen writes waits for a later statement, sent only once that one has committed: a statement never meets one
 * row twice, and two writes of one row commit in the order they were made.
 */

/** Runs one group: `items` in call order, no two with the same key; returns one result per item, in order. */
export type GroupRunner<I, O> = (items: readonly I[]) => Promise<readonly O[]>;

interface Pending<I, O> {
  item: I;
  /** A retry of a failed group's item: sent in a statement of its own. */
  alone?: boolean;
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

  // Keys of the statements on their way: a later call for one of them waits, or two statements in flight at once
  // could commit one row's writes in either order.
  const busy = new Set<string>();

  const send = (group: Pending<I, O>[]): void => {
    const keys = group.map((p) => options.keyOf(p.item));
    for (const key of keys) busy.add(key);
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
          // with: each goes again alone, and fails or succeeds as the single-row statement would have. They go
          // first in the queue (before later calls for their rows) and through the same limit as any statement.
          if (group.length === 1) group[0]?.reject(error);
          else queue.unshift(...group.map((p) => ({ ...p, alone: true })));
        },
      )
      .finally(() => {
        inFlight -= 1;
        for (const key of keys) busy.delete(key);
        flush();
      });
  };

  function flush(): void {
    while (queue.length > 0 && inFlight < options.maxInFlight) {
      // Keys met so far, taken or not: a call never overtakes an earlier one for its row.
      const seen = new Set<string>();
      const group: Pending<I, O>[] = [];
      const rest: Pending<I, O>[] = [];
      for (const p of queue) {
        const key = options.keyOf(p.item);
        const full = group.length >= options.maxItems || (group.length > 0 && (p.alone || group[0]?.alone));
        if (!full && !seen.has(key) && !busy.has(key)) group.push(p);
        else rest.push(p);
        seen.add(key);
      }
      queue = rest;
      // Everything left is for rows on their way: it goes when they have committed.
      if (group.length === 0) return;
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
