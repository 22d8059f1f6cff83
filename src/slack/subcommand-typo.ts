/**
 * Which subcommand a mistyped word was meant to be (`wacth` → `watch`): the Damerau–Levenshtein distance (a swap
 * of two neighbouring letters counts as one edit, the commonest typo), within one edit for short words and two
 * for longer ones, so `build` or `test` are never read as a subcommand.
 */

/** Edits (insert, delete, substitute, swap neighbours) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The one subcommand of `verbs` that `word` is a typo of, or `null` (an exact match is no typo). */
export function closestSubcommand<V extends string>(word: string, verbs: readonly V[]): V | null {
  const lower = word.toLowerCase();
  if (!/^\p{L}{3,}$/u.test(lower)) return null;
  let best: V | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  let tie = false;
  for (const verb of verbs) {
    const distance = editDistance(lower, verb);
    if (distance < bestDistance) {
      [best, bestDistance, tie] = [verb, distance, false];
    } else if (distance === bestDistance) tie = true;
  }
  const allowed = lower.length <= 4 ? 1 : 2;
  return best !== null && !tie && bestDistance > 0 && bestDistance <= allowed ? best : null;
}
