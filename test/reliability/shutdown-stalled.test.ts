/**
 * SIGTERM to the real bot process while someone holds a request half-sent: the bot stops accepting, gives requests
 * in flight the drain (3 s), then cuts what is still open and exits 0 — the half-sent request cannot hold the
 * shutdown (Node's `server.close()` alone waits for it until its request timeout). A whole request sent just before
 * the signal is still answered.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/backends/containerops/simulator/server.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { sendHalfway } from '../helpers/raw-http.js';
import { spawnBotOn } from './child-bot.js';
import { collectProcessErrors, type ProcessErrors } from './process-errors.js';

let fake: FakeSlack;
let sim: Simulator;
let collector: ProcessErrors;
beforeAll(async () => {
  collector = collectProcessErrors();
  fake = await startFakeSlack();
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await fake.close();
  await sim.close();
  collector.stop();
  expect(collector.errors).toEqual([]);
});

it('SIGTERM with a half-sent request open: the connection is cut after the drain and the bot exits 0', async () => {
  const bot = await spawnBotOn(fake, sim, { DATABASE_URL: 'sqlite::memory:', LOG_LEVEL: 'info' });
  try {
    const { reply: cut } = await sendHalfway(bot.port, 200, 100);
    // Answered before the signal: the bot is up, and this request is not held by the stalled one.
    expect((await bot.slack.command({ text: 'help', response_url: fake.responseUrl() })).status).toBe(200);

    const exit = await bot.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect((await cut).status).toBeNull();
    const logged = bot.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.map((l) => l.msg)).toEqual(
      expect.arrayContaining([
        'shutting down',
        'cut the HTTP connections still open after the shutdown drain',
        'stopped',
      ]),
    );
  } finally {
    await bot.stop('SIGKILL');
  }
});
