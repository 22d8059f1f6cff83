/**
 * The plan of a watch cycle, as data: for each situation a watch can be in (what it remembers × what was observed),
 * the actions in order, written one line each. No Slack, no store, no clock: `planCycle` is pure.
 */
import { describe, expect, it } from 'vitest';
import { BackendError } from '../../src/domain/backend-error.js';
import type { WatchRecord } from '../../src/store/types.js';
import type { CycleAction, CyclePlan, Observation } from '../../src/watch/cycle-actions.js';
import { planCycle } from '../../src/watch/cycle-plan.js';
import type { ObservedRun } from '../../src/watch/observed-run.js';
import { pendingRunJson } from '../../src/watch/remembered-state.js';
import { NOW, newWatch, observed, type Point, RUN_START, SETTINGS, T0, watchShowing } from './cycle-fixtures.js';

const POINTS: Point[] = ['queued', 'building', 'review', 'approved_by_alice', 'deploying', 'succeeded', 'refused'];
const NEW_RUN_START = new Date(NOW + 40_000);

/** Every state JSON a test can meet, by name: `review`, or `building (new run)`. */
const NAMES = new Map<string, string>();
for (const point of POINTS) {
  NAMES.set(observed(point).stateJson, point);
  NAMES.set(observed(point, NEW_RUN_START).stateJson, `${point} (new run)`);
}
const nameOf = (json: string | null): string => (json === null ? 'null' : (NAMES.get(json) ?? json.slice(0, 40)));
/** Milestone keys with the run's start (epoch ms) as seconds from `RUN_START`. */
const keyOf = (key: string): string =>
  key.replace(/@(\d{13})/g, (_, ms: string) => `@${(Number(ms) - RUN_START.getTime()) / 1000}s`);
const shown = (name: string, value: unknown): string => {
  if (value instanceof Date) return `${(value.getTime() - NOW) / 1000}s`;
  if (name === 'baselineJson') return nameOf(value as string | null);
  if (name === 'remindedKey' && typeof value === 'string') return keyOf(value);
  return JSON.stringify(value);
};

/** One action as a line of text. */
function line(action: CycleAction): string {
  switch (action.kind) {
    case 'post_card':
      return `post card [${action.key}] "${action.message.text}" from ${nameOf(action.baselineJson)}${action.newRun ? ', new run' : ''}`;
    case 'edit_card':
      return `edit ${action.ts} "${action.message.text}" (if deleted: ${line(action.ifDeleted)})`;
    case 'final_edit':
      return `final edit ${action.ts} "${action.message.text}"`;
    case 'close_card':
      return `close ${action.ts} "${action.message.text}", then ${line(action.note)}`;
    case 'post_in_thread':
      return `thread [${keyOf(action.key)}]${action.broadcast ? ' broadcast' : ''} "${action.message.text}"`;
    case 'remember':
      return `remember ${Object.entries(action.set)
        .map(([name, value]) => `${name}=${shown(name, value)}`)
        .join(', ')}`;
  }
}

const lines = (plan: CyclePlan): string[] => plan.actions.map(line);
const run = (seen: ObservedRun): Observation => ({ kind: 'run', run: seen });
const plan = (watch: WatchRecord, observation: Observation, now = NOW): CyclePlan =>
  planCycle(watch, observation, now, SETTINGS);

