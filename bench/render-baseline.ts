/**
 * The render benchmark against an older version of the renderer, in the same process and run: the old code is
 * checked out into a temporary `git worktree` of `ref` (node_modules linked), its `renderPipelineMessage` and its
 * own fixtures imported from there, and old and new take turns run by run (the order alternating), so the machine's
 * noise falls on both alike. Each run's ratio is new ÷ old; the table gives the median ratio and its range. Before
 * timing, both versions render both cards in both locales and must agree byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PipelineRun } from '../src/domain/pipeline.js';
import { renderPipelineMessage } from '../src/render/pipeline-card.js';
import {
  median,
  NOW,
  type RenderBenchOptions,
  type RenderFn,
  tenStagePipeline,
  timedRun,
  twoHundredStagePipeline,
} from './render.bench.js';

interface Version {
  render: RenderFn;
  ten: PipelineRun;
  twoHundred: PipelineRun;
}

/** One card, old against new. */
export interface BaselineResult {
  name: string;
  /** Median renders/s of wall time over the runs, each version. */
  old: number;
  now: number;
  /** new ÷ old per run: median, lowest, highest (wall time); median of the CPU-time ratios. */
  ratio: number;
  low: number;
  high: number;
  cpuRatio: number;
  runs: number;
  /** Whether old and new render this card to the same JSON in both locales (else the ratio compares unlike work). */
  sameOutput: boolean;
}

/** Checks `ref` out into a temporary worktree, runs `body` with its renderer, and removes the worktree. */
async function withBaseline<T>(ref: string, body: (old: Version) => T): Promise<T> {
  const root = execFileSync('git', ['rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'render-baseline-'));
  rmSync(dir, { recursive: true });
  execFileSync('git', ['worktree', 'add', '--detach', dir, ref], { cwd: root, stdio: 'ignore' });
  try {
    symlinkSync(resolve(root, 'node_modules'), join(dir, 'node_modules'));
    const card = await import(pathToFileURL(join(dir, 'src/render/pipeline-card.ts')).href);
    const fixtures = await import(pathToFileURL(join(dir, 'bench/render.bench.ts')).href);
    return body({
      render: card.renderPipelineMessage as RenderFn,
      ten: fixtures.tenStagePipeline(),
      twoHundred: fixtures.twoHundredStagePipeline(),
    });
  } finally {
    execFileSync('git', ['worktree', 'remove', '--force', dir], { cwd: root, stdio: 'ignore' });
  }
}

/** Whether old and new render a card to the same JSON in both locales. */
function sameOutput(old: Version, current: Version, a: PipelineRun, b: PipelineRun): boolean {
  return (['en', 'zh-CN'] as const).every((locale) => {
    const options = { now: NOW, locale } as unknown as { now: Date; locale: 'en' };
    return JSON.stringify(old.render(a, options)) === JSON.stringify(current.render(b, options));
  });
}

/**
 * Runs old and new alternately, `3 × runs` slices of `runMs / 3` per card. A card the two render differently
 * throws, unless `allowDifferent` (the card has changed since `ref`): then it is timed and marked as such.
 */
export async function runBaselineComparison(
  ref: string,
  options: RenderBenchOptions = {},
  allowDifferent = false,
): Promise<BaselineResult[]> {
  // Three times the runs of a third of the length: on a shared machine the load changes second by second, and
  // short alternating slices put old and new under the same load more often.
  const runs = (options.runs ?? 7) * 3;
  const runMs = (options.runMs ?? 1000) / 3;
  const warmupMs = options.warmupMs ?? 500;
  const current: Version = {
    render: renderPipelineMessage,
    ten: tenStagePipeline(),
    twoHundred: twoHundredStagePipeline(),
  };
  return withBaseline(ref, (old) => {
    const cases: [string, PipelineRun, PipelineRun][] = [
      ['10 stages, running, pending review', old.ten, current.ten],
      ['200 stages, failed, folded', old.twoHundred, current.twoHundred],
    ];
    const same = cases.map(([, a, b]) => sameOutput(old, current, a, b));
    const differing = cases.filter((_, i) => !same[i]).map(([name]) => name);
    if (differing.length > 0 && !allowDifferent) {
      throw new Error(
        `the baseline renders ${differing.join(' and ')} differently: not comparable (--allow-different times them anyway)`,
      );
    }
    return cases.map(([name, oldPipeline, newPipeline], index) => {
      timedRun(oldPipeline, warmupMs, old.render);
      timedRun(newPipeline, warmupMs, current.render);
      const olds: number[] = [];
      const news: number[] = [];
      const ratios: number[] = [];
      const cpuRatios: number[] = [];
      for (let r = 0; r < runs; r += 1) {
        const first = r % 2 === 0;
        const a = first ? timedRun(oldPipeline, runMs, old.render) : undefined;
        const b = timedRun(newPipeline, runMs, current.render);
        const c = a ?? timedRun(oldPipeline, runMs, old.render);
        olds.push(c.wall);
        news.push(b.wall);
        ratios.push(b.wall / c.wall);
        cpuRatios.push(b.cpu / c.cpu);
      }
      return {
        name,
        old: median(olds),
        now: median(news),
        ratio: median(ratios),
        low: Math.min(...ratios),
        high: Math.max(...ratios),
        cpuRatio: median(cpuRatios),
        runs,
        sameOutput: same[index] ?? false,
      };
    });
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The comparison as a markdown table. */
export function formatBaselineComparison(ref: string, commit: string, results: readonly BaselineResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name}${r.sameOutput ? '' : ' (renders differently)'} | ${fmt(r.old)} | ${fmt(r.now)} | **${r.ratio.toFixed(2)}×** (${r.low.toFixed(2)}–${r.high.toFixed(2)}) | ${r.cpuRatio.toFixed(2)}× | ${r.runs} |`,
  );
  const alike = results.every((r) => r.sameOutput)
    ? 'both render both cards in both locales byte for byte alike'
    : `byte for byte alike in both locales: ${
        results
          .filter((r) => r.sameOutput)
          .map((r) => r.name)
          .join(', ') || 'no card'
      }; a card marked "renders differently" has changed since, so its ratio compares unlike work`;
  return [
    `**Against the baseline** \`${ref}\` (${commit}), same process, runs alternating old/new; ${alike}:`,
    '',
    '| card | baseline renders/s (median) | this code renders/s (median) | this ÷ baseline per run: median (range) | per CPU second: median ratio | runs |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
