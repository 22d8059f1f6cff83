/**
 * `npm start` when a port is taken: one sentence naming the variable, not Node's raw EADDRINUSE — and when the
 * built-in SWR simulator's port is held by `npm run simulator`, the SWR_ENDPOINT that uses it. The real entry point
 * as a child process, against the fake Slack and a real simulator.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../../src/backends/containerops/simulator/server.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BOT_TOKEN = 'xoxb-ports-test-token';

let fake: FakeSlack;
let sim: Simulator;
let busy: Server;
let busyPort: number;

beforeAll(async () => {
  fake = await startFakeSlack();
  sim = await startSimulator({ port: 0 });
  // Holds the port and hangs up on whoever connects (it is not a simulator).
  busy = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  busyPort = (busy.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => busy.close(() => resolve()));
  await sim.close();
  await fake.close();
});

// The simulator's port is tried first: PORT (busyPort + 1, never bound here) is not reached.
/** Runs the bot's entry point until it exits; set-but-empty variables count as unset, so no `.env` leaks in. */
async function startBot(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [`${ROOT}node_modules/tsx/dist/cli.mjs`, 'src/cli/bot.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: 'ports-test-signing-secret',
      SLACK_APP_TOKEN: '',
      SLACK_API_URL: fake.apiUrl,
      DATABASE_URL: 'sqlite::memory:',
      SWR_ENDPOINT: '',
      SWR_AUTH_TOKEN: '',
      PIPELINE_BACKEND: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout.resume();
  // A bot that did start would run forever: the test's own timeout ends a wait for an exit that never comes.
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stderr };
}

describe('a port already in use', { timeout: 30_000 }, () => {
  it('PORT → "PORT=<port> is in use (set another port)", exit 1, no stack', async () => {
    const r = await startBot({ PORT: String(busyPort), SWR_ENDPOINT: sim.url, SWR_AUTH_TOKEN: sim.token });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Cannot start: PORT=${busyPort} is in use (set another port)`);
    expect(r.stderr).not.toContain('EADDRINUSE');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('SIMULATOR_PORT held by `npm run simulator` with SWR_ENDPOINT empty → suggests SWR_ENDPOINT=http://127.0.0.1:<port>', async () => {
    const port = new URL(sim.url).port;
    const r = await startBot({ PORT: String(busyPort + 1), SIMULATOR_PORT: port });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`SIMULATOR_PORT=${port} is in use by an SWR simulator already running`);
    expect(r.stderr).toContain(`SWR_ENDPOINT=http://127.0.0.1:${port}`);
    expect(r.stderr).not.toContain('EADDRINUSE');
  });

  it('SIMULATOR_PORT held by something else → set another port (no SWR_ENDPOINT guess)', async () => {
    const r = await startBot({ PORT: String(busyPort + 1), SIMULATOR_PORT: String(busyPort) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`SIMULATOR_PORT=${busyPort} is in use, so the built-in SWR simulator cannot start`);
    expect(r.stderr).not.toContain(`SWR_ENDPOINT=http://127.0.0.1:${busyPort}`);
  });
});
