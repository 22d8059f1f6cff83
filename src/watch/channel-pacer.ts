/**
 * The per-channel queue's pacing: about one post per second per channel (Slack's `chat.postMessage` limit) with
 * a short burst allowed, and nothing to a channel until its `Retry-After` has passed. A post that does not fit
 * is left for a later cycle instead of waited for, so a busy channel never holds up a cycle, and the pacing is a
 * pure function of the times the caller passes in: tests drive it with `tick(now)` and never wait.
 */

export interface ChannelPacerOptions {
  /** Average gap between two posts to one channel. Default 1 s. */
  gapMs?: number;
  /** How far a channel's schedule may run ahead of now: `burstMs / gapMs` extra posts at once. Default 2 s. */
  burstMs?: number;
}

/** One process's pacing of posts per channel (and of edits per workspace). */
export interface ChannelPacer {
  /** Takes the next slot of `channel` if it is due by `nowMs`; `false`: try again at `nextFree`. */
  reserve(channel: string, nowMs: number): boolean;
  /** Gives back a slot `reserve` took for a post that was not made after all. */
  giveBack(channel: string): void;
  /** When `channel` can take a post again. */
  nextFree(channel: string, nowMs: number): number;
  /** Nothing goes to `channel` before `untilMs` (after a 429). */
  block(channel: string, untilMs: number): void;
  /** The end of `channel`'s block, or `null`. */
  blockedUntil(channel: string, nowMs: number): number | null;
}

/** Creates the pacing state of one process. */
export function createChannelPacer(options: ChannelPacerOptions = {}): ChannelPacer {
  const gap = options.gapMs ?? 1_000;
  const burst = options.burstMs ?? 2_000;
  const nextSlot = new Map<string, number>();
  const blocked = new Map<string, number>();

  const blockedUntil = (channel: string, nowMs: number): number | null => {
    const until = blocked.get(channel);
    if (until === undefined) return null;
    if (until <= nowMs) {
      blocked.delete(channel);
      return null;
    }
    return until;
  };

  return {
    reserve: (channel, nowMs) => {
      if (blockedUntil(channel, nowMs) !== null) return false;
      const slot = Math.max(nowMs, nextSlot.get(channel) ?? 0);
      if (slot - nowMs > burst) return false;
      nextSlot.set(channel, slot + gap);
      // Entries in the past carry no information: drop them once the map grows large.
      if (nextSlot.size > 50_000) for (const [c, t] of nextSlot) if (t < nowMs) nextSlot.delete(c);
      return true;
    },
    giveBack: (channel) => {
      const slot = nextSlot.get(channel);
      if (slot !== undefined) nextSlot.set(channel, slot - gap);
    },
    nextFree: (channel, nowMs) =>
      Math.max(blockedUntil(channel, nowMs) ?? nowMs, (nextSlot.get(channel) ?? nowMs) - burst),
    block: (channel, untilMs) => {
      blocked.set(channel, Math.max(untilMs, blocked.get(channel) ?? 0));
    },
    blockedUntil,
  };
}
