/**
 * The pipeline card: `renderPipelineMessage(pipeline, options)` → `{ text, blocks }`. Pure: the clock comes in
 * `options.now`, nothing is fetched, nothing from Slack's SDKs is imported. Layout, top to bottom:
 * header (mark + name + "#42" where runs are numbered) · context (status, group, id) · the run line where the API
 * tells it (trigger, executor, branch, commit message) · timing (live "started … ago") · the alert (failure with
 * the failed job's error text, or pending review) · progress ("Stage 2 of 4" + marks) · one line per stage, with
 * its jobs where it runs several · footer · buttons.
 */
import type { ContextBlock, KnownBlock, RichTextBlock, RichTextElement, SectionBlock } from '@slack/types';
import type { BackendKind } from '../domain/backend.js';
import type { PipelineRun } from '../domain/pipeline.js';
import { classOf } from '../domain/status.js';
import type { PipelineSummary } from '../domain/summary.js';
import { summarisePipeline } from '../domain/summary.js';
import { cardActions } from './buttons.js';
import { formatAgo, formatSpan, formatUtc, formatUtcTime, spanMs } from './durations.js';
import { fitBuilt, fitEscaped } from './escape.js';
import { fallbackText, hasNotStarted, headerMark } from './fallback-text.js';
import { cardStrings } from './i18n.js';
import { failedJobTexts } from './job-lines.js';
import { LIMITS } from './limits.js';
import { packLines, withinMessageBudget } from './measure.js';
import { reviewActions } from './review-buttons.js';
import { reviewModeText, reviewText, timeoutText, waitingOnText } from './review-text.js';
import { runLineBlock, runNumberSuffix } from './run-line.js';
import { serviceWords } from './service-words.js';
import type { Density, StageLineContext } from './stage-lines.js';
import { foldedLine, progressRow, stageLine, stageRows } from './stage-lines.js';
import { statusWord } from './status-table.js';
import type { RenderOptions, SlackMessage } from './types.js';

/**
 * From roomy to terse: the card takes the first that fits Slack's limits. The second differs from the first only in
 * jobs and texts (a card without jobs renders the same with both), so a stage-only card never gets terser for it.
 */
const DENSITIES: readonly Density[] = [
  { foldAt: 30, maxVisible: 12, nameMax: 80, maxNames: 10, reviewDetail: 'all', ...jobs('all', 10, 300, 120) },
  { foldAt: 30, maxVisible: 12, nameMax: 80, maxNames: 10, reviewDetail: 'all', ...jobs('current', 6, 200, 100) },
  { foldAt: 15, maxVisible: 9, nameMax: 60, maxNames: 5, reviewDetail: 'current', ...jobs('current', 5, 200, 80) },
  { foldAt: 6, maxVisible: 5, nameMax: 40, maxNames: 3, reviewDetail: 'current', ...jobs('current', 3, 150, 60) },
  { foldAt: 3, maxVisible: 3, nameMax: 30, maxNames: 2, reviewDetail: 'none', ...jobs('none', 0, 100, 40) },
];

function jobs(jobDetail: Density['jobDetail'], maxJobs: number, messageMax: number, commitMax: number) {
  return { jobDetail, maxJobs, messageMax, commitMax };
}

const GROUP_MAX = 80;
const DESCRIPTION_MAX = 300;

