/**
 * What every process the Slack load benchmark measures shares — the bot (`bench/slack-bot.ts`), the bare Bolt app
 * (`bench/slack-bare-bolt.ts`) and the raw `node:http` server (`bench/slack-raw-http.ts`): the IPC requests `sample`
 * (its CPU, event-loop delay and memory since the last sample, optionally after full collections) and
 * `heapSnapshot` (a `.heapsnapshot` file after full collections), and, when started with `SLACK_BENCH_TIMINGS` set to
 * a file, the monotonic time (µs, the clock of `--cpu-prof`) at which each HTTP request started and its response
 * finished, written there at `close` so a CPU profile can be cut at the acknowledgements.
 */
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { serveRequests } from './watch-ipc.js';

/** The process since the previous sample. */
export interface BotSample {
  rssMb: number;
  /** RSS after full collections (the same as `rssMb` when the sample did not ask for `gc`). */
  rssGcMb: number;
  /** V8 heap reserved (`heapTotal`), before any forced collection. */
  heapTotalMb: number;
  /** V8 heap in use; after four full collections when the sample asked for `gc`. */
  heapMb: number;
  /** Memory outside the V8 heap that V8 knows of (Buffers, native objects), after those collections. */
  externalMb: number;
  /** User + system CPU time. */
  cpuMs: number;
  /** The longest event-loop delay (how late the loop got round to a timer). */
  loopMaxMs: number;
}

/** Monotonic µs (`process.hrtime`, the clock V8's CPU profiles use) of each request's start and response's end. */
export interface RequestTimings {
  starts: number[];
  finishes: number[];
}

const MB = 1_048_576;
const micros = (): number => Number(process.hrtime.bigint() / 1000n);

/** Serves `sample`, `heapSnapshot` and `close` for a measured process listening on `port`. */
export function serveMeasured(port: number, onClose: () => Promise<unknown>): void {
  const timingsFile = process.env.SLACK_BENCH_TIMINGS;
  const timings: RequestTimings = { starts: [], finishes: [] };
  if (timingsFile) {
    subscribe('http.server.request.start', () => timings.starts.push(micros()));
    subscribe('http.server.response.finish', () => timings.finishes.push(micros()));
  }
  // A forced collection before reading the heap tells retained memory from garbage not yet collected.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const fullGc = (): void => {
    // Several full collections: V8 drops unused bytecode only after a few, so fewer leave a noisy heap figure.
    for (let i = 0; i < 4; i += 1) gc();
  };
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let cpu = process.cpuUsage();

  serveRequests(
    { port },
    async (request): Promise<BotSample | string> => {
      if (request.op === 'heapSnapshot') {
        fullGc();
        return writeHeapSnapshot(String(request.file));
      }
      if (request.op !== 'sample') throw new Error(`unknown request ${request.op}`);
      const { rss, heapTotal } = process.memoryUsage();
      if (request.gc === true) fullGc();
      const used = process.cpuUsage(cpu);
      cpu = process.cpuUsage();
      const sample = {
        rssMb: rss / MB,
        rssGcMb: process.memoryUsage.rss() / MB,
        heapTotalMb: heapTotal / MB,
        heapMb: process.memoryUsage().heapUsed / MB,
        externalMb: process.memoryUsage().external / MB,
        cpuMs: (used.user + used.system) / 1000,
        loopMaxMs: loop.max / 1e6,
      };
      loop.reset();
      return sample;
    },
    async () => {
      const result = await onClose();
      if (timingsFile) writeFileSync(timingsFile, JSON.stringify(timings));
      return result;
    },
  );
}
