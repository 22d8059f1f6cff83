/**
 * One line per stage ("✅ 1. checkout · source — succeeded in 8 s") with, where a stage runs several jobs, a line
 * per job under it (./job-lines.ts), the progress row, and the folding of long pipelines: the first, current,
 * failed and last stages always stay, with the two stages either side of the current one; runs of others become
 * "⋯ 40 more succeeded".
 */
import type { Locale } from '../domain/locale.js';
import type { Status, StatusValue } from '../domain/status.js';
import type { PipelineSummary, StageSummary } from '../domain/summary.js';
import { fitEscaped } from './escape.js';
import { hasNotStarted } from './fallback-text.js';
import { cardStrings } from './i18n.js';
import { jobLines, listsJobs, timedWord } from './job-lines.js';
import { reviewText } from './review-text.js';
import { EXTRA_LOOKS, kindWord, statusMark, statusWord } from './status-table.js';

/** How much of each stage the card can afford; the card tries denser settings until the payload fits. */
export interface Density {
  /** Pipelines with more stages than this fold. */
  foldAt: number;
  /** Stages a folded card still lists (the kept ones may add a few). */
  maxVisible: number;
  nameMax: number;
  /** Names each reviewer list shows. */
  maxNames: number;
  /** Which review stages get their tally line. */
  reviewDetail: 'all' | 'current' | 'none';
  /** Which stages of several jobs list them (CodeArts): all, the current and failed ones, or none. */
  jobDetail: 'all' | 'current' | 'none';
  /** Jobs a stage lists before "⋯ 3 more jobs". */
  maxJobs: number;
  /** Characters of a failed job's error text in the alert. */
  messageMax: number;
  /** Characters of the commit message in the run line. */
  commitMax: number;
}

/** What a stage line needs besides the stage: the whole summary, the clock, the locale, the density. */
export interface StageLineContext {
  summary: PipelineSummary;
  now: Date;
  locale: Locale;
  mentions?: Record<string, string> | undefined;
  density: Density;
}

/** How a stage looks on the card: its mark and its status word. */
export interface StageLook {
  mark: string;
  word: string;
}

/** One shared look per status of the table and locale (an unknown status reads its own raw text: not shared). */
const SHARED_LOOKS: Record<Locale, Map<Status, StageLook>> = { en: new Map(), 'zh-CN': new Map() };
const AWAITING_LOOKS: Record<Locale, StageLook> = {
  en: { mark: EXTRA_LOOKS.awaitingReview.mark, word: EXTRA_LOOKS.awaitingReview.en },
  'zh-CN': { mark: EXTRA_LOOKS.awaitingReview.mark, word: EXTRA_LOOKS.awaitingReview['zh-CN'] },
};

function lookOfStatus(status: StatusValue, locale: Locale): StageLook {
  if (status.state === 'unknown') return { mark: statusMark(status), word: statusWord(status, locale) };
  const shared = SHARED_LOOKS[locale];
  let look = shared.get(status.state);
  if (!look) {
    look = { mark: statusMark(status), word: statusWord(status, locale) };
    shared.set(status.state, look);
  }
  return look;
}

/**
 * Every stage's look, computed once per summary and locale: the progress row, the folded lines and the stage lines
 * all read it (a 200-stage card asked for ~400 looks before). Only the last summary's are kept: a card is rendered
 * from one summary at a time (a `WeakMap` beside every summary added an entry per render for the GC to clear).
 */
let lastLooks: { summary: PipelineSummary; locale: Locale; looks: readonly StageLook[] } | null = null;

function stageLooks(summary: PipelineSummary, locale: Locale): readonly StageLook[] {
  if (lastLooks?.summary === summary && lastLooks.locale === locale) return lastLooks.looks;
  const waiting = summary.awaitingReview?.index;
  // Stages come in runs of one state: one map read per run (an unknown status has a look of its own).
  let lastState: StatusValue['state'] | undefined;
  let lastLook: StageLook | undefined;
  const looks = summary.stages.map((stage) => {
    if (stage.index === waiting) return AWAITING_LOOKS[locale];
    const { state } = stage.status;
    if (state !== lastState || state === 'unknown' || !lastLook) {
      lastState = state;
      lastLook = lookOfStatus(stage.status, locale);
    }
    return lastLook;
  });
  lastLooks = { summary, locale, looks };
  return looks;
}

/** The mark and the status word a stage shows (a stage the API sent no status for is "not started"). */
export function stageLook(stage: StageSummary, summary: PipelineSummary, locale: Locale): StageLook {
  return stageLooks(summary, locale)[stage.index] ?? lookOfStatus(stage.status, locale);
}

/** "succeeded in 8 s", "running for 3 min", "not started": the status in words with its time. */
function stageTiming(stage: StageSummary, word: string, ctx: StageLineContext): string {
  const awaiting = ctx.summary.awaitingReview?.index === stage.index;
  const { statusClass: cls, startTime, endTime } = stage;
  return timedWord({ cls, startTime, endTime, moving: cls === 'active' || awaiting }, word, ctx);
}

