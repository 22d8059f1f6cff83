/** Test shorthand: a pipeline id from a literal (the backend still checks it, so bad ids stay bad). */
import { asPipelineId, type PipelineId } from '../../src/domain/pipeline-id.js';

/** `id` as a `PipelineId`, unchecked: what a caller that read it elsewhere would pass. */
export function pid(id: string | number): PipelineId {
  return asPipelineId(String(id));
}
