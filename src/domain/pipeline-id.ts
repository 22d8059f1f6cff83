/**
 * One pipeline-id type and one way to read it. A `PipelineId` is a string a backend's id syntax has checked and
 * normalised (ContainerOps: digits without leading zeros, `029476` is 29476; CodeArts: 32 hex characters), so the
 * command, a button value, a link in a message and the client all agree on what names one pipeline.
 */

/** An id a backend's syntax accepted. Only `PipelineIdSyntax.parse` makes one (and tests, through `asPipelineId`). */
export type PipelineId = string & { readonly __brand: 'PipelineId' };

/** How a backend writes its pipeline ids, and where it finds them in what people write. */
export interface PipelineIdSyntax {
  /** An id as an example in help texts (`29476`). */
  readonly example: string;
  /** The id `token` names, normalised, or `null` when it is not one. */
  parse(token: string): PipelineId | null;
  /** The ids a piece of prose mentions (console links, "pipeline 29476", …), in order, without repeats. */
  find(text: string): PipelineId[];
}

/** Brands a string already known to be a valid id (fixtures, ids read back from the store). */
export function asPipelineId(id: string): PipelineId {
  return id as PipelineId;
}

/** `value` read as an id by `syntax`, or `null` (any type: button values and stored rows arrive as `unknown`). */
export function readPipelineId(value: unknown, syntax: PipelineIdSyntax): PipelineId | null {
  return typeof value === 'string' ? syntax.parse(value) : null;
}
