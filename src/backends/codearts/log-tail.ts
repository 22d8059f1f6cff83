/**
 * The end of a step's log, read backwards (`sort: desc`, where errors are) a page at a time, bounded in pages,
 * bytes and lines, then masked (../huawei/log-mask.ts) and cut line by line: a log can be megabytes, and it is
 * other people's output, secrets included. Which unit the API's offsets count is not documented (lines in the
 * simulator): pages are joined as lines, and only digits ever go back into a request.
 */
import type { LogTail } from '../../domain/backend.js';
import { maskLogLines } from '../huawei/log-mask.js';
import { type LogPage, tailLines } from './map-lists.js';

/** The bounds of one tail. */
export const LOG_TAIL_LIMITS = {
  /** Most lines a tail gives, whatever is asked. */
  maxLines: 500,
  /** `limit` of each log request (the documented example's value). */
  pageLimit: 500,
  /** Pages read at most. */
  maxPages: 4,
  /** Log text read at most (all pages). */
  maxBytes: 512 * 1024,
  /** Largest single answer accepted. */
  maxPageBytes: 2 * 1024 * 1024,
  /** Longest line kept (after masking). */
  maxLineChars: 1_000,
} as const;

/** Reads the page that ends before offset `before` (`null`: the end of the log). */
export type LogPageReader = (before: string | null) => Promise<LogPage>;

function cutLine(line: string): string {
  const max = LOG_TAIL_LIMITS.maxLineChars;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const lineCount = (text: string): number => (text === '' ? 0 : text.split('\n').length);

/** `true` when `next` lies before `before` (both digit strings), so reading on makes progress. */
function before(next: string, previous: string | null): boolean {
  return previous === null || BigInt(next) < BigInt(previous);
}

/** The last `maxLines` lines of the log `read` pages through, masked; `secrets` are masked wherever they appear. */
export async function readLogTail(
  read: LogPageReader,
  maxLines: number,
  secrets: readonly string[] = [],
): Promise<LogTail> {
  const wanted = Math.min(LOG_TAIL_LIMITS.maxLines, Math.max(1, Math.floor(maxLines) || 1));
  const pages: string[] = [];
  let lines = 0;
  let bytes = 0;
  let offset: string | null = null;
  let more = false;
  for (let page = 0; page < LOG_TAIL_LIMITS.maxPages; page += 1) {
    const answer = await read(offset);
    pages.unshift(answer.text);
    lines += lineCount(answer.text);
    bytes += Buffer.byteLength(answer.text, 'utf8');
    const next = answer.startOffset;
    more = answer.hasMore && next !== null && next !== '0';
    // More than wanted: the earliest page's first line may be cut mid-line, and is dropped with the surplus.
    if (!more || next === null || lines > wanted || bytes >= LOG_TAIL_LIMITS.maxBytes || !before(next, offset)) break;
    offset = next;
  }
  const text = pages.filter((p) => p !== '').join('\n');
  const tail = tailLines(text, wanted);
  return { lines: maskLogLines(tail.lines, secrets).map(cutLine), truncated: tail.truncated || more };
}
