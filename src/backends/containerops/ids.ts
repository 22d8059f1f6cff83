/**
 * How ContainerOps writes pipeline ids and where people mention them: an id is a number (`029476` is 29476, as
 * SWR reads it); a message names one as "pipeline 29476", "#29476", "id 29476" or a console link (the configured
 * `SWR_CONSOLE_URL_TEMPLATE` and generic `…/pipelines/29476`, `pipelineId=29476`). A bare number is never an id:
 * "2024" in a message is a year far more often than a pipeline.
 */
import { asPipelineId, type PipelineId, type PipelineIdSyntax } from '../../domain/pipeline-id.js';

// Leading zeros are not part of an id, however many there are; 18 digits stay a safe integer's worth.
const ID = /^#?0*(\d{1,18})$/;

// Explicit forms may be short ids; the "#" and "id" forms need 3+ digits so "#1" or "id 2" stay prose.
// Every gap is bounded (at most 8 spaces, where a person writes one or two): two unbounded `\s*` in a row made
// "pipeline" or "id" followed by 40,000 spaces cost seconds (each split of the run tried), now a constant per keyword.
const GENERIC_PATTERNS: readonly RegExp[] = [
  /\/pipelines?\/(\d{1,18})(?!\d)/gi,
  /[?&#]pipeline_?id=(\d{1,18})(?!\d)/gi,
  /(?<![\w/-])pipeline[\s_]{0,8}(?:id\s{0,8})?(?:no\.?\s{0,8})?[:#=]?\s{0,8}(\d{1,18})(?![\d\w])/gi,
  /(?<![\w&#/])#(\d{3,18})(?![\d\w])/g,
  /(?<![\w/-])id\s{0,8}[:#=]?\s{0,8}(\d{3,18})(?![\d\w])/gi,
];

/** Longest text read from one string: beyond it is not a message a person wrote. */
const MAX_SCAN = 40_000;

function templatePattern(template: string | null | undefined): RegExp | null {
  if (!template?.includes('{id}')) return null;
  const source = template
    .split('{id}')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('(\\d{1,18})');
  return new RegExp(`${source}(?!\\d)`, 'gi');
}

// Slack sends `&`, `<`, `>` escaped in message text.
function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const normalise = (digits: string): PipelineId => asPipelineId(digits.replace(/^0+(?=\d)/, ''));

/** The id syntax of ContainerOps; `consoleUrlTemplate` (`SWR_CONSOLE_URL_TEMPLATE`) adds its link shape. */
export function containerOpsIds(consoleUrlTemplate: string | null = null): PipelineIdSyntax {
  const template = templatePattern(consoleUrlTemplate);
  const patterns = template ? [template, ...GENERIC_PATTERNS] : GENERIC_PATTERNS;
  return {
    example: '29476',
    parse(token) {
      const digits = ID.exec(token.trim())?.[1];
      return digits === undefined ? null : normalise(digits);
    },
    find(text) {
      const scanned = unescapeSlack(text.slice(0, MAX_SCAN));
      const found: { at: number; id: PipelineId }[] = [];
      for (const pattern of patterns) {
        for (const match of scanned.matchAll(pattern)) {
          const id = match[1];
          if (id !== undefined) found.push({ at: match.index, id: normalise(id) });
        }
      }
      found.sort((a, b) => a.at - b.at);
      return [...new Set(found.map((f) => f.id))];
    },
  };
}
