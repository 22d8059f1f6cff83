/**
 * The audit trail: one JSON log line (`"msg":"audit"`) per share, watch, unwatch, review action and refusal, with
 * the team, conversation and user ids and the pipeline id — never a secret, a token or a pipeline's params. An
 * operator filters the bot's log on `msg == "audit"` to see who did what where.
 */
import type { Logger } from '../log.js';

/** What happened. */
export type AuditAction =
  | 'share'
  | 'watch'
  | 'unwatch'
  | 'review_pass'
  | 'review_refuse'
  | 'link'
  | 'unlink'
  | 'remind'
  | 'refused';

export interface AuditEntry {
  action: AuditAction;
  teamId: string | null;
  channelId: string | null;
  userId: string | null;
  pipelineId?: string | null | undefined;
  /** What came of it: `ok`, or why not (`not_visible`, `guest`, `other_workspace`, an API error kind, …). */
  outcome: string;
  /** For a refusal: what the person asked (`show`, `share`, `watch`, …). */
  asked?: string | undefined;
}

/** Writes audit lines through `logger` (a child with `component: audit`). */
export interface AuditTrail {
  record(entry: AuditEntry): void;
}

/** The audit trail over `logger`. */
export function createAuditTrail(logger: Logger): AuditTrail {
  const audit = logger.child({ component: 'audit' });
  return {
    record(entry) {
      audit.info('audit', {
        action: entry.action,
        team: entry.teamId,
        channel: entry.channelId,
        user: entry.userId,
        pipelineId: entry.pipelineId ?? null,
        outcome: entry.outcome,
        ...(entry.asked ? { asked: entry.asked } : {}),
      });
    },
  };
}
