/**
 * The jobs of a stage, for APIs whose stages run several (CodeArts): one indented line each under the stage line
 * ("✅ build-api — succeeded in 5 min", "🔄 unit-tests — running for 39 s"), failed and moving jobs kept first
 * when the card must leave some out ("⋯ 3 more jobs: 3 not started"); and a failed job's error text for the alert,
 * escaped, cut, in a code span (no formatting, links or mentions inside), the section set `verbatim`.
 */
import type { Job } from '../domain/pipeline.js';
import { classOf, type StatusClass } from '../domain/status.js';
import type { StageSummary } from '../domain/summary.js';
import { formatSpan, spanMs } from './durations.js';
import { fitEscaped } from './escape.js';
import { cardStrings } from './i18n.js';
import type { StageLineContext } from './stage-lines.js';
import { EXTRA_LOOKS, statusMark, statusWord } from './status-table.js';

const INDENT = '\u2003';
const JOB_NAME_MAX = 60;
const FAILED_JOBS_SHOWN = 2;

/** What a status-with-time needs: its class, its times, and whether it is moving now (running, or a waiting review). */
export interface Timed {
  cls: StatusClass;
  startTime: Date | null;
  endTime: Date | null;
  moving: boolean;
}

/** "succeeded in 8 s", "running for 3 min", "failed after 45 s", or the word alone when no time fits. */
export function timedWord(item: Timed, word: string, ctx: StageLineContext): string {
  const s = cardStrings(ctx.locale);
  const { startTime, endTime } = item;
  if (item.moving && !ctx.summary.finished) {
    const elapsed = startTime ? spanMs(startTime, ctx.now) : null;
    return elapsed === null ? word : s.activeFor(word, formatSpan(elapsed, ctx.locale));
  }
  if (item.cls === 'pending' || !startTime || !endTime) return word;
  const took = spanMs(startTime, endTime);
  if (took === null) return word;
  const span = formatSpan(took, ctx.locale);
  return item.cls === 'succeeded' ? s.doneIn(word, span) : s.failedAfter(word, span);
}

const waitingReview = (job: Job): boolean => job.review !== null && job.status.state === 'waiting';

/** A job's mark and word: a review job that waits reads "awaiting review", like its stage. */
function jobLook(job: Job, ctx: StageLineContext): { mark: string; word: string } {
  if (waitingReview(job) && !ctx.summary.finished) {
    return { mark: EXTRA_LOOKS.awaitingReview.mark, word: EXTRA_LOOKS.awaitingReview[ctx.locale] };
  }
  return { mark: statusMark(job.status), word: statusWord(job.status, ctx.locale) };
}

function jobLine(job: Job, ctx: StageLineContext): string {
  const { mark, word } = jobLook(job, ctx);
  const cls = classOf(job.status);
  const timed = { cls, startTime: job.startTime, endTime: job.endTime, moving: cls === 'active' || waitingReview(job) };
  const name = fitEscaped(job.name, Math.min(JOB_NAME_MAX, ctx.density.nameMax)) || '?';
  return `${INDENT}${mark} ${name} — ${timedWord(timed, word, ctx)}`;
}

/** How much a job matters when some must be left out: failed, then moving or unknown, then the rest. */
function weight(job: Job): number {
  const cls = classOf(job.status);
  if (cls === 'failed') return 0;
  if (cls === 'active' || cls === 'unknown' || waitingReview(job)) return 1;
  return 2;
}

/** Whether `stage` lists its jobs at this density: only stages of several jobs, all or the ones that stand out. */
export function listsJobs(stage: StageSummary, standsOut: boolean, ctx: StageLineContext): boolean {
  const detail = ctx.density.jobDetail;
  return stage.jobs.length >= 2 && ctx.density.maxJobs > 0 && (detail === 'all' || (detail === 'current' && standsOut));
}

/** The job lines of `stage` (at most `density.maxJobs`, then one line for the rest). */
export function jobLines(stage: StageSummary, ctx: StageLineContext): string[] {
  const s = cardStrings(ctx.locale);
  const max = ctx.density.maxJobs;
  const jobs = stage.jobs.map((job, at) => ({ job, at }));
  const shown =
    jobs.length <= max
      ? jobs
      : [...jobs]
          .sort((a, b) => weight(a.job) - weight(b.job) || a.at - b.at)
          .slice(0, Math.max(1, max - 1))
          .sort((a, b) => a.at - b.at);
  const lines = shown.map(({ job }) => jobLine(job, ctx));
  const rest = jobs.filter((entry) => !shown.includes(entry));
  if (rest.length > 0) {
    const counts = new Map<string, number>();
    for (const { job } of rest) {
      const { word } = jobLook(job, ctx);
      counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    const parts = [...counts].map(([word, n]) => s.foldedPart(n, word)).join(s.listJoin);
    lines.push(`${INDENT}${s.moreJobs(rest.length, parts)}`);
  }
  return lines;
}

/**
 * The failed jobs of `stage` with their error text, for the alert: "maven-build: `Build failed: …`" (text cut to
 * `messageMax`). A lone job without a message adds nothing the stage line does not say: `[]`.
 */
export function failedJobTexts(
  stage: StageSummary,
  messageMax: number,
  ctx: Pick<StageLineContext, 'locale'>,
): string[] {
  const failed = stage.jobs.filter((job) => classOf(job.status) === 'failed');
  const out: string[] = [];
  for (const job of failed.slice(0, FAILED_JOBS_SHOWN)) {
    // A backtick would end the code span: the text is shown, not interpreted.
    const message = messageMax > 0 ? fitEscaped(job.message.replace(/`/g, "'"), messageMax) : '';
    if (message === '' && stage.jobs.length < 2) continue;
    const name = fitEscaped(job.name, JOB_NAME_MAX);
    const code = message === '' ? '' : `\`${message}\``;
    out.push(name && code ? `${name}: ${code}` : name || code);
  }
  if (failed.length > FAILED_JOBS_SHOWN && out.length > 0) {
    out.push(cardStrings(ctx.locale).andMore(failed.length - FAILED_JOBS_SHOWN));
  }
  return out;
}
