/**
 * `npx tsx bench/id-finder.ts [--quick]`: how long the shortcut's id finder takes on the worst messages we can
 * build — a keyword followed by 40,000 spaces (what made the old patterns quadratic), keywords repeated, near
 * misses, digits — for both backends' id syntaxes, printed as a markdown table. The budget is 5 ms per message.
 */
import { codeArtsIds } from '../src/backends/codearts/ids.js';
import { containerOpsIds } from '../src/backends/containerops/ids.js';
import type { PipelineIdSyntax } from '../src/domain/pipeline-id.js';

const quick = process.argv.includes('--quick');
const N = 40_000;
const BUDGET_MS = 5;

/** Messages built to make a backtracking pattern work hardest: long gaps after each keyword, and repeats. */
export const HOSTILE_MESSAGES: Record<string, string> = {
  '"pipeline" + 40,000 spaces': `pipeline${' '.repeat(N)}`,
  '"id" + 40,000 spaces': `id${' '.repeat(N)}`,
  '"pipeline" + 40,000 underscores': `pipeline${'_'.repeat(N)}`,
  '"pipeline id no." + 40,000 spaces + x': `pipeline id no.${' '.repeat(N)}x`,
  '"pipeline " × 4,400': 'pipeline '.repeat(N / 9),
  '"id " × 13,000': 'id '.repeat(N / 3),
  '"pipeline" + 40,000 spaces, with a tab and newlines': `pipeline${' \t\n'.repeat(N / 3)}`,
  '40,000 digits after "pipeline "': `pipeline ${'1'.repeat(N)}`,
  '"#" × 40,000': '#'.repeat(N),
  '"/pipelines/" × 3,600': '/pipelines/'.repeat(N / 11),
  '"pipeline_id=" × 3,300': '?pipeline_id='.repeat(N / 13),
  '"流水线" + 40,000 spaces': `流水线${' '.repeat(N)}`,
  '"&lt;" × 10,000 (Slack escapes)': '&lt;'.repeat(N / 4),
  '"pipeline id no. : " with 8-space gaps × 800': 'pipeline        id        no.        :        '.repeat(N / 50),
  '"id        :        " × 2,000': 'id        :        '.repeat(N / 20),
};

const SYNTAXES: Record<string, PipelineIdSyntax> = {
  ContainerOps: containerOpsIds('https://console.example.com/swr/?pipeline={id}#/pipelines'),
  CodeArts: codeArtsIds,
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const runs = quick ? 5 : 25;
const rows: string[] = [];
let worstMedian = 0;
let slowest = 0;
for (const [label, text] of Object.entries(HOSTILE_MESSAGES)) {
  const cells: string[] = [];
  for (const syntax of Object.values(SYNTAXES)) {
    syntax.find(text);
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      syntax.find(text);
      times.push(performance.now() - started);
    }
    const ms = median(times);
    worstMedian = Math.max(worstMedian, ms);
    slowest = Math.max(slowest, ...times);
    cells.push(ms.toFixed(2));
  }
  rows.push(`| ${label} | ${text.length.toLocaleString('en')} | ${cells.join(' | ')} |`);
}

process.stdout.write(
  [
    `Median of ${runs} scans per message (ms). The worst message costs ${worstMedian.toFixed(2)} ms: ${worstMedian < BUDGET_MS ? 'within' : 'OVER'} the ${BUDGET_MS} ms budget (slowest single scan ${slowest.toFixed(2)} ms, a GC pause or a busy CPU included).`,
    '',
    `| message | characters | ${Object.keys(SYNTAXES).join(' | ')} |`,
    `| --- | ---: | ${Object.keys(SYNTAXES)
      .map(() => '---:')
      .join(' | ')} |`,
    ...rows,
  ].join('\n'),
);
process.stdout.write('\n');
