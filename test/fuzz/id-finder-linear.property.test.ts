/**
 * The ContainerOps id finder after its gaps were bounded (so a keyword followed by 40,000 spaces scans in linear
 * time): for messages as people write them it finds exactly what the old, unbounded patterns found, and hostile
 * padding around a message changes nothing. Results only — how long a scan takes is `bench/id-finder.ts`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containerOpsIds } from '../../src/backends/containerops/ids.js';

const TEMPLATE = 'https://console.example.com/swr/?pipeline={id}#/pipelines';

/** The patterns as they were before the gaps were bounded: the oracle for messages without long gaps. */
const OLD_PATTERNS: readonly RegExp[] = [
  /https:\/\/console\.example\.com\/swr\/\?pipeline=(\d{1,18})#\/pipelines(?!\d)/gi,
  /\/pipelines?\/(\d{1,18})(?!\d)/gi,
  /[?&#]pipeline_?id=(\d{1,18})(?!\d)/gi,
  /(?<![\w/-])pipeline[\s_]*(?:id\s*)?(?:no\.?\s*)?[:#=]?\s*(\d{1,18})(?![\d\w])/gi,
  /(?<![\w&#/])#(\d{3,18})(?![\d\w])/g,
  /(?<![\w/-])id\s*[:#=]?\s*(\d{3,18})(?![\d\w])/gi,
];

function oldFind(text: string): string[] {
  const scanned = text.slice(0, 40_000).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const found: { at: number; id: string }[] = [];
  for (const pattern of OLD_PATTERNS) {
    for (const match of scanned.matchAll(pattern)) {
      const id = match[1];
      if (id !== undefined) found.push({ at: match.index, id: id.replace(/^0+(?=\d)/, '') });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.id))];
}

const syntax = containerOpsIds(TEMPLATE);

/** Pieces people write around ids, and the near misses the patterns look for; gaps of at most 8 characters. */
const gap = fc.stringMatching(/^[ \t\n_]{0,8}$/);
const piece = fc.oneof(
  fc.constantFrom(
    'pipeline',
    'Pipeline',
    'PIPELINE',
    'id',
    'ID',
    'no.',
    'no',
    ':',
    '#',
    '=',
    '/',
    '-',
    '&amp;',
    '&lt;',
  ),
  fc.constantFrom('/pipelines/', '/pipeline/', '?pipeline_id=', '&pipelineid=', TEMPLATE.replace('{id}', '')),
  fc.stringMatching(/^0{0,3}\d{1,20}$/),
  fc.constantFrom('the', 'deploy', 'stuck', 'see', 'build', '流水线', 'x1', 'idle', 'pipelines', '(', ')', '.', ','),
  gap,
);
const message = fc
  .array(fc.tuple(piece, gap), { maxLength: 30 })
  // Adjacent gaps join: keep every run of spaces and underscores within the 8 the finder allows.
  .map((parts) =>
    parts
      .flat()
      .join('')
      .replace(/[\s_]{9,}/g, (run) => run.slice(0, 8)),
  );

/** Padding built to make a backtracking pattern work hardest, kept within the 40,000-character scan window. */
const padding = fc
  .tuple(
    fc.constantFrom('pipeline', 'id', 'pipeline id no.', '#', 'pipeline_', ''),
    fc.constantFrom(' ', '\t', '_', ' \n', '#', '/'),
    fc.integer({ min: 0, max: 15_000 }),
  )
  .map(([keyword, filler, n]) => `${keyword}${filler.repeat(n)}`);

describe('the id finder with bounded gaps', () => {
  it('finds the same ids as the unbounded patterns in messages with gaps of up to 8 characters (5,000 cases)', () => {
    fc.assert(
      fc.property(message, (text) => {
        expect(syntax.find(text)).toEqual(oldFind(text));
      }),
      { numRuns: 5_000 },
    );
  });

  it('hostile padding before and after a message (a full stop between) adds and hides nothing (300 cases)', () => {
    fc.assert(
      fc.property(padding, message, padding, (before, text, after) => {
        const padded = `${before}.\n${text}\n.${after}`;
        expect(syntax.find(padded)).toEqual(oldFind(`.\n${text}\n.`));
      }),
      { numRuns: 300 },
    );
  });

  it('finds the ids written with ordinary spacing in any letter case', () => {
    const text = 'see Pipeline  29476, PIPELINE ID: 00042 and pipeline_id=7 (id 1234, #5678) /pipelines/91';
    expect(syntax.find(text)).toEqual(['29476', '42', '7', '1234', '5678', '91']);
    expect(syntax.find(text)).toEqual(oldFind(text));
    expect(syntax.find(`pipeline${' '.repeat(40_000)}29476`)).toEqual([]);
  });
});
