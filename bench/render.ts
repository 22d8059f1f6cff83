/** `npx tsx bench/render.ts [--quick]`: the render benchmark on its own, printed as a markdown table. */
import { formatRenderBenchmark, runRenderBenchmark } from './render.bench.js';

const quick = process.argv.includes('--quick');
const results = runRenderBenchmark(quick ? { runs: 3, runMs: 300, warmupMs: 200 } : {});
process.stdout.write(`${formatRenderBenchmark(results)}\n`);
