/**
 * Renders per second of the pipeline card, for a 10-stage and a 200-stage pipeline: several timed runs of at least
 * `runMs` each, the median reported. `bench/run.ts` calls `runRenderBenchmark`; `npx tsx bench/render.ts` runs it
 * alone and prints the table.
 */
import { readFileSync } from 'node:fs';
import { toPipelineRun } from '../src/backends/containerops/map.js';
import { parsePipeline } from '../src/backends/containerops/parse.js';
import type { PipelineRun } from '../src/domain/pipeline.js';
import { renderPipelineMessage } from '../src/render/pipeline-card.js';

/** How long and how often to measure. */
export interface RenderBenchOptions {
  /** Timed runs per case (the median is reported). */
  runs?: number;
  /** Minimum length of each run, ms. */
  runMs?: number;
  /** Untimed warm-up per case, ms (lets the JIT settle). */
  warmupMs?: number;
}

/** One case of the benchmark. */
export interface RenderBenchResult {
  name: string;
  stages: number;
  /** Median renders per second over the runs. */
  medianPerSecond: number;
  minPerSecond: number;
  maxPerSecond: number;
  runs: number;
  /** Median time of one render, µs. */
  medianMicros: number;
  /** Median renders per second of the process's CPU time (user + system): less sensitive to a busy machine. */
  medianPerCpuSecond: number;
}

export const NOW = new Date('2024-05-01T12:00:00Z');
const ZERO = '0001-01-01T00:00:00Z';
const KINDS = ['code_source', 'jenkins_build', 'dockerfile_build', 'test_review', 'official_deploy', 'gray_deploy'];

/** A running 10-stage pipeline with a pending review at stage 4: the everyday card. */
export function tenStagePipeline(): PipelineRun {
  const at = (s: number) => new Date(Date.parse('2024-05-01T11:00:00Z') + s * 1000).toISOString();
  const stages = Array.from({ length: 10 }, (_, i) => {
    const service = KINDS[i % KINDS.length] ?? 'jenkins_build';
    const params =
      service === 'test_review'
        ? { review_mode: 'all', review_users: [{ user_name: 'alice' }, { user_name: 'bob' }, { user_name: 'carol' }] }
        : { jenkins_shell: 'make' };
    return { id: i, name: `stage-${i + 1}`, service_name: service, params };
  });
  const statuses = Array.from({ length: 4 }, (_, i) => ({
    status: i < 3 ? 'success' : 'running',
    start_time: at(i * 100),
    end_time: i < 3 ? at(i * 100 + 95) : ZERO,
    state:
      i === 3
        ? {
            review_results: [
              { user_name: 'alice', result: 'pass' },
              { user_name: 'bob', result: 'waiting' },
            ],
          }
        : {},
  }));
  return toPipelineRun(
    parsePipeline({
      id: 10010,
      name: 'build-api',
      group_id: 1,
      group_name: 'backend',
      description: '',
      params: [],
      stages,
      status: {
        status: 'running',
        stage_index: 3,
        start_time: at(0),
        end_time: ZERO,
        updated_time: at(350),
        created_time: at(0),
        stages: statuses,
      },
    }),
    null,
  );
}

/** The 200-stage fixture (failed at stage 151): a card that must fold. */
export function twoHundredStagePipeline(): PipelineRun {
  const path = new URL('../test/fixtures/pipelines/stages-200.json', import.meta.url);
  return toPipelineRun(parsePipeline(JSON.parse(readFileSync(path, 'utf8'))), null);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

let sink = 0;

/** What renders a card: the current `renderPipelineMessage`, or a baseline's (`bench/render-baseline.ts`). */
export type RenderFn = (pipeline: PipelineRun, options: { now: Date; locale: 'en' }) => { blocks: readonly unknown[] };

/** Renders for at least `minMs`; renders per second of wall time and of the process's CPU time. */
export function timedRun(
  pipeline: PipelineRun,
  minMs: number,
  render: RenderFn = renderPipelineMessage,
): { wall: number; cpu: number } {
  let n = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < 50; i += 1) sink += render(pipeline, { now: NOW, locale: 'en' }).blocks.length;
    n += 50;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  const cpu = process.cpuUsage(cpuStart);
  return { wall: (n * 1000) / elapsed, cpu: (n * 1e6) / (cpu.user + cpu.system) };
}

/** Runs the benchmark (about `2 × (warmupMs + runs × runMs)` long). */
export function runRenderBenchmark(options: RenderBenchOptions = {}): RenderBenchResult[] {
  const runs = options.runs ?? 7;
  const runMs = options.runMs ?? 1000;
  const warmupMs = options.warmupMs ?? 500;
  const cases: [string, PipelineRun][] = [
    ['10 stages, running, pending review', tenStagePipeline()],
    ['200 stages, failed, folded', twoHundredStagePipeline()],
  ];
  const results = cases.map(([name, pipeline]) => {
    timedRun(pipeline, warmupMs);
    const timed = Array.from({ length: runs }, () => timedRun(pipeline, runMs));
    const rates = timed.map((t) => t.wall);
    const med = median(rates);
    return {
      name,
      stages: pipeline.stages.length,
      medianPerSecond: med,
      minPerSecond: Math.min(...rates),
      maxPerSecond: Math.max(...rates),
      runs,
      medianMicros: 1e6 / med,
      medianPerCpuSecond: median(timed.map((t) => t.cpu)),
    };
  });
  // Reading the sink keeps the renders from being optimised away.
  if (sink < 0) throw new Error('unreachable');
  return results;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The results as a markdown table. */
export function formatRenderBenchmark(results: readonly RenderBenchResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.name} | ${r.stages} | ${fmt(r.medianPerSecond)} | ${fmt(r.minPerSecond)}–${fmt(r.maxPerSecond)} | ${r.medianMicros.toFixed(1)} µs | ${fmt(r.medianPerCpuSecond)} | ${r.runs} |`,
  );
  return [
    '| card | stages | renders/s (median) | range | per render | renders per CPU second (median) | runs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Node ${process.version}, one core, \`renderPipelineMessage\` with a fixed clock (target: ≥ 20,000/s for 10 stages). Renders per CPU second: the same runs divided by the process's user + system time instead of the wall time, so a busy machine lowers them less (V8's background threads count in them).`,
  ].join('\n');
}
