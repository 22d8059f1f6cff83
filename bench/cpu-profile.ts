/**
 * Reads a `--cpu-prof` profile of the bot taken by `npx tsx bench/slack.ts --cpu-prof DIR …` and the request
 * timings written beside it (`bench/slack-child.ts`), and says where the bot's event loop went in each burst of
 * commands, per command:
 *
 * - **ack window**: from the first request of a burst to its last acknowledgement (what delays the acks);
 * - **tail**: after the last acknowledgement until just before SWR answers (work started after `ack()`);
 * - **answers**: from then until the next burst (SWR answers → card rendered → `respond`).
 *
 * For each window: time by module (self time, and "attributed": a sample of Node's own code counted for the
 * nearest caller outside it — `createHmac` under Bolt's `verifySlackRequest` is Bolt's), and the functions with
 * the most inclusive and self time. Bench-only; prints markdown.
 *
 * `npx tsx bench/cpu-profile.ts /tmp/prof/bot.cpuprofile /tmp/prof/timings-bot.json [--burst 50] [--warmup 100]
 * [--latency 1500] [--top 30] [--callers writeLatin1String] [--compare OTHER.cpuprofile OTHER-timings.json]`
 * `npx tsx bench/cpu-profile.ts PROFILE - --per 100000`: the whole profile (no timings), per unit of work.
 */
import { readFileSync } from 'node:fs';
import type { RequestTimings } from './slack-child.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

type WindowName = 'ack window' | 'tail' | 'answers';

/** Where a frame's code lives, in the words of the findings. */
export function moduleOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return '(program: native, not JS)';
    if (functionName === '(idle)') return '(idle)';
    return functionName.startsWith('(') ? functionName : 'native';
  }
  if (url.includes('node:internal/deps/undici')) return 'undici (fetch: Bolt respond())';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  const own = /dist-bench\/(src\/.+)\.js$/.exec(url);
  if (own) return `bot ${own[1]}`;
  if (url.includes('dist-bench/bench/')) return 'bench harness';
  const core = /^node:(?:internal\/)?([^/]+(?:\/[^/]+)?)/.exec(url);
  if (core) return `node:${core[1]}`;
  return url;
}

const isNodeCore = (module: string): boolean => module.startsWith('node:') || module === 'native';
const frameKey = (f: CallFrame): string => {
  const file = f.url.replace(/^.*\/(node_modules|dist-bench)\//, '').replace(/^file:\/\//, '');
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}

export interface Burst {
  size: number;
  start: number;
  lastAck: number;
  end: number;
}

/**
 * The bursts as the benchmark sends them: `warmup` commands first, then bursts of `burst`, one after the other.
 * (Requests cannot be told apart by time alone: the bot serves them one after the other, each start coming
 * after the previous acknowledgement.) Each burst ends where the next begins (or 5 s after it began).
 */
export function findBursts(t: RequestTimings, burst: number, warmup: number): Burst[] {
  const starts = [...t.starts].sort((a, b) => a - b).slice(warmup);
  const finishes = [...t.finishes].sort((a, b) => a - b).slice(warmup);
  const out: Burst[] = [];
  for (let i = 0; i + burst <= starts.length; i += burst) {
    const start = starts[i] as number;
    out.push({
      size: burst,
      start,
      lastAck: Math.max(...finishes.slice(i, i + burst)),
      end: starts[i + burst] ?? start + 5_000_000,
    });
  }
  return out;
}

interface Tally {
  ms: number;
  /** Stacks (leaf first, up to the first frame outside Node core) of the samples in `callersOf`. */
  callers: Map<string, number>;
  byModuleSelf: Map<string, number>;
  byModuleAttributed: Map<string, number>;
  selfByFunction: Map<string, number>;
  totalByFunction: Map<string, number>;
}

const newTally = (): Tally => ({
  ms: 0,
  callers: new Map(),
  byModuleSelf: new Map(),
  byModuleAttributed: new Map(),
  selfByFunction: new Map(),
  totalByFunction: new Map(),
});
const add = (m: Map<string, number>, k: string, v: number): void => {
  m.set(k, (m.get(k) ?? 0) + v);
};

/** Tallies the profile's samples that fall in each window of the selected bursts. */
export function analyse(
  profile: CpuProfile,
  bursts: Burst[],
  latencyUs: number,
  callersOf: string | null = null,
): Map<WindowName, Tally> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const tallies = new Map<WindowName, Tally>([
    ['ack window', newTally()],
    ['tail', newTally()],
    ['answers', newTally()],
  ]);
  const windowOf = (t: number): WindowName | null => {
    for (const b of bursts) {
      if (t < b.start || t >= b.end) continue;
      if (t <= b.lastAck) return 'ack window';
      return t < b.start + latencyUs - 50_000 ? 'tail' : 'answers';
    }
    return null;
  };
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    t += profile.timeDeltas[i] ?? 0;
    const durationMs = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const w = windowOf(t);
    if (w === null) continue;
    const node = byId.get(profile.samples[i] as number);
    if (!node) continue;
    const module = moduleOf(node.callFrame);
    if (module === '(idle)') continue;
    const tally = tallies.get(w) as Tally;
    tally.ms += durationMs;
    add(tally.byModuleSelf, module, durationMs);
    add(tally.selfByFunction, `${frameKey(node.callFrame)} [${module}]`, durationMs);
    // Walk up: the first frame outside Node's own code names who the time is for; every frame gets inclusive time.
    const seen = new Set<string>();
    let attributed: string | null = isNodeCore(module) ? null : module;
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = (byId.get(id) as ProfileNode).callFrame;
      if (frame.url === '' && frame.functionName === '(root)') break;
      const m = moduleOf(frame);
      if (attributed === null && !isNodeCore(m)) attributed = m;
      const key = `${frameKey(frame)} [${m}]`;
      if (!seen.has(key)) {
        seen.add(key);
        add(tally.totalByFunction, key, durationMs);
      }
    }
    add(tally.byModuleAttributed, attributed ?? `${module} (no caller outside Node)`, durationMs);
    if (callersOf !== null && node.callFrame.functionName.includes(callersOf)) {
      const stack: string[] = [];
      for (let id = parent.get(node.id); id !== undefined && stack.length < 12; id = parent.get(id)) {
        const frame = (byId.get(id) as ProfileNode).callFrame;
        stack.push(frameKey(frame));
        if (!isNodeCore(moduleOf(frame))) break;
      }
      add(tally.callers, stack.join(' ← '), durationMs);
    }
  }
  return tallies;
}

