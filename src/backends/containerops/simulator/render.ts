/** Turns a simulated pipeline's definition and its `RunState` into the raw JSON the real service sends. */
import type { RawParam, RawPipeline, RawPreOperation, RawStage, RawStageStatus, RawStatus } from './raw.js';
import { formatApiTime, sysTimestamp, ZERO_TIME } from './time.js';
import type { RunState } from './timeline.js';

/** The parts of a pipeline that do not move. */
export interface PipelineDefinition {
  id: number;
  name: string;
  groupId: number;
  groupName: string;
  description: string;
  /** Global variables other than the `SYS_*` ones, which change per run. */
  params: readonly RawParam[];
  stages: readonly RawStage[];
  /** Real ms on the simulator clock. */
  createdMs: number;
  /** `SYS_INCREMENT` of the first simulated run. */
  firstIncrement: number;
}

/** A deterministic UUID-shaped string for `id` (webhook URLs must look real and stay stable). */
export function stableUuid(id: number): string {
  let h = (id * 2654435761) >>> 0;
  let hex = '';
  while (hex.length < 32) {
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0x5bd1e995) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The pipeline's webhook trigger, on the SWR console host as in the ContainerOps examples. */
export function webhookPreOperation(id: number): RawPreOperation {
  return {
    operator: 'and',
    triggers: [{ webhook: { url: `https://swr.cn-north-4.myhuaweicloud.com/v2/manage/webhooks/${stableUuid(id)}` } }],
  };
}

function sysParams(def: PipelineDefinition, state: RunState | null): RawParam[] {
  const runStart = state?.startMs ?? def.createdMs;
  const increment = state === null ? 0 : def.firstIncrement + state.runNumber;
  return [
    { name: 'SYS_TIMESTAMP', value: sysTimestamp(runStart), description: '流水线时间戳' },
    { name: 'SYS_INCREMENT', value: String(increment), description: '流水线自增量' },
  ];
}

function timeOrZero(ms: number | null): string {
  return ms === null ? ZERO_TIME : formatApiTime(ms);
}

function renderStatus(def: PipelineDefinition, state: RunState | null): RawStatus {
  const created = formatApiTime(def.createdMs);
  if (state === null) {
    // Never started: the shape of the API document's own example (one waiting entry, zero times).
    return {
      status: 'waiting',
      stage_index: 0,
      created_time: created,
      updated_time: formatApiTime(def.createdMs + 1),
      start_time: ZERO_TIME,
      end_time: ZERO_TIME,
      stages: [
        { status: 'waiting', pre_operation: { triggers_status: [] }, start_time: ZERO_TIME, end_time: ZERO_TIME },
      ],
      pre_operation: { triggers_status: [{ is_satisfied: false, webhook: { input_params: {} } }] },
    };
  }
  const stages: RawStageStatus[] = state.stages.map((s) => {
    const entry: RawStageStatus = {
      status: s.status,
      pre_operation: { triggers_status: [] },
      start_time: timeOrZero(s.startMs),
      end_time: timeOrZero(s.endMs),
      tasks: null,
    };
    if (s.reviewResults)
      entry.state = { review_results: s.reviewResults.map((r) => ({ user_name: r.user, result: r.result })) };
    return entry;
  });
  return {
    status: state.status,
    stage_index: state.stageIndex,
    created_time: created,
    updated_time: formatApiTime(state.updatedMs),
    start_time: formatApiTime(state.startMs),
    end_time: timeOrZero(state.endMs),
    stages,
    pre_operation: { triggers_status: [{ is_satisfied: true, webhook: { input_params: {} } }] },
  };
}

/** The raw pipeline JSON for `def` in `state` (`null`: never started). */
export function renderPipeline(def: PipelineDefinition, state: RunState | null): RawPipeline {
  return {
    id: def.id,
    group_id: def.groupId,
    group_name: def.groupName,
    name: def.name,
    description: def.description,
    params: [...sysParams(def, state), ...def.params],
    pre_operation: webhookPreOperation(def.id),
    post_operation: { media_type: '', version: '', notification: { notifications: [] } },
    stages: def.stages as RawStage[],
    status: renderStatus(def, state),
    source: 'swr',
  };
}
