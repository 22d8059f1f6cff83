/** Test shorthand: a ContainerOps API body as the bot sees it — parsed and mapped into the domain model. */
import { toPipelineRun } from '../../src/backends/containerops/map.js';
import { parsePipeline } from '../../src/backends/containerops/parse.js';
import type { PipelineRun } from '../../src/domain/pipeline.js';

/** `raw` (a pipeline body) through the ContainerOps parser and mapping, as the client returns it. */
export function runFromRaw(raw: unknown, consoleUrlTemplate: string | null = null): PipelineRun {
  return toPipelineRun(parsePipeline(raw), consoleUrlTemplate);
}
