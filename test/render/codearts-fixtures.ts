/**
 * The CodeArts card fixtures: run-detail answers written from the simulator's scenarios
 * (test/fixtures/codearts-runs/generate.ts), read through the CodeArts schema and mapping as the client reads
 * them. Each is rendered at its own `current_system_time`.
 */
import { readFileSync } from 'node:fs';
import { expectAnswer } from '../../src/backends/codearts/answers.js';
import { mapRunDetail } from '../../src/backends/codearts/map.js';
import type { PipelineRun } from '../../src/domain/pipeline.js';
import { asPipelineId } from '../../src/domain/pipeline-id.js';

/** The fixtures, by the scenario each shows. */
export const CODEARTS_FIXTURES = [
  'running-parallel',
  'waiting-review',
  'waiting-review-any',
  'failed-job',
  'long-36',
  'queued',
  'review-passed',
  'review-refused',
] as const;

/** A fixture's name. */
export type CodeArtsFixture = (typeof CODEARTS_FIXTURES)[number];

/** The raw answer of a fixture (a fresh copy). */
export function rawCodeArtsFixture(name: CodeArtsFixture): Record<string, unknown> {
  const url = new URL(`../fixtures/codearts-runs/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}

/** A fixture as the bot sees it, and the instant it was taken at. */
export function loadCodeArtsFixture(name: CodeArtsFixture): { pipeline: PipelineRun; now: Date } {
  const raw = rawCodeArtsFixture(name);
  const answer = expectAnswer('run detail', raw);
  const pipeline = mapRunDetail(answer, asPipelineId(String(answer.pipeline_id)));
  return { pipeline, now: new Date(Number(raw.current_system_time)) };
}
