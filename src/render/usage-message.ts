/**
 * The `/pipeline` usage message: every subcommand with an example, and — when the text could not be read — one
 * line saying what was wrong. Pure; never echoes the user's text back (it may be 5,000 characters of anything).
 */
import type { KnownBlock } from '@slack/types';
import type { BackendKind } from '../domain/backend.js';
import type { Locale } from '../domain/locale.js';
import { COMMAND } from './action-ids.js';
import { escapeMrkdwn } from './escape.js';
import type { SlackMessage } from './types.js';

/** Why the command text could not be read (mirrors the command parser's `UsageProblem`). */
export type UsageProblemCode =
  | 'too_long'
  | 'list_takes_nothing'
  | 'watch_needs_id'
  | 'watch_filter'
  | 'unwatch_needs_id'
  | 'only_share_after_id'
  | 'link_without_one_id'
  | 'login_takes_nothing'
  | 'unreadable'
  /** A mistyped subcommand (`wacth 29502`): the one it is closest to. */
  | 'typo_watch'
  | 'typo_unwatch'
  | 'typo_share';

interface UsageStrings {
  title: string;
  /** CodeArts: the backend's name in the title, and the lines about runs (its runs have numbers). */
  codeArtsTitle: string;
  codeArtsLines: [string, string][];
  lines: [string, string][];
  problems: Record<UsageProblemCode, string>;
  fallback: string;
}

const c = COMMAND;

const EN: UsageStrings = {
  title: `*${c}* shows Huawei Cloud SWR pipelines in Slack:`,
  codeArtsTitle: `*${c}* shows Huawei Cloud CodeArts pipelines in Slack:`,
  codeArtsLines: [
    [`${c} <id|name>`, 'show a pipeline’s latest run, only to you — its 32-character id, or part of its name'],
    [`${c} <id> <run number>`, 'show one run of it, e.g. `<id> 42` or `<id> #42`'],
  ],
  lines: [
    [`${c} <id|name>`, 'show a pipeline, only to you — e.g. `29476` or `payment`'],
    [`${c} <id> share`, 'post the pipeline in this channel'],
    [`${c} watch <id> [changes|failures|all]`, 'keep this channel updated (default: changes)'],
    [`${c} unwatch <id>`, 'stop watching a pipeline here'],
    [`${c} list`, 'what this channel watches'],
    [`${c} login`, 'link your Huawei Cloud account, to approve reviews as yourself'],
    [`${c} logout`, 'forget your linked account'],
    [`${c} help`, 'this message'],
  ],
  problems: {
    too_long: 'That is too long to be a pipeline id or name.',
    list_takes_nothing: '`list` takes nothing after it.',
    watch_needs_id: '`watch` needs a pipeline id, like `watch 29476`.',
    watch_filter: 'After `watch <id>` comes one of `changes`, `failures` or `all`.',
    unwatch_needs_id: '`unwatch` needs a pipeline id, like `unwatch 29476`.',
    only_share_after_id: 'After a pipeline id only `share` may follow.',
    link_without_one_id: 'That link does not name exactly one pipeline.',
    login_takes_nothing: '`login` and `logout` take nothing after them.',
    unreadable: 'That is neither a pipeline id nor a pipeline name.',
    typo_watch: 'Did you mean `watch`? Like `watch 29476`.',
    typo_unwatch: 'Did you mean `unwatch`? Like `unwatch 29476`.',
    typo_share: 'Did you mean `share`? Like `29476 share`.',
  },
  fallback: `${c} usage: <id|name>, <id> share, watch <id>, unwatch <id>, list, login, logout, help`,
};

const ZH: UsageStrings = {
  title: `*${c}* 在 Slack 中查看华为云 SWR 流水线：`,
  codeArtsTitle: `*${c}* 在 Slack 中查看华为云 CodeArts 流水线：`,
  codeArtsLines: [
    [`${c} <id|name>`, '查看流水线最近一次运行（仅你可见）：32 位 ID 或名称的一部分'],
    [`${c} <id> <run number>`, '查看某次运行，例如 `<id> 42` 或 `<id> #42`'],
  ],
  lines: [
    [`${c} <id|name>`, '查看流水线（仅你可见），例如 `29476` 或 `payment`'],
    [`${c} <id> share`, '把流水线发到本频道'],
    [`${c} watch <id> [changes|failures|all]`, '在本频道持续更新（默认 changes）'],
    [`${c} unwatch <id>`, '停止在本频道关注该流水线'],
    [`${c} list`, '本频道关注的流水线'],
    [`${c} login`, '绑定你的华为云账号，以本人身份审批'],
    [`${c} logout`, '解除绑定的账号'],
    [`${c} help`, '显示本帮助'],
  ],
  problems: {
    too_long: '内容太长，不是流水线 ID 或名称。',
    list_takes_nothing: '`list` 后面不需要参数。',
    watch_needs_id: '`watch` 需要流水线 ID，例如 `watch 29476`。',
    watch_filter: '`watch <id>` 后面只能是 `changes`、`failures` 或 `all`。',
    unwatch_needs_id: '`unwatch` 需要流水线 ID，例如 `unwatch 29476`。',
    only_share_after_id: '流水线 ID 后面只能跟 `share`。',
    link_without_one_id: '该链接没有指向唯一的流水线。',
    login_takes_nothing: '`login` 和 `logout` 后面不需要参数。',
    unreadable: '这既不是流水线 ID，也不是流水线名称。',
    typo_watch: '你是想用 `watch` 吗？例如 `watch 29476`。',
    typo_unwatch: '你是想用 `unwatch` 吗？例如 `unwatch 29476`。',
    typo_share: '你是想用 `share` 吗？例如 `29476 share`。',
  },
  fallback: `${c} 用法：<id|name>、<id> share、watch <id>、unwatch <id>、list、login、logout、help`,
};

/** Renders the usage message, with the reason first when a command could not be read (pure). */
export function renderUsageMessage(options: {
  locale: Locale;
  problem?: UsageProblemCode | undefined;
  /** Which API the bot reads: CodeArts' runs have numbers (`/pipeline <id> 42`). Default `containerops`. */
  backend?: BackendKind;
}): SlackMessage {
  const s = options.locale === 'zh-CN' ? ZH : EN;
  const codeArts = options.backend === 'codearts';
  const lines = codeArts ? [...s.codeArtsLines, ...s.lines.slice(1)] : s.lines;
  const title = codeArts ? s.codeArtsTitle : s.title;
  // The strings hold `<id>` placeholders: escaped, or Slack reads `<id|name>` as a link labelled "name".
  const list = lines.map(([usage, what]) => `• \`${escapeMrkdwn(usage)}\` — ${what}`);
  const problem = options.problem ? escapeMrkdwn(s.problems[options.problem]) : null;
  const blocks: KnownBlock[] = [];
  if (problem) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `⚠️ ${problem}` } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${title}\n${list.join('\n')}` } });
  const fallback = escapeMrkdwn(s.fallback);
  const text = problem ? `${problem} ${fallback}` : fallback;
  return { text, blocks };
}
