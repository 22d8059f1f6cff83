/**
 * CodeArts list answers → the domain: pipeline list items → `PipelineListing`s for a pick list; latest runs (the
 * pipeline list's `latest_run`, the runs list, the batch status call) → `RunDigest`s, a run's outline without
 * jobs, enough for a watcher to tell whether anything moved before it asks for the whole run; a log page → its
 * text and the offsets to pass back. Stage times here are strings in the answers; `times.ts` reads both forms.
 */
import type { RunDigest } from '../../domain/digest.js';
import type { PipelineListing, PipelineMatches } from '../../domain/pipeline.js';
import type { PipelineId } from '../../domain/pipeline-id.js';
import type { LatestRunAnswer, PipelineListAnswer, RunListAnswer, StepLogAnswer } from './answers.js';
import { parseCodeArtsId } from './ids.js';
import { bySequence, NOT_STARTED, safeUrl } from './map.js';
import { codeArtsStatus } from './status-table.js';
import { dateOf } from './times.js';

/** A run's outline and its stages (the domain's types, re-exported for the backend's callers). */
export type { RunDigest, StageDigest } from '../../domain/digest.js';

/** A page of a step's log and where it sits in the whole. */
export interface LogPage {
  text: string;
  /** More log before (`sort: desc`) or after (`asc`) this page. */
  hasMore: boolean;
  /** The offsets as the API sent them (strings), to pass back for the next page; `null` when absent. */
  startOffset: string | null;
  endOffset: string | null;
}

const nonEmpty = (text: string | null | undefined): string | null => text?.trim() || null;

function count(value: number | string | null | undefined): number | null {
  const n = Number(value ?? Number.NaN);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** The outline of a latest-run item (pipeline list, runs list, batch status). */
export function mapRunDigest(run: LatestRunAnswer): RunDigest {
  const params = run.build_params;
  return {
    pipelineId: run.pipeline_id ? parseCodeArtsId(run.pipeline_id) : null,
    runId: nonEmpty(run.pipeline_run_id),
    number: count(run.run_number),
    status: codeArtsStatus(run.status) ?? NOT_STARTED,
    trigger: nonEmpty(run.trigger_type),
    triggeredBy: nonEmpty(run.executor_name),
    branch: nonEmpty(params?.source_branch) ?? nonEmpty(params?.target_branch) ?? nonEmpty(params?.tag),
    commitMessage: nonEmpty(params?.message)?.slice(0, 1_000) ?? null,
    startTime: dateOf(run.start_time),
    endTime: dateOf(run.end_time),
    stages: bySequence(run.stage_status_list ?? []).map((stage) => ({
      name: stage.name ?? '',
      status: codeArtsStatus(stage.status),
      startTime: dateOf(stage.start_time),
      endTime: dateOf(stage.end_time),
    })),
    consoleUrl: safeUrl(run.detail_url),
  };
}

/**
 * A name search's matches: items whose id is not a CodeArts id are left out (a pick list button must name a
 * pipeline the bot can open); a pipeline that never ran is `not_started`. The list has no group: `group` is `''`.
 */
export function mapPipelineList(answer: PipelineListAnswer): PipelineMatches {
  const items: PipelineListing[] = [];
  for (const item of answer.pipelines) {
    const id = parseCodeArtsId(item.pipeline_id);
    if (id === null) continue;
    items.push({
      id,
      name: item.name ?? '',
      group: '',
      groupId: null,
      status: codeArtsStatus(item.latest_run?.status) ?? NOT_STARTED,
    });
  }
  return { items, total: count(answer.total) };
}

/** A page of one pipeline's runs, newest first as the API orders them, and how many there are. */
export function mapRunList(answer: RunListAnswer): { items: RunDigest[]; total: number | null } {
  return { items: answer.pipeline_runs.map(mapRunDigest), total: count(answer.total) };
}

/** The batch status answer by pipeline id (items without a readable id are dropped; the last of a repeat wins). */
export function mapLatestStatuses(answer: readonly LatestRunAnswer[]): Map<PipelineId, RunDigest> {
  const out = new Map<PipelineId, RunDigest>();
  for (const run of answer) {
    const digest = mapRunDigest(run);
    if (digest.pipelineId !== null) out.set(digest.pipelineId, digest);
  }
  return out;
}

function offsetText(value: number | string | null | undefined): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  const text = value?.trim();
  // Passed back in a request body: digits only, so a hostile answer cannot smuggle anything into it.
  return text && /^\d{1,20}$/.test(text) ? text : null;
}

/** A log answer's page. */
export function mapLogPage(answer: StepLogAnswer): LogPage {
  const more = answer.has_more;
  return {
    text: answer.log ?? '',
    hasMore: more === true || (typeof more === 'string' && more.trim().toLowerCase() === 'true'),
    startOffset: offsetText(answer.start_offset),
    endOffset: offsetText(answer.end_offset),
  };
}

/** The last `max` lines of `text` (without a trailing empty line), and whether any were left out. */
export function tailLines(text: string, max: number): { lines: string[]; truncated: boolean } {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  const keep = Math.max(0, Math.floor(max));
  return { lines: keep === 0 ? [] : lines.slice(-keep), truncated: lines.length > keep };
}
