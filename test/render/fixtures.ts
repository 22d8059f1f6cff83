/** Loads the pipeline fixtures (API response bodies) through the real parser, with the clock the tests use. */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { toPipelineRun } from '../../src/backends/containerops/map.js';
import { parsePipeline } from '../../src/backends/containerops/parse.js';
import type { PipelineRun } from '../../src/domain/pipeline.js';

/** Where the fixtures live. */
export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/pipelines/', import.meta.url));

/** The fixed "now" of every render test: 2024-05-01 12:00 UTC. */
export const NOW = new Date('2024-05-01T12:00:00Z');

/** Fixture names without `.json`. */
export const FIXTURE_NAMES: string[] = readdirSync(FIXTURE_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

/** The raw API body of a fixture. */
export function rawFixture(name: string): unknown {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}${name}.json`, 'utf8'));
}

/** A fixture as the bot sees it: parsed and mapped as the ContainerOps client does (`consoleUrlTemplate` gives its link). */
export function loadFixture(name: string, consoleUrlTemplate: string | null = null): PipelineRun {
  return toPipelineRun(parsePipeline(rawFixture(name)), consoleUrlTemplate);
}
