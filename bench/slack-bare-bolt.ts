/**
 * The Slack load benchmark's first baseline: a bare Bolt app — the bot's Bolt version, `HTTPReceiver` on
 * `/slack/events` with the same signing secret, a bot token with its ids given (so no `auth.test`), Bolt's own
 * logger at warn — whose only listener, for `/pipeline`, calls `ack()`. Run as compiled JavaScript with plain node,
 * like the bot, and measured the same way (see `bench/slack-child.ts`). Its acknowledgement times are what Bolt
 * itself costs; the bot's over these are what the bot adds. Started with `{ signingSecret, slackApiUrl }` as JSON.
 */
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { serveMeasured } from './slack-child.js';

export interface BaselineConfig {
  signingSecret: string;
  slackApiUrl: string;
}

const { signingSecret, slackApiUrl } = JSON.parse(process.argv[2] ?? '{}') as BaselineConfig;
const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events', logLevel: LogLevel.WARN });
const app = new App({
  receiver,
  token: 'xoxb-bench-bare-bolt',
  botId: 'BBOT000001',
  botUserId: 'UBOT000001',
  logLevel: LogLevel.WARN,
  clientOptions: { slackApiUrl },
});
app.command('/pipeline', async ({ ack }) => {
  await ack();
});
const server = await receiver.start(0);

serveMeasured((server.address() as AddressInfo).port, () => receiver.stop());
