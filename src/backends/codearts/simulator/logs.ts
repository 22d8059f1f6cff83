/**
 * Simulated step logs: lines that grow with the clock while a step runs, a failing build's log ending in its
 * error (with a secret-looking line just before it, to prove later that the bot masks what it shows), and the
 * documented paging — `limit` and `sort` required, `sort: desc` reading from the end, both offsets 0 meaning the
 * whole log, offsets answered as strings. Offsets here count lines; the real unit is not documented.
 */
import type { JobPlan, JobState } from './timeline.js';
import { scaled } from './timeline.js';

/** A secret-looking value in the failing build's log, near its end (a log tail includes it). */
export const SIMULATED_LOG_SECRET = 'sim-log-secret-7f3a9c1e5b';

/** The most lines one page answers, whatever `limit` asks. */
export const MAX_LOG_PAGE = 1_000;

const ERROR_TAIL = [
  '[INFO] Results:',
  '[ERROR] Failures:',
  '[ERROR]   StockAlertServiceTest.alertsOnce:88 expected:<1> but was:<2>',
  '[ERROR]   StockAlertServiceTest.respectsThreshold:102 expected:<true> but was:<false>',
  '[ERROR]   InventoryControllerIT.rejectsNegativeStock:57 Status expected:<400> but was:<500>',
  '[ERROR] Tests run: 214, Failures: 3, Errors: 0, Skipped: 2',
  '[INFO] BUILD FAILURE',
  '[ERROR] Failed to execute goal org.apache.maven.plugins:maven-surefire-plugin:3.2.5:test (default-test): There are test failures.',
  '[ERROR] mvn -B verify exited with code 1',
];

function bodyLine(business: string, name: string, i: number, total: number): string {
  switch (business) {
    case 'Build':
      return i % 3 === 0
        ? `[INFO] Downloading com.example:lib-${i % 17}:1.${i % 9}.0`
        : `[INFO] ${name}: compiling unit ${i + 1} of ${total}`;
    case 'Test':
      return `[INFO] Test suite ${i + 1}: passed (${(i * 37) % 900} ms)`;
    case 'Check':
      return `[INFO] Scanned ${(i + 1) * 13} files: 0 new issues`;
    case 'Deploy':
      return `[INFO] Rolling update: ${i + 1}/${total} steps done`;
    default:
      return `[INFO] + ${['git fetch --depth 1', 'git checkout FETCH_HEAD', 'ls -la', 'echo done'][i % 4]}`;
  }
}

const stamp = (ms: number): string => `[${new Date(Math.floor(ms)).toISOString()}]`;

/** The log lines a timed step has written by `t`. */
function timedLines(job: Extract<JobPlan, { kind: 'timed' }>, state: JobState, t: number, speed: number): string[] {
  const start = state.startMs;
  if (start === null || t < start) return [];
  const failing = job.failure !== undefined && state.status === 'FAILED';
  const total = Math.max(ERROR_TAIL.length + 3, job.logLines ?? 40);
  const duration = Math.max(1, scaled(job.durationS, speed));
  const done = state.endMs !== null && state.endMs <= t;
  const shown = done ? total : Math.max(1, Math.min(total - 1, Math.floor((total * (t - start)) / duration)));
  const tail = failing ? [`[DEBUG] env: DEPLOY_TOKEN=${SIMULATED_LOG_SECRET}`, ...ERROR_TAIL] : [];
  const lines: string[] = [];
  for (let i = 0; i < shown; i += 1) {
    const fromTail = i - (total - tail.length);
    const textLine =
      i === 0
        ? `[INFO] Start executing step "${job.name}"`
        : fromTail >= 0
          ? (tail[fromTail] ?? '')
          : bodyLine(job.business, job.name, i, total);
    lines.push(`${stamp(start + (duration * i) / total)} ${textLine}`);
  }
  if (done && !failing) lines.push(`${stamp(state.endMs ?? start)} [INFO] Step "${job.name}" finished`);
  return lines;
}

/** Every line step `job` has written by `t` (a review step logs its start and outcome only). */
export function stepLogLines(job: JobPlan, state: JobState, t: number, speed: number): string[] {
  if (job.kind === 'timed') return timedLines(job, state, t, speed);
  if (state.startMs === null || t < state.startMs) return [];
  const lines = [`${stamp(state.startMs)} [INFO] Manual review "${job.name}" started: waiting for approval`];
  if (state.endMs !== null && state.endMs <= t) {
    const outcome = state.status === 'COMPLETED' ? 'passed' : state.message || 'refused';
    lines.push(`${stamp(state.endMs)} [INFO] Manual review ${outcome}`);
  }
  return lines;
}

/** A log request body, checked. */
export interface LogRequest {
  limit: number;
  sort: 'asc' | 'desc';
  startOffset: number;
  endOffset: number;
}

function wholeNumber(value: unknown): number | null {
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** Reads a log request body, or says what is wrong with it. */
export function parseLogRequest(body: unknown): LogRequest | { problem: string } {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { problem: 'the body is not a JSON object' };
  const input = body as Record<string, unknown>;
  const limit = wholeNumber(input.limit);
  if (limit === null || limit < 1) return { problem: 'limit is required: a whole number ≥ 1' };
  if (input.sort !== 'asc' && input.sort !== 'desc') return { problem: 'sort is required: "asc" or "desc"' };
  const startOffset = input.start_offset === undefined ? 0 : wholeNumber(input.start_offset);
  const endOffset = input.end_offset === undefined ? 0 : wholeNumber(input.end_offset);
  if (startOffset === null || endOffset === null)
    return { problem: 'start_offset and end_offset are whole numbers ≥ 0' };
  return { limit: Math.min(limit, MAX_LOG_PAGE), sort: input.sort, startOffset, endOffset };
}

/** One page of `lines` as the API answers it. */
export function logPage(lines: readonly string[], request: LogRequest, stepRunId: string) {
  const n = lines.length;
  let start: number;
  let end: number;
  if (request.sort === 'desc') {
    end = request.endOffset > 0 ? Math.min(request.endOffset, n) : n;
    start = Math.max(0, end - request.limit);
  } else {
    start = Math.min(request.startOffset, n);
    end = Math.min(n, start + request.limit, request.endOffset > 0 ? request.endOffset : n);
  }
  return {
    has_more: request.sort === 'desc' ? start > 0 : end < n,
    start_offset: String(start),
    end_offset: String(end),
    log: lines.slice(start, end).join('\n'),
    step_run_id: stepRunId,
  };
}