describe('a run observed', () => {
  it('nothing changed: nothing to do, looked at again after the interval', () => {
    const seen = observed('building');
    const idle = plan(watchShowing(seen), run(seen));
    expect(idle.actions).toEqual([]);
    expect(idle.pollAfterMs).toBe(15_000);
    expect(idle.observed).toBe(seen);
  });

  it('a new watch: its card, whose thread tells what happens from now on (no milestone of the past)', () => {
    const seen = observed('review');
    const first = plan(newWatch(), run(seen));
    expect(lines(first)).toEqual([`post card [card] "card: build-api-1003 running" from review, new run`]);
    expect(first.actions[0]).toMatchObject({ runKey: seen.state.runKey, fingerprint: seen.fingerprint });
    // Waiting for a review: looked at four times less often.
    expect(first.pollAfterMs).toBe(60_000);
  });

  it('the run moved: one edit (with its replacement if the card was deleted), then each milestone, then the baseline', () => {
    const before = observed('building');
    const seen = observed('review');
    const moved = plan(watchShowing(before), run(seen));
    expect(lines(moved)).toEqual([
      `edit 1.1 "card: build-api-1003 running" (if deleted: post card [card:1.1] "card: build-api-1003 running" from building)`,
      'thread [stage:0@0s:finished] "✅ *Build* succeeded in 2 min"',
      'thread [stage:1@120s:review] "✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*"',
      'remember baselineJson=review',
    ]);
    expect(moved.actions[0]).toMatchObject({ kind: 'edit_card', channel: 'C1', fingerprint: seen.fingerprint });
  });

  it('a card edited already (the baseline behind it): only the milestones', () => {
    const seen = observed('approved_by_alice');
    const behind = plan(watchShowing(seen, { baselineJson: observed('review').stateJson }), run(seen));
    expect(lines(behind)).toEqual([
      'thread [stage:1@120s:approved:alice] "👍 *alice* approved *Approve &lt;prod&gt;* · still waiting on *bob*"',
      'remember baselineJson=approved_by_alice',
    ]);
  });

  it('an unreadable baseline: the replacement card starts from nothing, and the run is told from its start', () => {
    const seen = observed('review');
    const unreadable = plan(watchShowing(observed('building'), { baselineJson: '{"not":"a state"}' }), run(seen));
    expect(lines(unreadable)).toEqual([
      `edit 1.1 "card: build-api-1003 running" (if deleted: post card [card:1.1] "card: build-api-1003 running" from null)`,
      // Told from nothing: the build is over, so it is told finished, not started.
      'thread [stage:0@0s:finished] "✅ *Build* succeeded in 2 min"',
      'thread [stage:1@120s:review] "✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*"',
      'remember baselineJson=review',
    ]);
  });

  it('filters: `failures` keeps failures (broadcast) and the result; `all` broadcasts the result too', () => {
    const before = observed('approved_by_alice');
    const seen = observed('refused');
    const edit = `edit 1.1 "card: build-api-1003 stage_error" (if deleted: post card [card:1.1] "card: build-api-1003 stage_error" from approved_by_alice)`;
    const refusal =
      'thread [stage:1@120s:refused] broadcast "❌ Review *Approve &lt;prod&gt;* of *build-api-1003* (#1003) was refused by bob"';
    expect(lines(plan(watchShowing(before, { filter: 'failures' }), run(seen)))).toEqual([
      edit,
      refusal,
      'thread [run@300s:finished] "❌ *build-api-1003* (#1003) stage error at *Approve &lt;prod&gt;* · total 5 min"',
      'remember baselineJson=refused',
    ]);
    expect(lines(plan(watchShowing(before, { filter: 'all' }), run(seen)))).toEqual([
      edit,
      refusal,
      'thread [run@300s:finished] broadcast "❌ *build-api-1003* (#1003) stage error at *Approve &lt;prod&gt;* · total 5 min"',
      'remember baselineJson=refused',
    ]);
  });

  it('a finished run is looked at only for a new run', () => {
    const seen = observed('succeeded');
    expect(plan(watchShowing(seen), run(seen)).pollAfterMs).toBe(120_000);
  });

  it('the first good read after failed ones clears the error streak first', () => {
    const seen = observed('building');
    const recovered = plan(watchShowing(seen, { errorStreak: 3, errorSince: T0, errorNoted: true }), run(seen));
    expect(lines(recovered)).toEqual(['remember errorStreak=0, errorSince=null, errorNoted=false']);
  });
});

