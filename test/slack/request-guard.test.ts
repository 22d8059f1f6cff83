/**
 * The request guard's clock rules, on an injected clock: the replay memory keeps a signature for the whole
 * 5-minute window Bolt accepts its timestamp in — up to `ts + 300` inclusive, however early or late (within the
 * skew) it was first seen — and forgets it afterwards, when Bolt's own stale check takes over. Through the real
 * Bolt receiver in http.test.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createReplayMemory, MAX_CLOCK_SKEW_SECONDS } from '../../src/slack/replay-memory.js';
import { guardSlackRequests } from '../../src/slack/request-guard.js';
import { createSlackRequester, type SlackRequester } from '../helpers/slack-request.js';

const SECRET = 'request-guard-test-secret-42';
/** A Slack request timestamp (unix seconds): T in the tests. */
const T = 1_700_000_000;

describe('the replay memory', () => {
  it('refuses a signature seen at T at T+1, T+299 and T+300, and takes it again at T+301', () => {
    expect(MAX_CLOCK_SKEW_SECONDS).toBe(300);
    const memory = createReplayMemory();
    expect(memory.firstSighting('v0=a', T, T)).toBe(true);
    for (const later of [T, T + 1, T + 299, T + 300])
      expect(memory.firstSighting('v0=a', T, later), `at ${later}`).toBe(false);
    // Bolt refuses ts = T as stale from T+301 on: the memory may let go of it there, and no sooner.
    expect(memory.firstSighting('v0=a', T, T + 301)).toBe(true);
  });

  it('tells real signatures apart by their first 52 bits, and odd ones by their whole text', () => {
    const memory = createReplayMemory();
    const real = (head: string) => `v0=${head}${'0'.repeat(64 - head.length)}`;
    expect(memory.firstSighting(real('0123456789abc'), T, T)).toBe(true);
    expect(memory.firstSighting(real('0123456789abd'), T, T)).toBe(true);
    expect(memory.firstSighting(real('0123456789abc'), T, T + 1)).toBe(false);
    expect(memory.firstSighting('v0=a', T, T)).toBe(true);
    expect(memory.firstSighting('v0=ahead', T, T)).toBe(true);
    expect(memory.size()).toBe(4);
  });

  it('keeps a request dated ahead of our clock for its own window: ts = now+299 replayed at now+599 is refused', () => {
    const memory = createReplayMemory();
    const now = T;
    expect(memory.firstSighting('v0=ahead', now + 299, now)).toBe(true);
    expect(memory.firstSighting('v0=ahead', now + 299, now + 300)).toBe(false);
    expect(memory.firstSighting('v0=ahead', now + 299, now + 599)).toBe(false);
    expect(memory.firstSighting('v0=ahead', now + 299, now + 600)).toBe(true);
  });

  it('keeps a request dated behind our clock until its own window ends, not a window from when it was seen', () => {
    const memory = createReplayMemory();
    // Seen 250 s after it was signed: Bolt accepts it until T+300, so must the memory.
    expect(memory.firstSighting('v0=late', T, T + 250)).toBe(true);
    expect(memory.firstSighting('v0=late', T, T + 300)).toBe(false);
  });

  it('tells signatures apart', () => {
    const memory = createReplayMemory();
    expect(memory.firstSighting('v0=a', T, T)).toBe(true);
    expect(memory.firstSighting('v0=b', T, T)).toBe(true);
    expect(memory.firstSighting('v0=a', T, T)).toBe(false);
  });

  it('is swept: what left the window is forgotten, so it holds about five minutes of requests', () => {
    const memory = createReplayMemory();
    for (let i = 0; i < 1_000; i += 1) memory.firstSighting(`v0=old${i}`, T, T);
    expect(memory.size()).toBe(1_000);
    // Still in the window: kept.
    memory.firstSighting('v0=mid', T + 200, T + 200);
    expect(memory.size()).toBe(1_001);
    // A steady stream, one new request a second for 20 minutes: once the first ones are swept, never more than
    // the window's worth (301 s) plus the sweep's period (10 s).
    const window = MAX_CLOCK_SKEW_SECONDS + 1 + 10;
    let most = 0;
    for (let s = 1; s <= 1_200; s += 1) {
      memory.firstSighting(`v0=stream${s}`, T + 200 + s, T + 200 + s);
      if (s > 200) most = Math.max(most, memory.size());
    }
    expect(most).toBeLessThanOrEqual(window);
    expect(memory.size()).toBeGreaterThanOrEqual(MAX_CLOCK_SKEW_SECONDS);
  });
});