/** One stage as mrkdwn: its line, its jobs' lines where it lists them, and for a review stage the tally. */
export function stageLine(stage: StageSummary, ctx: StageLineContext): string {
  const s = cardStrings(ctx.locale);
  const { mark, word } = stageLook(stage, ctx.summary, ctx.locale);
  const name = fitEscaped(stage.name, ctx.density.nameMax);
  const title = name === '' ? `${stage.index + 1}.` : `${stage.index + 1}. ${name}`;
  const kind = kindWord(stage.kind, stage.kindLabel, ctx.locale);
  const timing = stageTiming(stage, word, ctx);
  // Before a run starts no stage is current (its first one only waits).
  const current = stage.isCurrent && !hasNotStarted(ctx.summary);
  const standsOut = current || stage.index === ctx.summary.failedStage?.index;
  let line = `${mark} ${standsOut ? `*${title}*` : title}${kind ? ` · ${kind}` : ''} — ${timing}`;
  if (current && !ctx.summary.finished) line += `  ${s.current}`;
  if (listsJobs(stage, standsOut, ctx)) line += `\n${jobLines(stage, ctx).join('\n')}`;
  const detail = ctx.density.reviewDetail;
  if (stage.review && (detail === 'all' || (detail === 'current' && standsOut))) {
    const open = !ctx.summary.finished && (stage.statusClass === 'active' || stage.statusClass === 'pending');
    const tally = reviewText(stage.review, open, {
      locale: ctx.locale,
      mentions: ctx.mentions,
      maxNames: ctx.density.maxNames,
      now: ctx.now,
    });
    if (tally) line += `\n\u2003↳ ${tally}`;
  }
  return line;
}

/** A stage to list, or a run of stages folded into one line. */
export type StageRow = { kind: 'stage'; stage: StageSummary } | { kind: 'folded'; stages: StageSummary[] };

const MAX_KEPT_FAILURES = 3;
const NEIGHBOURS_SHOWN = 2;

/** The rows a card lists: every stage, or for a long pipeline the ones that matter with the rest folded. */
export function stageRows(summary: PipelineSummary, density: Density): StageRow[] {
  const { stages } = summary;
  if (stages.length <= density.foldAt) return stages.map((stage) => ({ kind: 'stage', stage }));
  const last = stages.length - 1;
  const current = summary.currentIndex ?? 0;
  const keep = new Set<number>([0, last, current]);
  if (summary.failedStage) keep.add(summary.failedStage.index);
  if (summary.awaitingReview) keep.add(summary.awaitingReview.index);
  let failures = 0;
  for (const stage of stages) {
    if (failures >= MAX_KEPT_FAILURES) break;
    if (stage.statusClass === 'failed') {
      keep.add(stage.index);
      failures += 1;
    }
  }
  // Then the two stages just before and after the current one (what just happened, what comes) — and no more:
  // filling up with older stages made a card fold stages 2–3 yet list 4–10, a fold that hid almost nothing.
  const add = (i: number) => {
    if (keep.size < density.maxVisible && i >= 0 && i <= last) keep.add(i);
  };
  for (let d = 1; d <= NEIGHBOURS_SHOWN; d += 1) add(current + d);
  for (let d = 1; d <= NEIGHBOURS_SHOWN; d += 1) add(current - d);
  const kept = [...keep].sort((a, b) => a - b);
  const rows: StageRow[] = [];
  let previous = -1;
  for (const index of kept) {
    const gap = stages.slice(previous + 1, index);
    // A gap of one stage reads better as that stage than as "⋯ 1 more".
    if (gap.length === 1 && gap[0]) rows.push({ kind: 'stage', stage: gap[0] });
    else if (gap.length > 1) rows.push({ kind: 'folded', stages: gap });
    const stage = stages[index];
    if (stage) rows.push({ kind: 'stage', stage });
    previous = index;
  }
  return rows;
}

const MAX_FOLD_PARTS = 4;

/** "⋯ 40 more succeeded", or "⋯ 40 more: 38 succeeded, 2 not started". */
export function foldedLine(stages: readonly StageSummary[], summary: PipelineSummary, locale: Locale): string {
  const s = cardStrings(locale);
  const looks = stageLooks(summary, locale);
  const counts = new Map<string, number>();
  // Folded stages come in runs of one status: counted run by run, one map update per run.
  let word = '';
  let run = 0;
  for (const stage of stages) {
    const next = (looks[stage.index] ?? stageLook(stage, summary, locale)).word;
    if (next !== word && run > 0) {
      counts.set(word, (counts.get(word) ?? 0) + run);
      run = 0;
    }
    word = next;
    run += 1;
  }
  if (run > 0) counts.set(word, (counts.get(word) ?? 0) + run);
  const entries = [...counts];
  const first = entries[0];
  if (entries.length === 1 && first) return s.foldedSame(stages.length, first[0]);
  const parts = entries.slice(0, MAX_FOLD_PARTS).map(([word, n]) => s.foldedPart(n, word));
  if (entries.length > MAX_FOLD_PARTS) parts.push('…');
  return s.foldedMixed(stages.length, parts.join(s.listJoin));
}

const ONE_MARK_EACH_UP_TO = 40;
const RUN_AT_LEAST = 4;
const ROW_MAX = 240;

/** The compact progress row: one mark per stage; long pipelines in runs ("✅×40 🔄 ⚪×19"), or as counts. */
export function progressRow(summary: PipelineSummary, locale: Locale): string {
  const looks = stageLooks(summary, locale);
  if (looks.length <= ONE_MARK_EACH_UP_TO) return looks.map((look) => look.mark).join('');
  let row = '';
  for (let i = 0; i < looks.length; ) {
    const mark = looks[i]?.mark ?? '';
    let j = i + 1;
    while (j < looks.length && looks[j]?.mark === mark) j += 1;
    const n = j - i;
    row += `${i === 0 ? '' : ' '}${n >= RUN_AT_LEAST ? `${mark}×${n}` : mark.repeat(n)}`;
    i = j;
  }
  if (row.length <= ROW_MAX) return row;
  const marks = looks.map((look) => look.mark);
  const counts = new Map<string, number>();
  for (const mark of marks) counts.set(mark, (counts.get(mark) ?? 0) + 1);
  return [...counts].map(([mark, n]) => `${mark} ${n}`).join(' · ');
}
