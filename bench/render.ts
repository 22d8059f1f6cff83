/**
 * `npx tsx bench/render.ts [--quick] [--baseline <git ref>]`: the render benchmark on its own, printed as a
 * markdown table. `--baseline main` also renders with the code of that ref (a temporary git worktree) in the same
 * run, old and new taking turns, and prints the ratio; `--allow-different` times a card the baseline renders
 * differently too (marked so), instead of stopping.
 */
import { execFileSync } from 'node:child_process';
import { formatRenderBenchmark, runRenderBenchmark } from './render.bench.js';
import { formatBaselineComparison, runBaselineComparison } from './render-baseline.js';

if (process.argv.includes('--help')) {
  process.stdout.write(
    'npx tsx bench/render.ts [--quick] [--baseline <git ref> [--allow-different]]\n  --allow-different: time a card the baseline renders differently (marked so) instead of stopping\n',
  );
  process.exit(0);
}
const quick = process.argv.includes('--quick');
const options = quick ? { runs: 3, runMs: 300, warmupMs: 200 } : {};
const baselineAt = process.argv.indexOf('--baseline');
const baseline = baselineAt >= 0 ? process.argv[baselineAt + 1] : undefined;
const results = runRenderBenchmark(options);
process.stdout.write(`${formatRenderBenchmark(results)}\n`);
if (baseline) {
  const commit = execFileSync('git', ['rev-parse', '--short', baseline], { encoding: 'utf8' }).trim();
  const compared = await runBaselineComparison(baseline, options, process.argv.includes('--allow-different'));
  process.stdout.write(`\n${formatBaselineComparison(baseline, commit, compared)}\n`);
}
