/**
 * The bot as a real child process — `node --import tsx src/cli/bot.ts`, exactly what `npm run dev` runs without the
 * watcher — configured only through its environment, so a test can `kill -9` it and start it again on the same
 * database. Its stdout and stderr are kept (JSON log lines), never printed, and go to the secret audit with the
 * secret variables it was given.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import type { Simulator } from '../../src/backends/containerops/simulator/server.js';
import { SECRET_VARIABLES } from '../../src/config.js';
import type { FakeSlack } from '../helpers/fake-slack.js';
import { recordOutput, registerSecret } from '../helpers/secret-audit.js';
import { createSlackRequester, type SlackRequester } from '../helpers/slack-request.js';

export interface ChildBot {
  readonly process: ChildProcess;
  readonly port: number;
  /** Signed requests to its `/slack/events`. */
  readonly slack: SlackRequester;
  /** Every line it wrote, stdout and stderr, in order. */
  readonly lines: string[];
  /** Resolves when it has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends `signal` and waits for the exit. */
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const CHILD_SIGNING_SECRET = 'child-bot-signing-secret-0123456789';
const CHILD_BOT_TOKEN = 'xoxb-child-bot-token-0123456789';

/** Starts the bot on `fake` Slack and the SWR simulator `sim`, with a token and signing secret of its own; `env` adds. */
export function spawnBotOn(
  fake: Pick<FakeSlack, 'apiUrl'>,
  sim: Pick<Simulator, 'url' | 'token'>,
  env: Record<string, string>,
): Promise<ChildBot> {
  return spawnBot(
    {
      SLACK_BOT_TOKEN: CHILD_BOT_TOKEN,
      SLACK_SIGNING_SECRET: CHILD_SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      SWR_ENDPOINT: sim.url,
      SWR_AUTH_TOKEN: sim.token,
      ...env,
    },
    CHILD_SIGNING_SECRET,
  );
}

/** Starts the bot with `env` (plus PATH/HOME and a free PORT); resolves once it listens. */
export async function spawnBot(env: Record<string, string>, signingSecret: string): Promise<ChildBot> {
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value) registerSecret(name, value);
  }
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bot.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null): void => {
    let rest = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      const complete = parts.filter((l) => l !== '');
      for (const line of complete) recordOutput('bot process', line);
      lines.push(...complete);
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const started = Date.now();
  for (;;) {
    if (lines.some((l) => l.includes('"listening for Slack over HTTP"'))) break;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the bot exited at start-up:\n${lines.join('\n')}`);
    }
    if (Date.now() - started > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`the bot did not start:\n${lines.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    process: child,
    port,
    slack: createSlackRequester(`http://127.0.0.1:${port}/slack/events`, signingSecret),
    lines,
    exited,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
