/**
 * CodeArts pipeline ids: 32 hexadecimal digits, a UUID without its dashes, shown lower-case everywhere Huawei
 * shows one (console links, API examples, Terraform tests). Upper-case input is the same id, so it is normalised
 * to lower case. In prose an id is taken only where something says it is a pipeline's — a console or API link,
 * `pipelineId=…`, "pipeline <id>", "流水线 <id>" — never bare: a lone 32-digit hex string is as often an MD5 sum,
 * a run id or a project id. Every pattern has one literal anchor and bounded gaps, and at most `MAX_SCAN`
 * characters are read, so hostile text costs linear time.
 */
import { asPipelineId, type PipelineId, type PipelineIdSyntax } from '../../domain/pipeline-id.js';

const ID = /^[0-9a-f]{32}$/i;

/** An id as help texts show it. */
export const CODEARTS_ID_EXAMPLE = 'c0ffee0ddba11f00d5eedfacade12345';

/** Longest text read from one string: beyond it is not a message a person wrote. */
export const MAX_SCAN = 40_000;
/** Longest token `parse` looks at (a pasted console link is far shorter). */
const MAX_TOKEN = 2_048;

const HEX32 = '([0-9a-f]{32})(?![0-9a-z])';
const PATTERNS: readonly RegExp[] = [
  // Console pages (…/pipeline/detail/{id}/{runId}, …/pipeline/history/{id}, …/pipeline/modify/{id}) and API paths
  // (…/api/pipelines/{id}/…). The project id before them sits after `/project/`, never after `/pipeline/`.
  new RegExp(`/pipelines?/(?:[a-z]{1,16}/)?${HEX32}`, 'gi'),
  new RegExp(`[?&#]pipeline_?id=${HEX32}`, 'gi'),
  // "pipeline c0ff…", "Pipeline ID: c0ff…", "pipeline_id=c0ff…", "流水线：c0ff…", "pipeline *c0ff…*" (Slack bold).
  new RegExp(`(?<![a-z0-9_/])(?:pipeline|流水线)(?:[ _-]?id)?[\\s:#=：*_\`'"(\\[-]{1,6}${HEX32}`, 'gi'),
];

// Slack sends `&`, `<`, `>` escaped in message text.
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The ids `text` mentions as pipelines', in order of appearance, lower-case, without repeats. */
export function findCodeArtsIds(text: string): PipelineId[] {
  const scanned = unescapeSlack(text.slice(0, MAX_SCAN));
  const found: { at: number; id: string }[] = [];
  for (const pattern of PATTERNS) {
    for (const match of scanned.matchAll(pattern)) {
      const id = match[1];
      if (id !== undefined) found.push({ at: match.index, id: id.toLowerCase() });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.id))].map(asPipelineId);
}

/** The id `token` names: 32 hex digits (any case), or a link to a pipeline; `null` otherwise. */
export function parseCodeArtsId(token: string): PipelineId | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN) return null;
  const trimmed = token.trim();
  if (ID.test(trimmed)) return asPipelineId(trimmed.toLowerCase());
  // A pasted console link (`<https://…|label>` from Slack too) names its pipeline.
  if (/^<?https?:\/\//i.test(trimmed)) return findCodeArtsIds(trimmed)[0] ?? null;
  return null;
}

/** How CodeArts writes pipeline ids and where the bot finds them. */
export const codeArtsIds: PipelineIdSyntax = {
  example: CODEARTS_ID_EXAMPLE,
  parse: parseCodeArtsId,
  find: findCodeArtsIds,
};
