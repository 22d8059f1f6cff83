/**
 * One JSON log line per Slack request: its kind (command, action, shortcut), its Slack id, the outcome the
 * listener recorded, when it acknowledged and how long the whole answer took. Also hands the request's promise
 * to the work tracker, so shutdown waits for answers already promised. Never logs a token or the raw body.
 */
import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import type { Logger } from '../../log.js';
import type { WorkTracker } from '../work-tracker.js';

const OUTCOME = 'requestOutcome';
const PIPELINE = 'requestPipelineId';
const ACKED = 'requestAckedAt';

/** Records how the request ended (`ok`, `usage`, `api_not_found`, …) and which pipeline it was about. */
export function setOutcome(context: Context, outcome: string, pipelineId?: string): void {
  context[OUTCOME] = outcome;
  if (pipelineId !== undefined) context[PIPELINE] = pipelineId;
}

/** Records the moment the listener acknowledged (call right after `ack()`). */
export function markAcked(context: Context): void {
  context[ACKED] = performance.now();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request's kind and Slack id, read from its body. */
export function describeRequest(body: unknown): { kind: string; id: string | null } {
  if (!isRecord(body)) return { kind: 'unknown', id: null };
  if (typeof body.command === 'string') return { kind: 'command', id: body.command };
  if (body.type === 'block_actions') {
    const first = Array.isArray(body.actions) ? body.actions[0] : undefined;
    return { kind: 'action', id: isRecord(first) && typeof first.action_id === 'string' ? first.action_id : null };
  }
  if (body.type === 'message_action' || body.type === 'shortcut') {
    return { kind: 'shortcut', id: typeof body.callback_id === 'string' ? body.callback_id : null };
  }
  if (body.type === 'event_callback' && isRecord(body.event)) {
    return { kind: 'event', id: typeof body.event.type === 'string' ? body.event.type : null };
  }
  return { kind: typeof body.type === 'string' ? body.type : 'unknown', id: null };
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** The global middleware: logs every request once and tracks its post-ack work. */
export function requestLogMiddleware(logger: Logger, tracker: WorkTracker): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const started = performance.now();
    const { kind, id } = describeRequest(body);
    let failed = false;
    try {
      await tracker.track(next());
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      const recorded = typeof context[OUTCOME] === 'string' ? context[OUTCOME] : null;
      // A listener that threw (usually a refused response_url) failed whatever it had recorded before.
      const outcome = failed ? 'error' : (recorded ?? 'ok');
      const acked = typeof context[ACKED] === 'number' ? round(context[ACKED] - started) : null;
      const fields: Record<string, unknown> = { kind, id, outcome, ms: round(performance.now() - started) };
      if (acked !== null) fields.ackMs = acked;
      if (failed && recorded !== null) fields.before = recorded;
      if (typeof context[PIPELINE] === 'string') fields.pipelineId = context[PIPELINE];
      logger.info('slack request', fields);
    }
  };
}
