/**
 * The Slack load benchmark's peers, in a process of their own so they weigh nothing in the bot's CPU and RSS: the
 * SWR simulator (bulk pipelines, a latency fault on every call on request) and a fake Slack that keeps, per
 * `response_url`, when the answer arrived and whether it was the right card — not the messages themselves.
 * Started by `bench/slack.bench.ts` (see `bench/watch-ipc.ts`); answers `latency`, `swrGets`, `collect`, `close`.
 *
 * Response URLs are `<slackBase>/response/<c|r><pipeline id>-<n>` (c: a command, r: a Refresh click), so each
 * answer can be checked against the pipeline it must show.
 */
import { bulkName } from '../src/backends/containerops/simulator/bulk.js';
import { startSimulator } from '../src/backends/containerops/simulator/server.js';
import { startFakeSlack } from '../test/helpers/fake-slack.js';
import { serveRequests } from './watch-ipc.js';

export interface SlackPeersReady {
  simUrl: string;
  simToken: string;
  slackApiUrl: string;
  /** Prefix of the response URLs: `${slackBase}/response/…`. */
  slackBase: string;
  firstId: number;
  pipelines: number;
}

/** What one response URL received. */
export interface Arrival {
  path: string;
  /** `Date.now()` when its first answer other than "still waiting…" arrived, or `null`. */
  at: number | null;
  /** That answer is the card of the pipeline in the path (a Refresh's replaces the clicked card). */
  card: boolean;
  /** "Still waiting for SWR…" notices. */
  waiting: number;
  /** Answers in all (a correct exchange is 1, or 2 with a notice). */
  messages: number;
}

const pipelines = Number(process.argv[2] ?? 20_000);
const sim = await startSimulator({ port: 0, host: '127.0.0.1', extraRunningPipelines: pipelines });
const slack = await startFakeSlack({ record: false });
const slackBase = slack.apiUrl.replace(/\/api\/$/, '');

const arrivals = new Map<string, Arrival>();
let answered = 0;
slack.on('response_url', (call) => {
  const at = Date.now();
  const match = /^\/response\/([cr])(\d+)-\d+$/.exec(call.path);
  const a = arrivals.get(call.path) ?? { path: call.path, at: null, card: false, waiting: 0, messages: 0 };
  arrivals.set(call.path, a);
  a.messages += 1;
  const text = typeof call.body.text === 'string' ? call.body.text : '';
  if (text.startsWith('⏳')) {
    a.waiting += 1;
    return undefined;
  }
  if (a.at !== null) return undefined;
  a.at = at;
  answered += 1;
  if (match) {
    const [, kind, id] = match;
    const blocks = JSON.stringify(call.body.blocks ?? []);
    a.card =
      text.includes(bulkName(Number(id))) &&
      blocks.includes('"action_id":"pipeline_refresh"') &&
      blocks.includes(`"value":"${id}"`) &&
      (kind === 'c' || (call.body.replace_original === true && /[Rr]efreshed/.test(blocks)));
  }
  return undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `expected` response URLs got their answer (or `timeoutMs`), then hands over and forgets them all. */
async function collect(expected: number, timeoutMs: number): Promise<Arrival[]> {
  const until = Date.now() + timeoutMs;
  while (answered < expected && Date.now() < until) await sleep(10);
  // A little longer, so a duplicate answer would be seen.
  await sleep(50);
  const out = [...arrivals.values()];
  arrivals.clear();
  answered = 0;
  return out;
}

const ready: SlackPeersReady = {
  simUrl: sim.url,
  simToken: sim.token,
  slackApiUrl: slack.apiUrl,
  slackBase,
  firstId: sim.bulkRange?.[0] ?? 100_000,
  pipelines,
};
serveRequests(
  ready,
  async (request) => {
    switch (request.op) {
      case 'latency': {
        const ms = Number(request.ms);
        sim.control.setFault('all', ms > 0 ? { latencyMs: ms } : null);
        return ms;
      }
      case 'swrGets':
        return sim.control.getCount(Number(request.pipeline));
      case 'collect':
        return collect(Number(request.expected), Number(request.timeoutMs));
      default:
        throw new Error(`unknown request ${request.op}`);
    }
  },
  () => Promise.all([slack.close(), sim.close()]),
);