describe('review reminders', () => {
  // The review of the default run started 60 s after NOW (RUN_START + 120 s); the reminder is due 10 min later.
  const seen = observed('review');
  const due = NOW + 60_000 + 10 * 60_000;
  const reminder =
    'thread [stage:1@120s:reminder] "⏰ Reminder: *Approve &lt;prod&gt;* has been waiting for review for 10 min: *alice*, *bob*"';

  it('once the reviewers have waited long enough: one reminder, remembered once posted', () => {
    expect(lines(plan(watchShowing(seen), run(seen), due - 1))).toEqual([]);
    expect(lines(plan(watchShowing(seen), run(seen), due))).toEqual([
      reminder,
      'remember remindedKey=stage:1@120s:reminder',
    ]);
  });

  it('never twice for the same review, and never with the `failures` filter', () => {
    const reminded = watchShowing(seen, { remindedKey: `stage:1@${RUN_START.getTime() + 120_000}:reminder` });
    expect(lines(plan(reminded, run(seen), due))).toEqual([]);
    expect(lines(plan(watchShowing(seen, { filter: 'failures' }), run(seen), due))).toEqual([]);
  });
});

describe('a new run while the card shows an earlier one', () => {
  const newCard = `post card [card] "card: build-api-1003 running" from null, new run`;
  const newRunStarted = 'thread [stage:0@100s:started] "🔄 *Build* started"';

  it('the earlier run was seen to the end: straight to the new run’s card, told from its start', () => {
    const last = observed('succeeded');
    const seen = observed('building', NEW_RUN_START);
    expect(lines(plan(watchShowing(last), run(seen)))).toEqual([
      newCard,
      newRunStarted,
      'remember baselineJson=building (new run)',
    ]);
  });

  it('it still owes its final edit and result: settled under its own card first, keyed by its own run', () => {
    const told = observed('deploying');
    const last = observed('succeeded');
    const watch = watchShowing(told, {
      pendingJson: pendingRunJson(last.stateJson, last.cardJson()),
    });
    const switched = plan(watch, run(observed('building', NEW_RUN_START)));
    expect(lines(switched)).toEqual([
      'final edit 1.1 "card: build-api-1003 succeeded"',
      'thread [stage:2@400s:finished] "✅ *Deploy &amp; verify* succeeded in 5 min"',
      'thread [run@700s:finished] "✅ *build-api-1003* (#1003) succeeded · total 11 min 40 s"',
      'remember baselineJson=succeeded',
      'remember pendingJson=null',
      newCard,
      newRunStarted,
      'remember baselineJson=building (new run)',
    ]);
    expect(switched.actions[0]).toMatchObject({
      fingerprint: last.fingerprint,
      pendingJson: pendingRunJson(last.stateJson, null),
    });
    expect(switched.actions[1]).toMatchObject({ runKey: told.state.runKey });
  });

  it('its final edit made, its milestones not: only the milestones', () => {
    const told = observed('deploying');
    const last = observed('succeeded');
    const watch = watchShowing(told, {
      fingerprint: last.fingerprint,
      pendingJson: pendingRunJson(last.stateJson, null),
    });
    expect(lines(plan(watch, run(observed('building', NEW_RUN_START)))).slice(0, 2)).toEqual([
      'thread [stage:2@400s:finished] "✅ *Deploy &amp; verify* succeeded in 5 min"',
      'thread [run@700s:finished] "✅ *build-api-1003* (#1003) succeeded · total 11 min 40 s"',
    ]);
  });

  it('it was last seen unfinished: its card is closed, with one note, before the new card', () => {
    const last = observed('review');
    const seen = observed('building', NEW_RUN_START);
    const closed = plan(watchShowing(last), run(seen));
    const closing =
      '⏹️ A newer run of *build-api-1003* (#1003) started at 2026-03-01 10:00 UTC. This run’s final result was not seen by the bot.';
    const note = `thread [superseded] "${closing}"`;
    expect(lines(closed)).toEqual([
      `close 1.1 "${closing}", then ${note}`,
      newCard,
      newRunStarted,
      'remember baselineJson=building (new run)',
    ]);
    expect(closed.actions[0]).toMatchObject({ kind: 'close_card', note: { runKey: last.state.runKey } });
    // The closed card shows the stages as last seen.
    expect(JSON.stringify(closed.actions[0])).toContain('Stages as last seen by the bot:');

    // Closed already, its note put off: only the note. Found deleted: nothing (no thread to note it in).
    expect(lines(plan(watchShowing(last, { cardClosed: 'edited' }), run(seen))).slice(0, 2)).toEqual([note, newCard]);
    expect(lines(plan(watchShowing(last, { cardClosed: 'card_gone' }), run(seen)))[0]).toEqual(newCard);
  });

  it('its pending state unfinished (a 429 held its milestones): settled, then closed', () => {
    const told = observed('building');
    const last = observed('review');
    const watch = watchShowing(told, { pendingJson: pendingRunJson(last.stateJson, null) });
    expect(lines(plan(watch, run(observed('building', NEW_RUN_START)))).slice(0, 5)).toEqual([
      'thread [stage:0@0s:finished] "✅ *Build* succeeded in 2 min"',
      'thread [stage:1@120s:review] "✋ *Approve &lt;prod&gt;* is waiting for review by *alice*, *bob*"',
      'remember baselineJson=review',
      'remember pendingJson=null',
      expect.stringMatching(/^close 1\.1 /),
    ]);
  });

  it('a pending account of another run is dropped', () => {
    const last = observed('succeeded');
    const other = observed('review', NEW_RUN_START);
    const watch = watchShowing(last, { pendingJson: pendingRunJson(other.stateJson, null) });
    expect(lines(plan(watch, run(observed('building', NEW_RUN_START))))[0]).toBe('remember pendingJson=null');
  });
});

