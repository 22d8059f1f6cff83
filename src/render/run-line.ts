/**
 * Which run a card shows and how it came about, for APIs that say (CodeArts): "#42" after the name, and one line
 * "Push by *zhang.wei* · branch *main* · “Add dark mode to the settings page”". Everything in it is other
 * people's text — executor, branch, commit message — so it is escaped, cut to one line, and set `verbatim` so
 * Slack turns no URL into a link and no `@here` into a mention. ContainerOps runs have none of it: no line.
 */
import type { ContextBlock } from '@slack/types';
import type { Locale } from '../domain/locale.js';
import type { RunInfo } from '../domain/pipeline.js';
import { fitBuilt, fitEscaped } from './escape.js';
import { LIMITS } from './limits.js';

const WHO_MAX = 60;
const BRANCH_MAX = 80;
const TRIGGER_MAX = 30;

/** The words of the run line in one locale. */
interface RunWords {
  /** Trigger types as CodeArts names them → how a person says them. */
  triggers: Readonly<Record<string, string>>;
  by: (trigger: string, who: string) => string;
  byOnly: (who: string) => string;
  branch: (name: string) => string;
  quote: (text: string) => string;
}

const WORDS: Record<Locale, RunWords> = {
  en: {
    triggers: {
      Manual: 'Manual run',
      Scheduler: 'Scheduled run',
      Push: 'Push',
      MR: 'Merge request',
      CreateTag: 'New tag',
      Issue: 'Work item',
      Note: 'Comment',
      RollBack: 'Rollback',
      SubPipeline: 'Sub-pipeline run',
    },
    by: (trigger, who) => `${trigger} by ${who}`,
    byOnly: (who) => `Run by ${who}`,
    branch: (name) => `branch ${name}`,
    quote: (text) => `“${text}”`,
  },
  'zh-CN': {
    triggers: {
      Manual: '手动触发',
      Scheduler: '定时触发',
      Push: '代码推送触发',
      MR: '合并请求触发',
      CreateTag: '创建标签触发',
      Issue: '工作项触发',
      Note: '评论触发',
      RollBack: '回滚',
      SubPipeline: '子流水线触发',
    },
    by: (trigger, who) => `${trigger} · 执行人 ${who}`,
    byOnly: (who) => `执行人 ${who}`,
    branch: (name) => `分支 ${name}`,
    quote: (text) => `“${text}”`,
  },
};

/** " #42" for a run with a number, else `''` (the header's suffix). */
export function runNumberSuffix(run: RunInfo): string {
  return run.number === null ? '' : ` #${run.number}`;
}

/** The trigger type in words; one the table lacks as the API sent it (escaped, cut); `''` when none. */
export function triggerWord(trigger: string | null, locale: Locale): string {
  if (trigger === null) return '';
  const words = WORDS[locale].triggers;
  return Object.hasOwn(words, trigger) ? (words[trigger] ?? '') : fitEscaped(trigger, TRIGGER_MAX);
}

/** The first line of a commit message, escaped and cut to `max`. */
export function commitSubject(message: string | null, max: number): string {
  const first = (message ?? '').split(/\r?\n/).find((line) => line.trim() !== '') ?? '';
  return fitEscaped(first, max);
}

/** The run line as mrkdwn, or `''` when the run says none of it. */
export function runLineText(run: RunInfo, locale: Locale, commitMax: number): string {
  const w = WORDS[locale];
  const trigger = triggerWord(run.trigger, locale);
  const who = run.triggeredBy ? fitEscaped(run.triggeredBy, WHO_MAX) : '';
  const parts: string[] = [];
  if (trigger && who) parts.push(w.by(trigger, `*${who}*`));
  else if (trigger) parts.push(trigger);
  else if (who) parts.push(w.byOnly(`*${who}*`));
  const branch = run.branch ? fitEscaped(run.branch, BRANCH_MAX) : '';
  if (branch) parts.push(w.branch(`*${branch}*`));
  const subject = commitMax > 0 ? commitSubject(run.commitMessage, commitMax) : '';
  if (subject) parts.push(w.quote(subject));
  return parts.join(' · ');
}

/** The run line as a context block (`verbatim`: no auto-links, no mentions), or `null` when there is nothing to say. */
export function runLineBlock(run: RunInfo, locale: Locale, commitMax: number): ContextBlock | null {
  const text = runLineText(run, locale, commitMax);
  if (text === '') return null;
  return {
    type: 'context',
    elements: [{ type: 'mrkdwn', text: fitBuilt(text, LIMITS.contextText), verbatim: true }],
  };
}
