/**
 * `npx tsx bench/slack.ts [--quick]`: the Slack load benchmark on its own — slash commands (with the bare Bolt and
 * raw `node:http` baselines, interleaved) and Refresh bursts against the bot's real HTTP receiver while SWR is
 * slow, and the bot's memory over many commands (see `bench/slack.bench.ts`). Markdown on stdout, progress on
 * stderr; stops by itself. For investigations (not `npm run bench`):
 *
 * - `--phases commands,refresh,info,memory` runs only those; `--concurrency 50,200` and `--runs 5` change the levels;
 *   `--no-sequential` drops the one-at-a-time level; `--no-baselines` drops the baselines;
 * - `--variant name=/path/to/slack-bot.js` adds a prototype copy of the bot (a compiled dist-bench tree edited
 *   outside the repository), measured interleaved with the others;
 * - `--cpu-prof DIR` runs the bots under `--cpu-prof` and writes their request timings beside the profiles
 *   (`bot.cpuprofile`, `bot-info.cpuprofile` for the info phase; `npx tsx bench/cpu-profile.ts` reads both); `--heap-snapshots DIR` writes heap snapshots at each memory sample.
 */
import { FULL, formatSlackBenchmark, QUICK, runSlackBenchmark, SLACK_PHASES, type SlackPhase } from './slack.bench.js';

const argv = process.argv.slice(2);
const value = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const all = (name: string): string[] =>
  argv.flatMap((a, i) => (a === name && argv[i + 1] ? [argv[i + 1] as string] : []));
const list = (name: string): string[] | undefined => value(name)?.split(',').filter(Boolean);

const base = argv.includes('--quick') ? QUICK : FULL;
const phases = list('--phases')?.filter((p): p is SlackPhase => (SLACK_PHASES as readonly string[]).includes(p));
const concurrency = list('--concurrency')?.map(Number);
const runs = value('--runs');
const result = await runSlackBenchmark({
  ...base,
  ...(phases ? { phases } : {}),
  ...(concurrency ? { concurrency } : {}),
  ...(runs ? { runs: Number(runs) } : {}),
  ...(argv.includes('--no-sequential') ? { sequentialBursts: 0 } : {}),
  baselines: !argv.includes('--no-baselines'),
  variants: all('--variant').map((v) => {
    const [name = '', script = ''] = v.split('=');
    return { name, script };
  }),
  cpuProfileDir: value('--cpu-prof') ?? null,
  heapSnapshotDir: value('--heap-snapshots') ?? null,
});
process.stdout.write(`${formatSlackBenchmark(result)}\n`);