interface Ctx extends StageLineContext {
  pipeline: PipelineRun;
  options: RenderOptions;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function mrkdwn(text: string, max: number = LIMITS.contextText) {
  return { type: 'mrkdwn' as const, text: fitBuilt(text, max) };
}

/** A section; `verbatim` when it holds other people's free text (Slack then links and mentions nothing in it). */
function section(text: string, verbatim = false): SectionBlock {
  return { type: 'section', text: { ...mrkdwn(text, LIMITS.sectionText), ...(verbatim ? { verbatim } : {}) } };
}

function header(ctx: Ctx): KnownBlock {
  const mark = headerMark(ctx.summary);
  const suffix = runNumberSuffix(ctx.pipeline.run);
  const room = LIMITS.headerText - mark.length - 1 - suffix.length;
  const name = fitEscaped(ctx.pipeline.name, room) || `#${ctx.pipeline.id}`;
  return { type: 'header', text: { type: 'plain_text', text: `${mark} ${name}${suffix}`, emoji: true } };
}

function context(ctx: Ctx): ContextBlock {
  const s = cardStrings(ctx.locale);
  const { pipeline } = ctx;
  const parts = [`*${capitalise(statusWord(pipeline.status, ctx.locale))}*`];
  const group = fitEscaped(pipeline.group, GROUP_MAX);
  if (group) parts.push(s.group(group));
  parts.push(s.id(String(pipeline.id)));
  const elements = [mrkdwn(parts.join(' · '))];
  const description = fitEscaped(pipeline.description, DESCRIPTION_MAX);
  if (description) elements.push(mrkdwn(description));
  return { type: 'context', elements };
}

function text(t: string): RichTextElement {
  return { type: 'text', text: t };
}

/** A Slack-formatted time that keeps itself current on the reader's device; `fallback` is ours, as of `now`. */
function liveDate(at: number, format: string, fallback: string): RichTextElement {
  // Slack's dates are unix seconds: a time before 1970 (or not a time) can only be shown as text.
  if (!Number.isFinite(at) || at < 0) return text(fallback);
  return { type: 'date', timestamp: Math.floor(at / 1000), format, fallback };
}

/** Joins neighbouring text elements: fewer elements, same words. */
function mergeTexts(elements: RichTextElement[]): RichTextElement[] {
  const out: RichTextElement[] = [];
  for (const el of elements) {
    const prev = out[out.length - 1];
    if (el.type === 'text' && prev?.type === 'text' && !el.style && !prev.style) {
      out[out.length - 1] = { type: 'text', text: prev.text + el.text };
    } else out.push(el);
  }
  return out;
}

function timing(ctx: Ctx): RichTextBlock {
  const s = cardStrings(ctx.locale);
  const { summary, now, locale } = ctx;
  const nowMs = now.getTime();
  const elements: RichTextElement[] = [text('⏱ ')];
  const started = summary.startTime ? spanMs(summary.startTime, now) : null;
  if (summary.finished && summary.startTime && summary.endTime) {
    const took = spanMs(summary.startTime, summary.endTime);
    if (took !== null) elements.push(text(`${s.took(formatSpan(took, locale))} · `));
    const end = summary.endTime.getTime();
    const format = locale === 'zh-CN' ? '{date_short_pretty} {time}' : '{date_short_pretty} at {time}';
    elements.push(text(s.finishedAt), liveDate(end, format, formatUtc(summary.endTime)));
  } else if (started !== null && !summary.finished) {
    // The corrected start, so a start time in a mislabelled zone does not read "in 8 hours".
    const label = summary.status.state === 'queued' ? s.queuedAgo : s.startedAgo;
    elements.push(text(label), liveDate(nowMs - started, '{ago}', formatAgo(started, locale)));
  } else if (summary.startTime && !Number.isNaN(summary.startTime.getTime()) && !summary.finished) {
    // A start after `now` (a clock behind the API's): it did start, so say when rather than "Not started".
    const format = locale === 'zh-CN' ? '{date_short_pretty} {time}' : '{date_short_pretty} at {time}';
    elements.push(text(s.startedAt), liveDate(summary.startTime.getTime(), format, formatUtc(summary.startTime)));
  } else {
    elements.push(text(s.notStarted));
  }
  const updated = summary.updatedTime ? spanMs(summary.updatedTime, now) : null;
  if (updated !== null && summary.updatedTime && !summary.finished) {
    elements.push(text(` · ${s.updatedAgo}`), liveDate(nowMs - updated, '{ago}', formatAgo(updated, locale)));
  }
  return { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: mergeTexts(elements) }] };
}

/** The alert at the top: where it failed, or who must review. `null` when neither. */
function alert(ctx: Ctx): SectionBlock | null {
  const s = cardStrings(ctx.locale);
  const { summary, locale } = ctx;
  const total = summary.stages.length;
  const failed = summary.failedStage;
  if (failed) {
    const name = fitEscaped(failed.name, ctx.density.nameMax);
    const review = failed.review;
    // Votes unknown (CodeArts): the review's own status says it was refused.
    const unknownRefusal = review !== null && !review.votesKnown && review.status?.state === 'failed';
    const refused = (review?.refused.length ?? 0) > 0;
    // A refused review fails its stage with a generic status: say what really happened.
    const word =
      refused || unknownRefusal
        ? `${s.reviewRefused} (${statusWord(failed.status, locale)})`
        : statusWord(failed.status, locale);
    let line = `❌ ${s.failedAt(failed.index + 1, total, name, word)}`;
    if (review && refused) {
      line += `\n${reviewText(review, false, { locale, mentions: ctx.mentions, maxNames: ctx.density.maxNames })}`;
    }
    const jobTexts = failedJobTexts(failed, ctx.density.messageMax, ctx);
    for (const jobText of jobTexts) line += `\n\u2003↳ ${jobText}`;
    return section(line, jobTexts.length > 0);
  }
  if (summary.statusClass === 'failed') return section(`❌ ${s.pipelineFailed(statusWord(summary.status, locale))}`);
  const waiting = summary.awaitingReview;
  if (waiting?.review) {
    const options = { locale, mentions: ctx.mentions, maxNames: ctx.density.maxNames };
    const name = fitEscaped(waiting.name, ctx.density.nameMax);
    const { review } = waiting;
    const parts = [`✋ ${s.waitingOn(waitingOnText(review, options))}`];
    // Where votes are not known, no tally: "0 of 3 approved" would be a guess.
    if (review.votesKnown) parts.push(s.approvedOf(review.passed.length, review.reviewers.length));
    const mode = reviewModeText(review.mode, locale);
    if (mode) parts.push(mode);
    const timeout = review.votesKnown ? null : timeoutText(review, { ...options, now: ctx.now });
    if (timeout) parts.push(timeout);
    return section(`${s.awaitingReviewAt(waiting.index + 1, total, name)}\n${parts.join(' · ')}`);
  }
  return null;
}

