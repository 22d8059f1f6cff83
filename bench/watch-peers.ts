/**
 * The watch benchmark's peers, in a process of their own so the poller's peak RSS is the bot's alone: the SWR
 * simulator (bulk pipelines, its clock moved only on request) and a fake Slack that keeps counts, not calls.
 * Started by `bench/watch.bench.ts` with an IPC channel: prints one JSON line (`PeersReady`) on stdout, then
 * answers `PeersRequest`s; exits on `close` or when its parent goes away. Loopback only.
 *
 * `node --import tsx bench/watch-peers.ts --pipelines 2000 --now 1772359200000`
 */
import { startSimulator } from '../src/simulator/server.js';
import { startFakeSlack } from '../test/helpers/fake-slack.js';

export interface PeersReady {
  simUrl: string;
  simToken: string;
  /** Id of the first bulk pipeline. */
  firstId: number;
  slackApiUrl: string;
}

export type PeersRequest =
  | { id: number; op: 'advance'; ms: number }
  /** SWR API requests the simulator received so far. */
  | { id: number; op: 'swrRequests' }
  /** Forgets Slack's counts and the posts seen, from here on counting duplicates. */
  | { id: number; op: 'resetSlack' }
  | { id: number; op: 'slackStats' }
  | { id: number; op: 'close' };

export interface SlackStats {
  /** Calls per Web API method since `resetSlack`. */
  counts: Record<string, number>;
  /** Posts with the same channel, thread and text as an earlier one. */
  duplicates: number;
}

export interface PeersResponse {
  id: number;
  result?: number | SlackStats | null;
  error?: string;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new TypeError(`${name} must be a number`);
  return value;
}

const send = (message: PeersResponse): void => {
  process.send?.(message);
};

async function main(): Promise<void> {
  let simNow = arg('--now', Date.UTC(2026, 2, 1, 10, 0, 0));
  const sim = await startSimulator({
    port: 0,
    host: '127.0.0.1',
    now: () => simNow,
    extraRunningPipelines: arg('--pipelines', 2_000),
  });
  const slack = await startFakeSlack({ record: false });
  let seen = new Set<string>();
  let duplicates = 0;
  const trackPosts = (): void => {
    seen = new Set();
    duplicates = 0;
    slack.on('chat.postMessage', (call) => {
      const key = `${String(call.body.channel)}|${String(call.body.thread_ts)}|${String(call.body.text)}`;
      if (seen.has(key)) duplicates += 1;
      else seen.add(key);
      return undefined;
    });
  };
  trackPosts();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= Promise.all([slack.close(), sim.close()]).then(() => undefined);
    return closing;
  };

  process.on('message', (raw: PeersRequest) => {
    const reply = (result: PeersResponse['result']): void => send({ id: raw.id, result });
    try {
      switch (raw.op) {
        case 'advance':
          simNow += raw.ms;
          reply(simNow);
          return;
        case 'swrRequests':
          reply(sim.control.requestCount());
          return;
        case 'resetSlack':
          slack.reset();
          trackPosts();
          reply(null);
          return;
        case 'slackStats':
          reply({ counts: slack.counts(), duplicates });
          return;
        case 'close':
          void close().then(() => {
            reply(null);
            process.disconnect?.();
          });
          return;
      }
    } catch (error) {
      send({ id: raw.id, error: error instanceof Error ? error.message : String(error) });
    }
  });
  // The parent died or let go: nothing more to serve.
  process.on('disconnect', () => {
    void close().then(() => process.exit(0));
  });

  const ready: PeersReady = {
    simUrl: sim.url,
    simToken: sim.token,
    firstId: sim.bulkRange?.[0] ?? 100_000,
    slackApiUrl: slack.apiUrl,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`watch peers failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
