/**
 * `npx tsx bench/watch.ts [--quick] [--no-postgres] [--setup sqlite,pg1,pg3,pg3p] [--claim-sql-array] [--rounds N]`:
 * the watch benchmark on its own, as markdown on stdout (progress on stderr). `--rounds N` runs the setups N times
 * in turn and adds each round's cycle times with their ratio to the same round's SQLite row, and the medians (the
 * full tables are the last round's): one round's SQLite row alone moves ±30 % with the machine's other load. The peak RSS is that of the polling process alone (see `bench/watch.bench.ts`);
 * a note under the table puts it in context with the RSS of idle `node --import tsx` processes.
 */
import {
  DEFAULT_WATCH_SETUPS,
  formatRounds,
  formatWatchBenchmark,
  idleRssMb,
  runWatchBenchmark,
  WATCH_SETUPS,
  type WatchBenchRow,
  type WatchSetup,
} from './watch.bench.js';

const quick = process.argv.includes('--quick');
const setupIndex = process.argv.indexOf('--setup');
const setups = setupIndex >= 0 ? (process.argv[setupIndex + 1] ?? '').split(',') : DEFAULT_WATCH_SETUPS;
const roundsIndex = process.argv.indexOf('--rounds');
const rounds = roundsIndex >= 0 ? Math.max(1, Number(process.argv[roundsIndex + 1]) || 1) : 1;
const all: WatchBenchRow[][] = [];
for (let round = 1; round <= rounds; round += 1) {
  if (rounds > 1) process.stderr.write(`== round ${round} of ${rounds}\n`);
  all.push(
    await runWatchBenchmark({
      ...(quick ? { watches: 1_000, pipelines: 200 } : {}),
      ...(process.argv.includes('--no-postgres') ? { postgresUrl: null } : {}),
      ...(process.argv.includes('--claim-sql-array') ? { claimSql: 'array' as const } : {}),
      setups: setups.filter((s): s is WatchSetup => (WATCH_SETUPS as readonly string[]).includes(s)),
    }),
  );
}
const rows = all.at(-1) ?? [];
const idle = idleRssMb();
const ready = rows.map((r) => `${r.readyRssMb} MB (${r.setup})`).join(', ');
process.stdout.write(
  `${rounds > 1 ? `${formatRounds(all)}\n\n` : ''}${formatWatchBenchmark(rows)}\n\n` +
    'Peak RSS: the kernel’s high-water mark of the polling process alone (store, SWR and Slack clients, pollers), ' +
    'started after the watches were seeded (the highest of the three processes where each poller has its own); ' +
    'the simulator and the fake Slack run in another process. CPU: user + system time of the polling process(es) ' +
    'and of every PostgreSQL server process on the machine (other users of the server included) during the cycle. ' +
    `Its RSS before the first cycle: ${ready}. ` +
    `An idle \`node --import tsx\` process: ${idle.bare} MB; with the poller, store and SWR client modules loaded: ` +
    `${idle.withModules} MB.\n`,
);