describe('guardSlackRequests on an injected clock (Bolt’s receiver replaced by a recorder)', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  /** A guarded listener whose inner listener (Bolt's, in the bot) records what reached it and answers 200. */
  async function guarded(clock: { ms: number }) {
    const reached: string[] = [];
    const logs: Record<string, unknown>[] = [];
    const inner = (req: IncomingMessage, res: ServerResponse): void => {
      reached.push(String(req.headers['x-slack-request-timestamp']));
      res.writeHead(200);
      res.end('');
    };
    const listener = guardSlackRequests(inner, {
      signingSecret: SECRET,
      path: '/slack/events',
      logger: createLogger({ level: 'debug', write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) }),
      now: () => clock.ms,
    });
    server = createServer(listener);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const slack: SlackRequester = createSlackRequester(`http://127.0.0.1:${port}/slack/events`, SECRET);
    const replays = () => logs.filter((l) => l.msg === 'rejected a Slack request' && l.reason === 'replayed request');
    return { slack, reached, logs, replays };
  }

  const BODY = 'command=%2Fpipeline&text=help&team_id=T00000001&trigger_id=captured.1';

  it('refuses the same signed request at T+1, T+299 and T+300; at T+301 leaves it to Bolt’s stale check', async () => {
    const clock = { ms: T * 1000 };
    const { slack, reached, replays } = await guarded(clock);
    expect((await slack.send(BODY, { timestamp: T })).status).toBe(200);
    expect(reached).toHaveLength(1);
    for (const later of [1, 299, 300]) {
      clock.ms = (T + later) * 1000 + 999;
      const replay = await slack.send(BODY, { timestamp: T });
      expect(replay.status, `replayed at T+${later}`).toBe(401);
      expect(replays(), `replayed at T+${later}`).toHaveLength([1, 299, 300].indexOf(later) + 1);
    }
    // The guard answers the 401 itself: the inner listener never saw a replay.
    expect(reached).toHaveLength(1);
    clock.ms = (T + 301) * 1000;
    expect((await slack.send(BODY, { timestamp: T })).status).toBe(200);
    expect(reached).toHaveLength(2);
    expect(replays()).toHaveLength(3);
  });

  it('a request dated 299 s ahead and replayed at now+599 is still refused', async () => {
    const now = T;
    const clock = { ms: now * 1000 };
    const { slack, reached, replays } = await guarded(clock);
    expect((await slack.send(BODY, { timestamp: now + 299 })).status).toBe(200);
    clock.ms = (now + 599) * 1000;
    expect((await slack.send(BODY, { timestamp: now + 299 })).status).toBe(401);
    expect(replays()).toHaveLength(1);
    expect(reached).toHaveLength(1);
  });

  it('reads the future-timestamp rule off the same clock: 300 s ahead passes, 301 s ahead is refused', async () => {
    const clock = { ms: T * 1000 };
    const { slack, reached, logs } = await guarded(clock);
    expect((await slack.send(`${BODY}&n=1`, { timestamp: T + 300 })).status).toBe(200);
    expect((await slack.send(`${BODY}&n=2`, { timestamp: T + 301 })).status).toBe(401);
    expect(logs.filter((l) => l.reason === 'timestamp in the future')).toHaveLength(1);
    expect(reached).toEqual([String(T + 300)]);
  });

  it('hands a request stale on the injected clock to Bolt without remembering it', async () => {
    const clock = { ms: (T + 301) * 1000 };
    const { slack, reached, logs } = await guarded(clock);
    expect((await slack.send(BODY, { timestamp: T })).status).toBe(200);
    expect((await slack.send(BODY, { timestamp: T })).status).toBe(200);
    // Bolt (here the recorder) answers both: Bolt's own stale check refuses them in the bot.
    expect(reached).toHaveLength(2);
    expect(logs.filter((l) => l.msg === 'rejected a Slack request')).toEqual([]);
  });
});
