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
});
