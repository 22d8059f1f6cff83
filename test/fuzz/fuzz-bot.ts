/**
 * The bot under fuzzing: the shared harness (real Bolt HTTP receiver, fake Slack, SWR simulator), with the real
 * watch service and a poller that never ticks on its own (a background post would be taken for an answer): it only
 * posts a new watch's first card, within the request (`runNow`). A store the test can read, a configured reviewer
 * mention, and a record of every unhandled rejection or uncaught exception in the process.
 * `exchange` sends one request and returns, once the bot has logged it as finished, every Slack call it made.
 */

import { expect } from 'vitest';
import { createStore } from '../../src/store/index.js';
import type { WatchStore } from '../../src/store/types.js';
import { createPoller, createWatchService } from '../../src/watch/index.js';
import type { SlackCall } from '../helpers/fake-slack.js';
import { slackUser } from '../helpers/fake-slack.js';
import type { SlackReply } from '../helpers/slack-request.js';
import { type Harness, startHarness } from '../slack/bot-harness.js';
import { answerProblems } from './answer-check.js';

/** The Slack user the bot may mention: `alice` is a pending reviewer of 29501 in the simulator. */
/** Members of the bot's workspace besides the fake's default user, as the fuzz generators name them. */
export const WORKSPACE_MEMBERS = ['U0OTHER001', 'W0ENTERPR1', 'U0USER001', 'U1'];

export const ALICE_SLACK_ID = 'U0ALICE001';
export const CONFIGURED_MENTIONS: ReadonlySet<string> = new Set([ALICE_SLACK_ID]);

/** Who a private answer may name as a mention: configured people, and the workspace's members. */
const PRIVATELY_NAMED: ReadonlySet<string> = new Set([...CONFIGURED_MENTIONS, 'U00000001', ...WORKSPACE_MEMBERS]);

export interface FuzzBot {
  h: Harness;
  store: WatchStore;
  /** Every `unhandledRejection` and `uncaughtException` seen since the start. */
  crashes: unknown[];
  close(): Promise<void>;
}

/** Starts the bot; `env` adds variables (e.g. `SWR_CONSOLE_URL_TEMPLATE`). */
export async function startFuzzBot(env: Record<string, string> = {}): Promise<FuzzBot> {
  const crashes: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    crashes.push(reason);
  };
  const onException = (error: unknown): void => {
    crashes.push(error);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const store = await createStore('sqlite::memory:');
  const h = await startHarness(
    { SLACK_USER_MAP: `alice=${ALICE_SLACK_ID}`, ...env },
    {
      store,
      openWatchFeature: async ({ config, backend, now, slack }) => {
        const poller = createPoller({
          store,
          backend,
          slack,
          intervalSeconds: config.watch.intervalSeconds,
          reviewReminderMinutes: config.watch.reviewReminderMinutes,
          locale: config.locale,
          mentions: config.slackUserMap,
        });
        return {
          commands: createWatchService({ store, backend, poller, locale: config.locale, now }),
          start: () => undefined,
          stop: () => poller.stop(),
        };
      },
    },
  );
  // The workspace's members the generators click and type as (anyone else is no member: the gate refuses them).
  for (const id of WORKSPACE_MEMBERS) h.fake.addUser(slackUser('member', id));
  return {
    h,
    store,
    crashes,
    close: async () => {
      await h.close();
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** One request and what came of it. */
export interface Exchange {
  reply: SlackReply;
  /** Every call the fake Slack received for this request (requests are sent one at a time). */
  calls: SlackCall[];
  /** The bot's "slack request" log line for it; `{}` when the request was refused (no listener ran). */
  log: Record<string, unknown>;
  /** From sending to the log line (for a failure message: no test bounds it; speed is the benchmarks' matter). */
  ms: number;
}

/**
 * Sends one request with `send` and waits until the bot logs it as finished (the listener's last answer had been
 * delivered by then). A request Bolt or the request guard refused (any status but 200) runs no listener and writes
 * no such line: it returns at once. There is no time limit: a listener that never finishes fails the test by the
 * test's own timeout, and a slow machine only makes it later.
 */
export async function exchange(h: Harness, send: () => Promise<SlackReply>): Promise<Exchange> {
  const firstCall = h.fake.calls.length;
  let scanned = h.logs.length;
  const started = performance.now();
  const reply = await send();
  const done = (log: Record<string, unknown>): Exchange => ({
    reply,
    calls: h.fake.calls.slice(firstCall),
    log,
    ms: performance.now() - started,
  });
  if (reply.status !== 200) return done({});
  for (;;) {
    for (; scanned < h.logs.length; scanned += 1) {
      const line = h.logs[scanned];
      if (line?.msg === 'slack request') return done(line);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** The answers of an exchange that only the requester sees: its response_url and chat.postEphemeral. */
export function privateAnswers(calls: readonly SlackCall[], responsePath?: string): SlackCall[] {
  return calls.filter(
    (c) =>
      (c.method === 'response_url' && (responsePath === undefined || c.path === responsePath)) ||
      c.method === 'chat.postEphemeral',
  );
}

/** Every call of an exchange that carries a message (what the checks apply to). */
export function messageCalls(calls: readonly SlackCall[]): SlackCall[] {
  return calls.filter((c) =>
    ['response_url', 'chat.postEphemeral', 'chat.postMessage', 'chat.update'].includes(c.method),
  );
}

/** Fails unless every message among `calls` passes `answerProblems` for `input` (see ./answer-check.ts). */
export function expectCleanMessages(calls: readonly SlackCall[], input: string): void {
  for (const call of messageCalls(calls)) {
    // Besides SLACK_USER_MAP's people, the bot may name a member of the workspace it knows itself (who started a
    // watch, in the private answer saying who may stop it): an id the store kept, never text from the input.
    const mentions = call.method === 'chat.postMessage' ? CONFIGURED_MENTIONS : PRIVATELY_NAMED;
    expect(answerProblems(call.body, input, mentions), JSON.stringify(call.body).slice(0, 500)).toEqual([]);
  }
}
