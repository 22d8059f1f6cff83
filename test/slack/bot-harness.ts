/**
 * One bot under test: the real Bolt app on its real HTTP receiver (a free port), its Web API pointed at a local
 * fake Slack, SWR served by the simulator in-process. Requests go through `slack` (signed like Slack's).
 */
import { type Bot, type BotOverrides, createBot } from '../../src/app.js';
import { toPipelineRun } from '../../src/backends/containerops/map.js';
import { parsePipeline } from '../../src/backends/containerops/parse.js';
import {
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/backends/containerops/simulator/server.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { type FakeSlack, type FakeSlackOptions, startFakeSlack } from '../helpers/fake-slack.js';
import { recordOutput, registerSecret } from '../helpers/secret-audit.js';
import { createSlackRequester, type SlackRequester } from '../helpers/slack-request.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const BOT_TOKEN = 'xoxb-test-bot-token-1234567890';
registerSecret('SLACK_SIGNING_SECRET', SIGNING_SECRET);
registerSecret('SLACK_BOT_TOKEN', BOT_TOKEN);

export interface Harness {
  bot: Bot;
  config: Config;
  sim: Simulator;
  fake: FakeSlack;
  slack: SlackRequester;
  baseUrl: string;
  /** Every log line the bot wrote, parsed. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  close(): Promise<void>;
}

/** Starts simulator, fake Slack and bot; `env` adds or overrides variables (a function: given the simulator's URL). */
export async function startHarness(
  env: Record<string, string> | ((simUrl: string) => Record<string, string>) = {},
  overrides: BotOverrides = {},
  fakeOptions: FakeSlackOptions = {},
  simulatorOptions: SimulatorOptions = {},
): Promise<Harness> {
  const sim = await startSimulator({ port: 0, ...simulatorOptions });
  const fake = await startFakeSlack(fakeOptions);
  const loaded = loadConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    SWR_ENDPOINT: sim.url,
    SWR_AUTH_TOKEN: sim.token,
    SWR_RETRIES: '0',
    SWR_TIMEOUT_MS: '8000',
    SWR_CACHE_MS: '300',
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'info',
    // The tests' requests come from one or two people, far faster than anyone clicks: only the tests of the lookup
    // limit set it (test/slack/lookup-limit.test.ts).
    USER_LOOKUPS_PER_SECOND: '1000000',
    USER_LOOKUP_BURST: '1000000',
    // `{simulator}` in a value stands for the simulator's URL (e.g. HUAWEI_IAM_ENDPOINT: its IAM call).
    ...Object.fromEntries(
      Object.entries(typeof env === 'function' ? env(sim.url) : env).map(([name, value]) => [
        name,
        value.replace('{simulator}', sim.url),
      ]),
    ),
  });
  const config: Config = { ...loaded, slack: { ...loaded.slack, port: 0 } };
  const rawLogs: string[] = [];
  const logs: Record<string, unknown>[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: [BOT_TOKEN, SIGNING_SECRET, sim.token],
    write: (line) => {
      recordOutput('log', line);
      rawLogs.push(line);
      logs.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  const bot = await createBot(config, { logger, ...overrides });
  const { port } = await bot.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    bot,
    config,
    sim,
    fake,
    slack: createSlackRequester(`${baseUrl}/slack/events`, SIGNING_SECRET),
    baseUrl,
    logs,
    rawLogs,
    close: async () => {
      await bot.stop();
      await fake.close();
      await sim.close();
    },
  };
}

/**
 * Waits for the last log line matching `predicate` (lines are written after the answer went out), among the lines
 * from index `since` on (`h.logs.length` taken before sending: only lines the request wrote). `timeoutMs` only
 * ends a wait for a line that never comes; it bounds no speed.
 */
export async function waitForLog(
  h: Pick<Harness, 'logs'>,
  predicate: (line: Record<string, unknown>) => boolean,
  timeoutMs = 10_000,
  since = 0,
): Promise<Record<string, unknown>> {
  const started = performance.now();
  for (;;) {
    const line = h.logs.slice(since).findLast(predicate);
    if (line) return line;
    if (performance.now() - started > timeoutMs) throw new Error('no matching log line');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The `text` of a recorded call's body. */
export function textOf(call: { body: Record<string, unknown> } | undefined): string {
  return typeof call?.body.text === 'string' ? call.body.text : '';
}

/** Every `action_id` in a recorded call's blocks. */
export function actionIdsOf(call: { body: Record<string, unknown> } | undefined): string[] {
  return [...JSON.stringify(call?.body.blocks ?? []).matchAll(/"action_id":"([^"]+)"/g)].map((m) => m[1] ?? '');
}

/** The value of the `actionId` button in a recorded call's blocks (undefined: no such button). */
export function buttonValueOf(
  call: { body: Record<string, unknown> } | undefined,
  actionId: string,
): string | undefined {
  const blocks = (call?.body.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[];
  return blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === actionId)?.value;
}

/** The value of the `actionId` button on the card the bot renders for SWR pipeline `id` as the simulator serves it now. */
export function renderedButtonValue(h: Pick<Harness, 'sim'>, id: number, actionId: string): string {
  const run = toPipelineRun(parsePipeline(h.sim.control.pipeline(id)), null);
  const card = renderPipelineMessage(run, { now: new Date(), locale: 'en' });
  const button = card.blocks
    .flatMap((b) => (b.type === 'actions' ? b.elements : []))
    .find((e) => e.type === 'button' && e.action_id === actionId);
  if (button?.type !== 'button' || button.value === undefined) throw new Error(`no ${actionId} button on the card`);
  return button.value;
}