function table(title: string, entries: Map<string, number>, per: number, windowMs: number, top: number): string[] {
  const rows = [...entries.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return [
    '',
    `| ${title} | ms per command | share of window |`,
    '| --- | ---: | ---: |',
    ...rows.map(
      ([k, v]) => `| ${k.replace(/\|/g, '\\|')} | ${(v / per).toFixed(3)} | ${((100 * v) / windowMs).toFixed(1)} % |`,
    ),
  ];
}

/** Markdown for one profile. */
export function report(
  profile: CpuProfile,
  timings: RequestTimings,
  burst: number,
  warmup: number,
  latencyMs: number,
  top: number,
  callersOf: string | null = null,
) {
  const bursts = findBursts(timings, burst, warmup);
  const tallies = analyse(profile, bursts, latencyMs * 1000, callersOf);
  const commands = bursts.length * burst;
  const ackSpans = bursts.map((b) => (b.lastAck - b.start) / 1000);
  const lines = [
    `Bursts of ${burst}: ${bursts.length} (${commands} commands, after ${warmup} warm-up commands). Burst start → last ack: median ${median(ackSpans).toFixed(1)} ms. Sampling interval ${(profile.timeDeltas.slice(1).reduce((a, b) => a + b, 0) / Math.max(1, profile.timeDeltas.length - 1)).toFixed(0)} µs.`,
  ];
  for (const [name, tally] of tallies) {
    lines.push(
      '',
      `### ${name}: ${(tally.ms / commands).toFixed(3)} ms of CPU per command (${tally.ms.toFixed(0)} ms in all)`,
      ...table('module (self time)', tally.byModuleSelf, commands, tally.ms, top),
      ...table('attributed to (nearest frame outside Node core)', tally.byModuleAttributed, commands, tally.ms, top),
      ...table('function (inclusive)', tally.totalByFunction, commands, tally.ms, top),
      ...table('function (self)', tally.selfByFunction, commands, tally.ms, top),
      ...(callersOf ? table(`callers of ${callersOf}`, tally.callers, commands, tally.ms, top) : []),
    );
  }
  return lines.join('\n');
}

/** The whole profile as one window (no request timings: e.g. a loop of renders), per `per` units of work. */
export function whole(profile: CpuProfile, per: number, top: number, callersOf: string | null = null): string {
  const span: Burst = { size: 1, start: profile.startTime, lastAck: profile.endTime, end: profile.endTime + 1 };
  const tally = analyse(profile, [span], Number.POSITIVE_INFINITY, callersOf).get('ack window') as Tally;
  return [
    `Whole profile: ${tally.ms.toFixed(0)} ms of CPU (idle left out), ${((1000 * tally.ms) / per).toFixed(2)} µs per unit (${per} units).`,
    ...table('module (self time)', tally.byModuleSelf, per, tally.ms, top),
    ...table('function (inclusive)', tally.totalByFunction, per, tally.ms, top),
    ...table('function (self)', tally.selfByFunction, per, tally.ms, top),
    ...(callersOf ? table(`callers of ${callersOf}`, tally.callers, per, tally.ms, top) : []),
  ]
    .join('\n')
    .replace(/ms per command/g, 'ms per unit');
}

/** The ack windows of two profiles side by side (e.g. the bot against the bare Bolt app), per command. */
export function compare(
  a: { name: string; profile: CpuProfile; timings: RequestTimings },
  b: { name: string; profile: CpuProfile; timings: RequestTimings },
  burst: number,
  warmup: number,
  latencyMs: number,
  top: number,
): string {
  const tally = (x: typeof a) => {
    const bursts = findBursts(x.timings, burst, warmup);
    return { t: analyse(x.profile, bursts, latencyMs * 1000).get('ack window') as Tally, n: bursts.length * burst };
  };
  const [ta, tb] = [tally(a), tally(b)];
  const lines = [
    `Ack window, CPU per command: ${a.name} ${(ta.t.ms / ta.n).toFixed(3)} ms, ${b.name} ${(tb.t.ms / tb.n).toFixed(3)} ms.`,
  ];
  const side = (title: string, pick: (t: Tally) => Map<string, number>) => {
    const keys = new Set([...pick(ta.t).keys(), ...pick(tb.t).keys()]);
    const rows = [...keys]
      .map((k) => {
        const va = (pick(ta.t).get(k) ?? 0) / ta.n;
        const vb = (pick(tb.t).get(k) ?? 0) / tb.n;
        return { k, va, vb, d: va - vb };
      })
      .sort((x, y) => y.d - x.d)
      .slice(0, top);
    lines.push(
      '',
      `| ${title} | ${a.name} ms/command | ${b.name} ms/command | difference |`,
      '| --- | ---: | ---: | ---: |',
      ...rows.map(
        (r) =>
          `| ${r.k.replace(/\|/g, '\\|')} | ${r.va.toFixed(3)} | ${r.vb.toFixed(3)} | ${r.d >= 0 ? '+' : ''}${r.d.toFixed(3)} |`,
      ),
    );
  };
  side('attributed to', (t) => t.byModuleAttributed);
  side('module (self)', (t) => t.byModuleSelf);
  side('function (inclusive)', (t) => t.totalByFunction);
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [profilePath, timingsPath] = process.argv.slice(2);
  if (!profilePath || !timingsPath) throw new Error('usage: cpu-profile.ts PROFILE TIMINGS [--burst 50]');
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const callers = process.argv.indexOf('--callers');
  const callersOf = callers >= 0 ? (process.argv[callers + 1] ?? null) : null;
  if (timingsPath === '-') {
    process.stdout.write(`${whole(profile, arg('--per', 1), arg('--top', 30), callersOf)}\n`);
    process.exit(0);
  }
  const timings = JSON.parse(readFileSync(timingsPath, 'utf8')) as RequestTimings;
  const against = process.argv.indexOf('--compare');
  if (against >= 0) {
    const [otherProfile = '', otherTimings = ''] = process.argv.slice(against + 1, against + 3);
    const other = {
      name: 'baseline',
      profile: JSON.parse(readFileSync(otherProfile, 'utf8')) as CpuProfile,
      timings: JSON.parse(readFileSync(otherTimings, 'utf8')) as RequestTimings,
    };
    const text = compare(
      { name: 'profile', profile, timings },
      other,
      arg('--burst', 50),
      arg('--warmup', 100),
      arg('--latency', 1500),
      arg('--top', 30),
    );
    process.stdout.write(`${text}\n`);
    process.exit(0);
  }
  const text = report(
    profile,
    timings,
    arg('--burst', 50),
    arg('--warmup', 100),
    arg('--latency', 1500),
    arg('--top', 30),
    callersOf,
  );
  process.stdout.write(`${text}\n`);
}
