/**
 * `npx tsx bench/watch.ts [--quick] [--no-postgres]`: the watch benchmark on its own, as a markdown table on
 * stdout (progress on stderr). The simulator and the fake Slack run in a child process, so the peak RSS is the
 * poller process's own; for context, a note under the table gives an idle `node --import tsx` process's RSS.
 */
import { formatWatchBenchmark, idleRssMb, runWatchBenchmark } from './watch.bench.js';

const quick = process.argv.includes('--quick');
const rows = await runWatchBenchmark({
  ...(quick ? { watches: 1_000, pipelines: 200 } : {}),
  ...(process.argv.includes('--no-postgres') ? { postgresUrl: null } : {}),
});
const idle = idleRssMb();
process.stdout.write(
  `${formatWatchBenchmark(rows)}\n\n` +
    `Peak RSS is the polling process's own, from its first cycle on (the simulator and the fake Slack run in a ` +
    `child process). For comparison, an idle \`node --import tsx\` process: ${idle.bare} MB; with the poller, ` +
    `store and SWR client modules loaded: ${idle.withModules} MB.\n`,
);
