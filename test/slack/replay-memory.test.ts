/**
 * The shared replay memory's own rules, with the ledger given as an object (the store's interface): this process's
 * memory is asked first (a replay to the same replica costs no query), and a ledger that hangs costs a request at
 * most `timeoutMs` before the replica relies on its own memory.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createSharedReplayMemory, type ReplayLedger } from '../../src/slack/replay-memory.js';

const T = 1_700_000_000;

function logs() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line)) });
  return { lines, logger };
}

describe('createSharedReplayMemory', () => {
  it('asks the ledger only for signatures this replica has not seen, with the window’s expiry in ms', async () => {
    const asked: [string, number, number][] = [];
    const ledger: ReplayLedger = {
      recordFirstSighting: async (signature, expiresAtMs, nowMs) => {
        asked.push([signature, expiresAtMs, nowMs]);
        return signature !== 'v0=seen-elsewhere';
      },
      sweepExpired: async () => 0,
    };
    const memory = createSharedReplayMemory(ledger, { logger: logs().logger });
    expect(await memory.firstSighting('v0=a', T, T)).toBe(true);
    expect(await memory.firstSighting('v0=a', T, T + 1)).toBe(false);
    expect(await memory.firstSighting('v0=seen-elsewhere', T, T)).toBe(false);
    expect(asked).toEqual([
      ['v0=a', (T + 301) * 1000, T * 1000],
      ['v0=seen-elsewhere', (T + 301) * 1000, T * 1000],
    ]);
  });

  it('a ledger that never answers: accepted after timeoutMs on this replica’s memory, the outage logged once', async () => {
    const { lines, logger } = logs();
    let answer: (first: boolean) => void = () => undefined;
    const ledger: ReplayLedger = {
      recordFirstSighting: () =>
        new Promise<boolean>((resolve) => {
          answer = resolve;
        }),
      sweepExpired: async () => 0,
    };
    const memory = createSharedReplayMemory(ledger, { logger, timeoutMs: 20 });
    expect(await memory.firstSighting('v0=a', T, T)).toBe(true);
    expect(await memory.firstSighting('v0=b', T, T)).toBe(true);
    expect(await memory.firstSighting('v0=a', T, T)).toBe(false);
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.reason).toBe('no answer within 20 ms');
    answer(true);
  });

  it('sweeps the ledger at most every 10 s, and logs a failing sweep once until one succeeds', async () => {
    const { lines, logger } = logs();
    const sweeps: number[] = [];
    let failing = true;
    const ledger: ReplayLedger = {
      recordFirstSighting: async () => true,
      sweepExpired: async (nowMs) => {
        sweeps.push(nowMs);
        if (failing) throw new Error('PostgreSQL at db:5432 is unavailable');
        return 0;
      },
    };
    const memory = createSharedReplayMemory(ledger, { logger });
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    for (const [i, now] of [T, T + 5, T + 10, T + 20].entries()) {
      await memory.firstSighting(`v0=${i}`, now, now);
      await settle();
    }
    expect(sweeps).toEqual([T * 1000, (T + 10) * 1000, (T + 20) * 1000]);
    const warned = () =>
      lines.filter((l) => l.msg === 'could not delete expired Slack request records; trying again in 10 s');
    expect(warned()).toHaveLength(1);
    expect(warned()[0]?.reason).toBe('PostgreSQL at db:5432 is unavailable');
    failing = false;
    await memory.firstSighting('v0=ok', T + 30, T + 30);
    await settle();
    failing = true;
    await memory.firstSighting('v0=again', T + 40, T + 40);
    await settle();
    expect(warned()).toHaveLength(2);
  });
});
