import { describe, expect, it } from 'vitest';
import { createChannelPacer } from '../../src/watch/channel-pacer.js';

describe('channel pacer', () => {
  it('allows a short burst, then about one post per second per channel', () => {
    const pacer = createChannelPacer();
    const t = 1_000_000;
    expect([0, 0, 0, 0].map(() => pacer.reserve('C1', t))).toEqual([true, true, true, false]);
    expect(pacer.nextFree('C1', t)).toBe(t + 1_000);
    expect(pacer.reserve('C2', t)).toBe(true);
    expect(pacer.reserve('C1', t + 999)).toBe(false);
    expect(pacer.reserve('C1', t + 1_000)).toBe(true);
    expect(pacer.reserve('C1', t + 1_000)).toBe(false);
    expect(pacer.reserve('C1', t + 10_000)).toBe(true);
  });

  it('sends nothing to a channel before its Retry-After', () => {
    const pacer = createChannelPacer();
    pacer.block('C1', 5_000);
    expect(pacer.blockedUntil('C1', 1_000)).toBe(5_000);
    expect(pacer.reserve('C1', 4_999)).toBe(false);
    expect(pacer.nextFree('C1', 1_000)).toBe(5_000);
    expect(pacer.reserve('C1', 5_000)).toBe(true);
    expect(pacer.blockedUntil('C1', 5_000)).toBeNull();
  });

  it('takes back a slot given back: a post not made leaves room for the next', () => {
    const pacer = createChannelPacer();
    const t = 1_000_000;
    expect([0, 0, 0].map(() => pacer.reserve('C1', t))).toEqual([true, true, true]);
    expect(pacer.reserve('C1', t)).toBe(false);
    pacer.giveBack('C1');
    expect(pacer.reserve('C1', t)).toBe(true);
    expect(pacer.reserve('C1', t)).toBe(false);
    pacer.giveBack('C9');
    expect(pacer.reserve('C9', t)).toBe(true);
  });
});
