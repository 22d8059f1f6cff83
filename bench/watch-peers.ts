/**
 * The watch benchmark's peers, in a process of their own so they weigh nothing in the bot's RSS: the SWR
 * simulator (bulk pipelines, its clock moved only on request) and a fake Slack that keeps counts, not calls.
 * Started by `bench/watch.bench.ts` (see `bench/watch-ipc.ts`): prints its URLs (`PeersReady`) as one JSON line
 * on stdout, then answers `advance`, `swrRequests`, `resetSlack`, `seedCards`, `slackStats` and `close`. Loopback only.
 *
 * `node --import tsx bench/watch-peers.ts --pipelines 2000 --now 1772359200000`
 */
import { startSimulator } from '../src/backends/containerops/simulator/server.js';
import { startFakeSlack } from '../test/helpers/fake-slack.js';
import { seededCard, serveRequests } from './watch-ipc.js';

export interface PeersReady {
  simUrl: string;
  simToken: string;
  /** Id of the first bulk pipeline. */
  firstId: number;
  slackApiUrl: string;
}

export interface SlackStats {
  /** Calls per Web API method since `resetSlack`. */
  counts: Record<string, number>;
  /** Posts with the same channel, thread and text as an earlier one since `resetSlack`. */
  duplicates: number;
}

function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(value)) throw new TypeError(`${name} must be a number`);
  return value;
}

let simNow = numberArg('--now', Date.UTC(2026, 2, 1, 10, 0, 0));
const sim = await startSimulator({
  port: 0,
  host: '127.0.0.1',
  now: () => simNow,
  extraRunningPipelines: numberArg('--pipelines', 2_000),
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

const ready: PeersReady = {
  simUrl: sim.url,
  simToken: sim.token,
  firstId: sim.bulkRange?.[0] ?? 100_000,
  slackApiUrl: slack.apiUrl,
};
serveRequests(
  ready,
  async (request) => {
    switch (request.op) {
      case 'advance':
        simNow += Number(request.ms);
        return simNow;
      case 'swrRequests':
        return sim.control.requestCount();
      case 'resetSlack':
        slack.reset();
        trackPosts();
        return null;
      case 'seedCards': {
        // The seeded watches' cards, as `/pipeline watch` left them in Slack: the changed cycle edits them (a card
        // Slack does not have would be replaced by a new post instead).
        const perChannel = Number(request.perChannel);
        for (let i = 0; i < Number(request.watches); i += 1)
          slack.seedMessage({ ...seededCard(i, perChannel), text: 'card' });
        return null;
      }
      case 'slackStats':
        return { counts: slack.counts(), duplicates } satisfies SlackStats;
      default:
        throw new Error(`unknown request ${request.op}`);
    }
  },
  () => Promise.all([slack.close(), sim.close()]),
);
