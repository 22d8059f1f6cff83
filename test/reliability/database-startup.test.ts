/**
 * The real bot process (`node --import tsx src/cli/bot.ts`) started against a database it cannot use: SQLite on
 * Heroku's ephemeral disk, PostgreSQL on a closed port, and a server that accepts TCP and never answers. Each must
 * end the process with exit code 1 and one sentence on stderr naming what to fix — no stack trace, no password —
 * within the connect timeout (5 s), never hanging.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EPHEMERAL_SQLITE_SENTENCE } from '../../src/store/config.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { recordOutput } from '../helpers/secret-audit.js';
import { freePort } from './child-bot.js';
import { collectProcessErrors, type ProcessErrors } from './process-errors.js';

const DB_PASSWORD = 'db-password-never-printed';
const slackEnv = (fake: FakeSlack) => ({
  SLACK_BOT_TOKEN: 'xoxb-startup-bot-token-0123456789',
  SLACK_SIGNING_SECRET: 'startup-signing-secret-0123456789',
  SLACK_API_URL: fake.apiUrl,
  SIMULATOR_PORT: '0',
});

interface Exit {
  code: number | null;
  stderr: string;
  stdout: string;
  seconds: number;
}

/** Runs the bot with `env` until it exits (killed after 60 s, which fails the test). */
async function runToExit(env: Record<string, string>): Promise<Exit> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/bot.ts'], {
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(await freePort()), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(killer);
  for (const line of `${stdout}\n${stderr}`.split('\n').filter(Boolean)) recordOutput('bot process', line);
  return { code, stdout, stderr, seconds: (Date.now() - started) / 1000 };
}

function expectOneCleanSentence(exit: Exit): void {
  expect(exit.code).toBe(1);
  expect(exit.stderr).not.toMatch(/\n\s+at /);
  expect(exit.stderr).not.toContain(DB_PASSWORD);
  expect(exit.stdout).not.toContain(DB_PASSWORD);
}

let fake: FakeSlack;
let collector: ProcessErrors;
const servers: Server[] = [];
const sockets: Socket[] = [];

beforeAll(() => {
  collector = collectProcessErrors();
});
afterAll(() => collector.stop());
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
  await fake.close();
  expect(collector.errors).toEqual([]);
});

describe('the bot refuses to start on a database it cannot use', () => {
  it('SQLite on Heroku (DYNO set): exit 1 with the sentence naming Heroku Postgres and ALLOW_EPHEMERAL_SQLITE', async () => {
    const exit = await runToExit({ ...slackEnv(fake), DYNO: 'web.1' });
    expectOneCleanSentence(exit);
    expect(exit.stderr).toContain(EPHEMERAL_SQLITE_SENTENCE);
  });

  it('PostgreSQL on a closed port: exit 1, "refused the connection", within the connect timeout', async () => {
    const port = await freePort();
    const exit = await runToExit({
      ...slackEnv(fake),
      DATABASE_URL: `postgres://bot:${DB_PASSWORD}@127.0.0.1:${port}/bot`,
    });
    expectOneCleanSentence(exit);
    expect(exit.stderr).toContain(
      `Cannot start: Could not open the database named by DATABASE_URL: PostgreSQL at 127.0.0.1:${port} refused the connection`,
    );
    console.info(`closed port: exited after ${exit.seconds.toFixed(1)} s`);
  });

  it('a server that accepts TCP and never answers: exit 1, "did not answer within 5 s"', async () => {
    const silent = createServer((socket) => {
      sockets.push(socket);
    });
    servers.push(silent);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    for (const sslmode of ['disable', 'require']) {
      const exit = await runToExit({
        ...slackEnv(fake),
        DATABASE_URL: `postgres://bot:${DB_PASSWORD}@127.0.0.1:${port}/bot?sslmode=${sslmode}`,
      });
      expectOneCleanSentence(exit);
      expect(exit.stderr).toContain(`PostgreSQL at 127.0.0.1:${port} did not answer within 5 s`);
      console.info(`silent server, sslmode=${sslmode}: exited after ${exit.seconds.toFixed(1)} s`);
    }
  });
});
