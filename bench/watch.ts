/**
 * `npx tsx bench/watch.ts [--quick] [--no-postgres]`: the watch benchmark on its own, as a markdown table on
 * stdout (progress on stderr). The peak RSS is that of the polling process alone (see `bench/watch.bench.ts`);
 * a note under the table puts it in context with the RSS of idle `node --import tsx` processes.
 */
import { formatWatchBenchmark, idleRssMb, runWatchBenchmark } from './watch.bench.js';

const quick = process.argv.includes('--quick');
const rows = await runWatchBenchmark({
  ...(quick ? { watches: 1_000, pipelines: 200 } : {}),
  ...(process.argv.includes('--no-postgres') ? { postgresUrl: null } : {}),
});
const idle = idleRssMb();
const ready = rows.map((r) => `${r.readyRssMb} MB (${r.setup})`).join(', ');
process.stdout.write(
  `${formatWatchBenchmark(rows)}\n\n` +
    'Peak RSS: the kernel’s high-water mark of the polling process alone (store, SWR and Slack clients, pollers), ' +
    'started after the watches were seeded; the simulator and the fake Slack run in another process. ' +
    `Its RSS before the first cycle: ${ready}. ` +
    `An idle \`node --import tsx\` process: ${idle.bare} MB; with the poller, store and SWR client modules loaded: ` +
    `${idle.withModules} MB.\n`,
);
