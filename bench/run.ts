/**
 * `npm run bench`: runs each benchmark in its own process (so peak RSS is its own), prints the tables and writes
 * them to docs/BENCHMARKS.md with the machine they were measured on. Everything runs on loopback and stops by itself.
 * `--quick` shortens the runs (a smoke test, not figures to publish); `--only render|watch|slack|id-finder` picks one;
 * `--baseline <git ref>` also renders with that ref's code in the same run (`bench/render.ts --baseline`;
 * `--allow-different` times it even where its card is no longer byte for byte this code's).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const quick = process.argv.includes('--quick');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1] : undefined;
const baselineIndex = process.argv.indexOf('--baseline');
const baseline = baselineIndex >= 0 ? process.argv[baselineIndex + 1] : undefined;

const BENCHMARKS = [
  { name: 'render', title: 'Rendering the pipeline card', script: 'bench/render.ts' },
  { name: 'watch', title: 'Watching: 10,000 watches over 2,000 running pipelines', script: 'bench/watch.ts' },
  { name: 'slack', title: 'Slash commands and Refresh under load', script: 'bench/slack.ts' },
  { name: 'id-finder', title: 'Finding pipeline ids in a message (the shortcut)', script: 'bench/id-finder.ts' },
];

// Read before the benches run: a commit made while they run is not what they measured.
const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();

const sections: string[] = [];
for (const bench of BENCHMARKS) {
  if (only && bench.name !== only) continue;
  process.stderr.write(`== ${bench.name}\n`);
  const started = Date.now();
  const args = [bench.script, ...(quick ? ['--quick'] : [])];
  if (bench.name === 'render' && baseline) args.push('--baseline', baseline);
  if (bench.name === 'render' && process.argv.includes('--allow-different')) args.push('--allow-different');
  // Three rounds of the watch setups in turn: one round's ratio moves with the machine's load (bench/watch.ts).
  if (bench.name === 'watch' && !quick) args.push('--rounds', '3');
  const run = spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  if (run.status !== 0) {
    process.stderr.write(`${bench.name} failed (exit ${run.status})\n${run.stdout}`);
    process.exit(1);
  }
  process.stdout.write(`${run.stdout}\n`);
  sections.push(`## ${bench.title}\n\n${run.stdout.trim()}\n\n(${Math.round((Date.now() - started) / 1000)} s)`);
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const doc = `# Benchmarks

Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)} (commit ${commit}; ${machine}).
Loopback only: the SWR simulator and a fake Slack Web API run on 127.0.0.1. Figures are medians where runs repeat.
${quick ? '\n**Quick run: shortened, not figures to quote.**\n' : ''}
${sections.join('\n\n')}
`;
if (!only) writeFileSync('docs/BENCHMARKS.md', doc);
process.stderr.write(only ? 'docs/BENCHMARKS.md left as it was (--only)\n' : 'wrote docs/BENCHMARKS.md\n');
