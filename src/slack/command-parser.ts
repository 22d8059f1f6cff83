/**
 * Reads the text after `/pipeline` into one command. Pure, so every odd input Slack can send (empty, 5,000
 * characters, control characters, a pasted URL) is covered by unit tests rather than by a live workspace.
 */
import type { PipelineId, PipelineIdSyntax } from '../domain/pipeline-id.js';
import { readWatchFilter, type WatchFilter } from '../domain/watch-filter.js';
import type { UsageProblemCode } from '../render/usage-message.js';
import { closestSubcommand } from './subcommand-typo.js';

/** What the user asked `/pipeline` for. */
export type PipelineCommand =
  | { kind: 'help' }
  /** `runNumber`: a run asked for by its number (`/pipeline <id> 42`, where the backend numbers runs). */
  | { kind: 'show'; id: PipelineId; runNumber?: number }
  | { kind: 'share'; id: PipelineId }
  /** `ifNoMatch`: when no name matches, the usage problem to answer with instead (a mistyped subcommand). */
  | { kind: 'search'; name: string; ifNoMatch?: UsageProblem }
  | { kind: 'watch'; id: PipelineId; filter: WatchFilter }
  | { kind: 'unwatch'; id: PipelineId }
  | { kind: 'list' }
  /** Link your Huawei account (opens the modal), or forget it. */
  | { kind: 'login' }
  | { kind: 'logout' }
  /** Unparseable: answer with the usage message; `problem` says which part was wrong. */
  | { kind: 'usage'; problem: UsageProblem };

/** Why a command text could not be read; the usage message words each one per locale. */
export type UsageProblem = UsageProblemCode;

/** Longer than any id, name or subcommand a person types: anything beyond is pasted garbage. */
export const MAX_COMMAND_TEXT = 300;
/** SWR pipeline names are short; a longer "name" is not worth a list call. */
export const MAX_NAME_LENGTH = 100;

// Letters and digits of any script (pipeline names can be Chinese), plus the separators SWR names use.
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u;

/** Parses the text of a `/pipeline` command (pure); `ids` is the backend's id syntax (ids, links). */
export function parsePipelineCommand(
  raw: string,
  ids: PipelineIdSyntax,
  options: { runNumbers?: boolean } = {},
): PipelineCommand {
  // The id a token names, normalised by the backend (`029476` is pipeline 29476, and its watch).
  const idOf = (token: string | undefined): PipelineId | null => (token === undefined ? null : ids.parse(token));
  const text = raw.trim();
  if (text.length > MAX_COMMAND_TEXT) return { kind: 'usage', problem: 'too_long' };
  const words = text.split(/\s+/).filter(Boolean);
  const [first, second, third, ...rest] = words;
  if (first === undefined) return { kind: 'help' };
  const verb = first.toLowerCase();

  if (verb === 'help' || verb === '?') return { kind: 'help' };
  if (verb === 'list') {
    return words.length === 1 ? { kind: 'list' } : { kind: 'usage', problem: 'list_takes_nothing' };
  }
  if (verb === 'login' || verb === 'logout') {
    return words.length === 1 ? { kind: verb } : { kind: 'usage', problem: 'login_takes_nothing' };
  }
  if (verb === 'watch') {
    const id = idOf(second);
    const filter = third === undefined ? 'changes' : readWatchFilter(third);
    if (id === null) return { kind: 'usage', problem: 'watch_needs_id' };
    if (filter === null || rest.length > 0) return { kind: 'usage', problem: 'watch_filter' };
    return { kind: 'watch', id, filter };
  }
  if (verb === 'unwatch') {
    const id = idOf(second);
    if (id === null || words.length > 2) return { kind: 'usage', problem: 'unwatch_needs_id' };
    return { kind: 'unwatch', id };
  }

  const id = idOf(first);
  if (id !== null) {
    if (words.length === 1) return { kind: 'show', id };
    if (words.length === 2 && second?.toLowerCase() === 'share') return { kind: 'share', id };
    const runNumber =
      options.runNumbers && words.length === 2 ? /^#?([1-9]\d{0,8})$/.exec(second ?? '')?.[1] : undefined;
    if (runNumber !== undefined) return { kind: 'show', id, runNumber: Number(runNumber) };
    if (words.length === 2 && closestSubcommand(second ?? '', ['share'] as const)) {
      return { kind: 'usage', problem: 'typo_share' };
    }
    return { kind: 'usage', problem: 'only_share_after_id' };
  }

  // A pasted console link: take the pipeline id from it.
  if (words.length <= 2 && /^<?https?:\/\//i.test(first)) {
    const [urlId, ...others] = ids.find(first);
    if (urlId !== undefined && others.length === 0) {
      if (words.length === 1) return { kind: 'show', id: urlId };
      if (second?.toLowerCase() === 'share') return { kind: 'share', id: urlId };
    }
    return { kind: 'usage', problem: 'link_without_one_id' };
  }

  const name = words.join(' ');
  if (name.length <= MAX_NAME_LENGTH && NAME.test(name)) {
    // `wacth 29502` reads as a mistyped subcommand; still searched first (a pipeline may be named "batch 7").
    const meant = idOf(second) === null ? null : closestSubcommand(verb, ['watch', 'unwatch'] as const);
    if (meant === null) return { kind: 'search', name };
    return { kind: 'search', name, ifNoMatch: meant === 'watch' ? 'typo_watch' : 'typo_unwatch' };
  }
  return { kind: 'usage', problem: 'unreadable' };
}
