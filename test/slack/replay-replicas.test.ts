/**
 * Replays across replicas: two real bots (Bolt's HTTP receiver, the guard) on one PostgreSQL database share the
 * memory of accepted requests (`slack_request_seen`), so a request captured from one and sent to the other is
 * refused and runs once. With the database unreachable a replica falls back to its own memory: it keeps answering,
 * refuses replays to itself, and says so once in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/index.js';
import { commandForm } from '../helpers/slack-request.js';
import { startTcpProxy, type TcpProxy } from '../reliability/tcp-proxy.js';
import { postgresBackend, type StoreBackend, TEST_DATABASE_URL } from '../store/store-backends.js';
import { type Harness, startHarness, waitForLog } from './bot-harness.js';

const requestLines = (h: Harness, mark: number) => h.logs.slice(mark).filter((l) => l.msg === 'slack request');
const replayRefusals = (h: Harness, mark: number) =>
  h.logs.slice(mark).filter((l) => l.msg === 'rejected a Slack request' && l.reason === 'replayed request');

describe('two replicas on one PostgreSQL database', () => {
  let backend: StoreBackend;
  let one: Harness;
  let two: Harness;
  beforeAll(async () => {
    backend = postgresBackend();
    one = await startHarness({}, { store: await backend.open() });
    two = await startHarness({}, { store: await backend.open() });
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await backend.destroy();
  });

  it('a request accepted by one replica is refused by the other (401), and runs once', async () => {
    const responseUrl = one.fake.responseUrl();
    const body = commandForm({ text: 'help', response_url: responseUrl });
    const timestamp = Math.floor(Date.now() / 1000);
    const [markOne, markTwo] = [one.logs.length, two.logs.length];
    expect((await one.slack.send(body, { timestamp })).status).toBe(200);
    await waitForLog(one, (l) => l.msg === 'slack request', undefined, markOne);
    expect((await two.slack.send(body, { timestamp })).status).toBe(401);
    expect(replayRefusals(two, markTwo)).toHaveLength(1);
    // And back to the first: refused by its own memory, as before.
    expect((await one.slack.send(body, { timestamp })).status).toBe(401);
    expect([...requestLines(one, markOne), ...requestLines(two, markTwo)]).toHaveLength(1);
    expect(one.fake.calls.filter((c) => c.path === new URL(responseUrl).pathname)).toHaveLength(1);
  });

  it('requests each replica sees once are all answered', async () => {
    const [markOne, markTwo] = [one.logs.length, two.logs.length];
    for (const h of [one, two, one, two]) expect((await h.slack.command({ text: 'help' })).status).toBe(200);
    await waitForLog(one, () => requestLines(one, markOne).length === 2, undefined, markOne);
    await waitForLog(two, () => requestLines(two, markTwo).length === 2, undefined, markTwo);
  });
});

describe('a replica whose database does not answer', () => {
  let backend: StoreBackend;
  let proxy: TcpProxy;
  let h: Harness;
  beforeAll(async () => {
    backend = postgresBackend();
    proxy = await startTcpProxy(Number(new URL(TEST_DATABASE_URL).port || 5432));
    const throughProxy = new URL(TEST_DATABASE_URL);
    throughProxy.port = String(proxy.port);
    throughProxy.hostname = '127.0.0.1';
    h = await startHarness({}, { store: await createStore(throughProxy.toString(), { schema: backend.schema }) });
  });
  afterAll(async () => {
    await h?.close();
    await proxy?.close();
    await backend.destroy();
  });

  it('falls back to its own memory: keeps answering, refuses replays to itself, logs the outage once', async () => {
    await proxy.down();
    const mark = h.logs.length;
    const body = commandForm({ text: 'help', response_url: h.fake.responseUrl() });
    const timestamp = Math.floor(Date.now() / 1000);
    expect((await h.slack.send(body, { timestamp })).status).toBe(200);
    expect((await h.slack.send(body, { timestamp })).status).toBe(401);
    expect((await h.slack.command({ text: 'help' })).status).toBe(200);
    await waitForLog(h, () => requestLines(h, mark).length === 2, undefined, mark);
    const outage = h.logs.slice(mark).filter((l) => String(l.msg).includes('did not answer the shared replay memory'));
    expect(outage).toHaveLength(1);
    expect(outage[0]?.level).toBe('warn');
    expect(replayRefusals(h, mark)).toHaveLength(1);

    await proxy.up();
    const back = h.logs.length;
    expect((await h.slack.command({ text: 'help' })).status).toBe(200);
    await waitForLog(h, (l) => String(l.msg).includes('shared replay memory answers again'), undefined, back);
  });
});