function progress(ctx: Ctx): SectionBlock {
  const s = cardStrings(ctx.locale);
  const { summary } = ctx;
  if (summary.stages.length === 0 || summary.currentIndex === null) return section(`*${s.noStages}*`);
  // A run that has not started is at no stage: "stage 1 of 3" beside "Not started" contradicted itself.
  if (hasNotStarted(summary))
    return section(`${s.notStartedStages(summary.stages.length)}   ${progressRow(summary, ctx.locale)}`);
  return section(`${s.stageOf(summary.currentIndex + 1, summary.stages.length)}   ${progressRow(summary, ctx.locale)}`);
}

/** Stage lines packed into as few sections as the section limit allows. */
function stageSections(ctx: Ctx): SectionBlock[] {
  const lines = stageRows(ctx.summary, ctx.density).map((row) =>
    fitBuilt(
      row.kind === 'stage' ? stageLine(row.stage, ctx) : foldedLine(row.stages, ctx.summary, ctx.locale),
      LIMITS.sectionText,
    ),
  );
  return packLines(lines, LIMITS.sectionText).map((text) => section(text));
}

function footer(ctx: Ctx): ContextBlock | null {
  const s = cardStrings(ctx.locale);
  const parts: string[] = [];
  const { refreshedAt, variant } = ctx.options;
  const at = refreshedAt?.getTime() ?? Number.NaN;
  if (refreshedAt && Number.isFinite(at)) {
    const fallback = formatUtcTime(refreshedAt);
    // Slack shows `{time}` in the reader's zone; before 1970 there is no unix time to give it.
    parts.push(`${s.refreshedAt} ${at >= 0 ? `<!date^${Math.floor(at / 1000)}^{time}|${fallback}>` : fallback}`);
  }
  // A finished run's watch card is edited no more (the next run gets a card of its own).
  if (variant === 'watch') parts.push(ctx.summary.finished ? s.finalCard : s.liveCard);
  if (parts.length === 0) return null;
  return { type: 'context', elements: [mrkdwn(parts.join(' · '))] };
}

/** The log reference of the first failed job that has one (a Show log button), else `null`. */
function failedLogRef(pipeline: PipelineRun): string | null {
  for (const stage of pipeline.stages) {
    for (const job of stage.jobs) {
      if (job.logRef !== null && classOf(job.status) === 'failed') return job.logRef;
    }
  }
  return null;
}

/** The endpoint variable that turns the simulator off, per backend. */
const ENDPOINT_VARIABLE: Record<BackendKind, string> = { containerops: 'SWR_ENDPOINT', codearts: 'CODEARTS_ENDPOINT' };

/** "🧪 Simulated data — set SWR_ENDPOINT to use SWR", right under the title, so no one takes it for production. */
function simulatedLine(ctx: Ctx): ContextBlock | null {
  if (ctx.options.simulated !== true) return null;
  const backend = ctx.options.backend ?? 'containerops';
  const text = cardStrings(ctx.locale).simulated(ENDPOINT_VARIABLE[backend], serviceWords(backend, ctx.locale).service);
  return { type: 'context', elements: [mrkdwn(text)] };
}

function buildCard(ctx: Ctx, withStages: boolean): KnownBlock[] {
  const blocks: KnownBlock[] = [header(ctx)];
  const simulated = simulatedLine(ctx);
  if (simulated) blocks.push(simulated);
  blocks.push(context(ctx));
  const runLine = runLineBlock(ctx.pipeline.run, ctx.locale, ctx.density.commitMax);
  if (runLine) blocks.push(runLine);
  blocks.push(timing(ctx));
  const top = alert(ctx);
  if (top) blocks.push(top);
  const decide = reviewActions(ctx.summary, ctx.locale, { remind: ctx.options.remind !== false });
  if (decide) blocks.push(decide);
  blocks.push(progress(ctx));
  if (withStages && ctx.summary.stages.length > 0) blocks.push({ type: 'divider' }, ...stageSections(ctx));
  const foot = footer(ctx);
  if (foot) blocks.push(foot);
  blocks.push(
    cardActions(
      ctx.pipeline.id,
      ctx.options.variant ?? 'private',
      ctx.locale,
      ctx.pipeline.consoleUrl,
      ctx.options.backend ?? 'containerops',
      failedLogRef(ctx.pipeline),
    ),
  );
  return blocks;
}

/** Renders `pipeline` as a Slack message that always fits Slack's limits (pure). */
export function renderPipelineMessage(pipeline: PipelineRun, options: RenderOptions): SlackMessage {
  const summary: PipelineSummary = summarisePipeline(pipeline);
  const base = { pipeline, options, summary, now: options.now, locale: options.locale, mentions: options.mentions };
  const text = fallbackText(summary, options.locale);
  for (const density of DENSITIES) {
    const blocks = buildCard({ ...base, density }, true);
    if (withinMessageBudget(blocks)) return { text, blocks };
  }
  // Cannot happen with the budgets above; still, a card without stage lines always fits.
  const tersest = DENSITIES[DENSITIES.length - 1] as Density;
  return { text, blocks: buildCard({ ...base, density: tersest }, false) };
}
