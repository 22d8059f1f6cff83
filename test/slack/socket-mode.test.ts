/**
 * Socket Mode end to end: the real Bolt app with its real SocketModeReceiver connects to a local WebSocket peer that
 * plays Slack (`apps.connections.open` on the fake Web API hands out its URL), receives a slash command envelope,
 * acknowledges it over the socket, and answers at the response_url with the card; /healthz is served on PORT too.
 * No SLACK_SIGNING_SECRET: Socket Mode receives nothing from Slack over HTTP, so it needs none.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { type Bot, createBot } from '../../src/app.js';
import { type Simulator, startSimulator } from '../../src/backends/containerops/simulator/server.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/log.js';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { BOT_TOKEN } from './bot-harness.js';

const APP_TOKEN = 'xapp-1-A000TEST-000-socketmode';
registerSecret('SLACK_APP_TOKEN', APP_TOKEN);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('Socket Mode', () => {
  let sim: Simulator;
  let fake: FakeSlack;
  let wss: WebSocketServer;
  let bot: Bot;
  let port: number;
  const fromBot: Record<string, unknown>[] = [];
  let socket: WebSocket | null = null;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    fake = await startFakeSlack();
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const wsUrl = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/link`;
    wss.on('connection', (ws) => {
      socket = ws;
      ws.on('message', (data) => fromBot.push(JSON.parse(String(data)) as Record<string, unknown>));
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A000TEST' } }));
    });
    fake.on('apps.connections.open', () => ({ body: { ok: true, url: wsUrl } }));
    port = await freePort();
    const config = loadConfig({
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      SWR_ENDPOINT: sim.url,
      SWR_AUTH_TOKEN: sim.token,
      DATABASE_URL: 'sqlite::memory:',
    });
    bot = await createBot(config, { logger: silentLogger, openWatchFeature: async () => null });
    await bot.start();
  });

  afterAll(async () => {
    await bot.stop();
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    await fake.close();
    await sim.close();
  });

  it('connects with the app token, acks a command envelope over the socket and answers with the card', async () => {
    const open = fake.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]?.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(bot.mode).toBe('socket');
    expect(socket).not.toBeNull();

    const responseUrl = fake.responseUrl();
    socket?.send(
      JSON.stringify({
        envelope_id: 'env-1',
        type: 'slash_commands',
        accepts_response_payload: true,
        payload: {
          command: '/pipeline',
          text: '29501',
          team_id: 'T00000001',
          channel_id: 'C00000001',
          user_id: 'U00000001',
          response_url: responseUrl,
          trigger_id: 'trigger-1',
          api_app_id: 'A000TEST',
        },
      }),
    );
    await fake.waitFor((calls) => calls.some((c) => c.method === 'response_url'));
    expect(fromBot.some((m) => m.envelope_id === 'env-1')).toBe(true);
    const [answer] = fake.callsOf('response_url');
    expect(answer?.body.response_type).toBe('ephemeral');
    expect(String(answer?.body.text)).toContain('payment-release');
  });

  it('serves /healthz on PORT in Socket Mode too', async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, database: 'ok' });
  });
});
