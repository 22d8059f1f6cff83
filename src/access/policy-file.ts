/**
 * The access policy file (`ACCESS_POLICY_FILE`, YAML): read and checked at start — every problem named with its
 * line — and read again whenever it changes, so an edit takes effect without a restart. A changed file that does
 * not check out is refused and logged: the policy in force stays as it was (an edit can never open access by
 * accident). Without a file, everything is allowed, and the start-up log warns about it.
 */
import { readFileSync, stat, statSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { Logger } from '../log.js';
import { type Policy, policySchema } from './policy.js';

/** A policy file that does not check out: one line per problem, each with its line number. */
export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
  readonly problems: string[];
  constructor(path: string, problems: string[]) {
    super(`The access policy ${path} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Reads and checks the policy in `text` (the file at `path`); throws `PolicyFileError`. */
export function parsePolicy(text: string, path: string): Policy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new PolicyFileError(
      path,
      doc.errors.map((e) => `line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`),
    );
  }
  const parsed = policySchema.safeParse(doc.toJS());
  if (parsed.success) return { file: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    // The deepest node the issue's path reaches in the document names the line.
    let path = issue.path as (string | number)[];
    let node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    while (node?.range === undefined && path.length > 0) {
      path = path.slice(0, -1);
      node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    }
    const line = node?.range ? `line ${lines.linePos(node.range[0]).line}` : 'the file';
    const where = issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
    return `${line}${where}: ${issue.message}`;
  });
  throw new PolicyFileError(path, problems);
}

/** The policy in force, kept current. */
export interface PolicySource {
  current(): Policy;
  close(): void;
}

/** How often the file is looked at for changes (a stat, not a read). */
const CHECK_EVERY_MS = 1_000;

/** The policy of `path` (`null`: no file), read now and again on every change. Throws `PolicyFileError` at start. */
export function openPolicy(path: string | null, logger: Logger): PolicySource {
  if (path === null) {
    logger.warn(
      'ACCESS_POLICY_FILE is not set: every member of the workspace can see every pipeline and post cards',
      {},
    );
    return { current: () => ({ file: null }), close: () => {} };
  }
  // The file's size and time when it was read. Each poll compares the file with these — not with the previous poll
  // as `fs.watchFile` does, whose first look comes a poll after start-up and takes an edit made in between for the
  // file as loaded (that edit was then never applied).
  let loaded = { mtimeMs: -1, size: -1 };
  const read = (): Policy => {
    let text: string;
    try {
      const { mtimeMs, size } = statSync(path);
      text = readFileSync(path, 'utf8');
      loaded = { mtimeMs, size };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new PolicyFileError(path, [`the file cannot be read (${code})`]);
    }
    return parsePolicy(text, path);
  };
  let policy = read();
  logger.info('access policy loaded', { path, rules: policy.file?.rules.length ?? 0, default: policy.file?.default });
  let reported: string | null = null;
  const poll = (): void => {
    stat(path, (error, now) => {
      if (error) {
        // A file moved away mid-edit (editors save by rename): the policy in force stays; said once per cause.
        if (reported !== error.code)
          logger.error('the access policy file cannot be read: the previous one stays in force', {
            path,
            code: error.code,
          });
        reported = error.code ?? 'unreadable';
        return;
      }
      reported = null;
      if (now.mtimeMs === loaded.mtimeMs && now.size === loaded.size) return;
      try {
        policy = read();
        logger.info('access policy reloaded', { path, rules: policy.file?.rules.length ?? 0 });
      } catch (failure) {
        const problems = failure instanceof PolicyFileError ? failure.problems : [String(failure)];
        logger.error('the changed access policy is not valid: the previous one stays in force', { path, problems });
      }
    });
  };
  const timer = setInterval(poll, CHECK_EVERY_MS);
  timer.unref();
  return { current: () => policy, close: () => clearInterval(timer) };
}
