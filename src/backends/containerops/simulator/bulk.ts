/**
 * Bulk pipelines for benchmarks: `count` always-running pipelines with ids from `BULK_FIRST_ID`. Nothing is
 * stored per pipeline: each is derived from its id on request (shared stage definitions, a closed-form
 * timeline), so 2,000 or 20,000 of them cost the same memory.
 */
import type { RawPipeline, RawStage } from './raw.js';
import { type PipelineDefinition, renderPipeline } from './render.js';
import { codeSourceStage, deployStage, dockerfileStage, jenkinsStage } from './stages.js';
import { type RunPlan, runStateAt } from './timeline.js';

/** Id of the first bulk pipeline. */
export const BULK_FIRST_ID = 100_000;
/** Group of every bulk pipeline. */
export const BULK_GROUP = { id: 900, name: 'load-test' } as const;

const STAGES: readonly RawStage[] = [
  codeSourceStage(900_000, '代码获取', 'https://github.com/example/load-test-service.git'),
  jenkinsStage(900_001, '代码编译', 'make build', 'go', 'service'),
  dockerfileStage(900_002, '镜像构建', 'load-test-service', 'alpine:3.20'),
  deployStage(900_003, 'deploy', 'load-test-service'),
];

const DURATIONS_S = [60, 1800, 900, 300];
const CYCLE_S = DURATIONS_S.reduce((a, b) => a + b, 0);

/** No idle time between runs: a bulk pipeline is always `running`, only its stage moves. */
const PLAN_BASE: Omit<RunPlan, 'firstStartS'> = {
  stages: DURATIONS_S.map((durationS) => ({ kind: 'timed', durationS, outcome: 'success' })),
  idleS: 0,
};

/** `true` when `id` is one of `count` bulk pipelines. */
export function isBulkId(id: number, count: number): boolean {
  return id >= BULK_FIRST_ID && id < BULK_FIRST_ID + count;
}

/** The name of bulk pipeline `id` (`load-test-00042`). */
export function bulkName(id: number): string {
  return `load-test-${String(id - BULK_FIRST_ID).padStart(5, '0')}`;
}

/** Spreads the pipelines over the cycle so their stages differ and change at different moments. */
function startOffsetS(id: number): number {
  return -(((id - BULK_FIRST_ID) * 7919) % CYCLE_S) - 1;
}

/** Bulk pipeline `id` at `t`; `origin` is the simulator's start (ms). */
export function bulkPipeline(id: number, t: number, origin: number, speed: number): RawPipeline {
  const firstStartS = startOffsetS(id);
  const firstStart = origin + (firstStartS * 1000) / speed;
  const def: PipelineDefinition = {
    id,
    name: bulkName(id),
    groupId: BULK_GROUP.id,
    groupName: BULK_GROUP.name,
    description: 'Generated for load tests',
    params: [],
    stages: STAGES,
    createdMs: origin - 86_400_000,
    firstIncrement: 1,
  };
  return renderPipeline(def, runStateAt({ ...PLAN_BASE, firstStartS, jitterSeed: id }, firstStart, t, speed));
}