describe('the pipeline could not be read', () => {
  const failed = (error: unknown): Observation => ({ kind: 'read_failed', error });
  const upstream = new BackendError('upstream', { status: 500 });

  it('backs off, doubling from the interval, and counts the streak', () => {
    const seen = observed('building');
    const first = plan(watchShowing(seen), failed(upstream));
    expect(lines(first)).toEqual(['remember errorStreak=1, errorSince=0s']);
    expect(first.pollAfterMs).toBe(30_000);
    expect(first.observed).toBeNull();
    const third = plan(watchShowing(seen, { errorStreak: 2, errorSince: T0 }), failed(upstream), NOW + 90_000);
    expect(lines(third)).toEqual(['remember errorStreak=3, errorSince=0s']);
    expect(third.pollAfterMs).toBe(120_000);
  });

  it('waits at least what the backend asked for', () => {
    const limited = new BackendError('rate_limited', { status: 429, retryAfterSeconds: 100 });
    expect(plan(newWatch(), failed(limited)).pollAfterMs).toBe(100_000);
  });

  it('says so once in the thread when it lasts, keyed by when it began', () => {
    const seen = observed('building');
    const lasting = watchShowing(seen, { errorStreak: 3, errorSince: T0 });
    expect(lines(plan(lasting, failed(upstream), NOW + 120_000))).toEqual([
      'remember errorStreak=4, errorSince=0s',
      // The key names when the streak began (here 60 s after RUN_START): a later streak gets its own note.
      'thread [swr-unreachable@60s] "⚠️ SWR has been failing with internal errors since 2026-03-01 10:00 UTC; the card may be out of date. Still trying every 4 min."',
      'remember errorNoted=true',
    ]);
    // Not before it is due, not twice, not without a card to note it under.
    expect(plan(lasting, failed(upstream), NOW + 119_999).actions).toHaveLength(1);
    expect(plan({ ...lasting, errorNoted: true }, failed(upstream), NOW + 120_000).actions).toHaveLength(1);
    expect(plan(newWatch({ errorStreak: 3, errorSince: T0 }), failed(upstream), NOW + 120_000).actions).toHaveLength(1);
  });
});
