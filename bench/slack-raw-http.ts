/**
 * The Slack load benchmark's second baseline: a raw `node:http` server that reads each POST's body and answers 200
 * with nothing else — no routing, no signature check, no parsing. What the machine, Node's HTTP stack and the
 * driver cost, under the same load as the bot and the bare Bolt app (see `bench/slack-child.ts`).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveMeasured } from './slack-child.js';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200);
    res.end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

serveMeasured(
  (server.address() as AddressInfo).port,
  () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    }),
);
