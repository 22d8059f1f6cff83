/**
 * `npx tsx bench/watch.ts [--quick] [--no-postgres]`: the watch benchmark on its own, as a markdown table.
 * `node --expose-gc --import tsx bench/watch.ts` lets it collect the set-up's garbage before measuring RSS.
 */
import { formatWatchBenchmark, runWatchBenchmark } from './watch.bench.js';

const quick = process.argv.includes('--quick');
const rows = await runWatchBenchmark({
  ...(quick ? { watches: 1_000, pipelines: 200 } : {}),
  ...(process.argv.includes('--no-postgres') ? { postgresUrl: null } : {}),
});
process.stdout.write(`${formatWatchBenchmark(rows)}\n`);
