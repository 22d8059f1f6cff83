/** `/pipeline` through Bolt's real HTTP receiver: ack timing, the card, "still waiting", names, usage, failures. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_PICK, ACTION_REFRESH, ACTION_SHARE } from '../../src/render/action-ids.js';
import { actionIdsOf, type Harness, startHarness, textOf, waitForLog } from './bot-harness.js';

let h: Harness;

beforeAll(async () => {
  // No reuse between tests: each test sees what the simulator serves now (bursts are tested in actions.test.ts).
  h = await startHarness({ SWR_CACHE_MS: '0' });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => {
  h.fake.reset();
  h.sim.control.reset();
});

/**
 * Sends `/pipeline text` and waits until its response_url received `count` messages and the request ended (its log
 * line): the ack comes before the bot starts on the command, so a request still finishing must not reach into the
 * next test's log.
 */
async function command(text: string, count = 1, timeoutMs = 5_000) {
  const responseUrl = h.fake.responseUrl();
  const path = new URL(responseUrl).pathname;
  const mark = h.logs.length;
  const reply = await h.slack.command({ text, response_url: responseUrl });
  const answers = () => h.fake.calls.filter((c) => c.method === 'response_url' && c.path === path);
  await h.fake.waitFor(() => answers().length >= count, timeoutMs);
  await waitForLog(h, (l) => l.msg === 'slack request', timeoutMs, mark);
  return { reply, answers: answers() };
}

describe('/pipeline <id>', () => {
  it('acknowledges at once and answers with the private card at the response_url', async () => {
    const { reply, answers } = await command('29503');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    const [card] = answers;
    expect(card?.body.response_type).toBe('ephemeral');
    expect(textOf(card)).toContain('demo-2048');
    expect(actionIdsOf(card)).toEqual(expect.arrayContaining([ACTION_REFRESH, ACTION_SHARE]));
  });

  it('acks at once when SWR takes 5 s, says SWR is slow in a note that stays true, then the card follows it', async () => {
    h.sim.control.setFault(29503, { latencyMs: 5_000 });
    const responseUrl = h.fake.responseUrl();
    const path = new URL(responseUrl).pathname;
    const mark = h.logs.length;
    const reply = await h.slack.command({ text: '29503', response_url: responseUrl });
    // 200 while SWR still holds the answer: acknowledged within Slack's 3 s (Bolt answers 404 after them).
    expect(reply.status).toBe(200);
    const line = await waitForLog(h, (l) => l.msg === 'slack request' && l.pipelineId === '29503', 15_000, mark);
    expect(line).toMatchObject({ kind: 'command', id: '/pipeline', outcome: 'ok' });
    // In order: the ack, the note, then the card once SWR answered. The command's URL cannot replace the note: the
    // card comes as a second message, and the note stays true.
    const answers = h.fake.calls.filter((c) => c.path === path);
    expect(answers).toHaveLength(2);
    const [waiting, card] = answers;
    expect(textOf(waiting)).toBe('⏳ SWR is slow to answer about pipeline 29503; the answer follows here.');
    expect(waiting?.body.response_type).toBe('ephemeral');
    expect(card?.body.replace_original).toBeUndefined();
    expect(textOf(card)).toContain('demo-2048');
    expect(h.fake.responseUrlState(responseUrl)?.messages.map((m) => m.text)).toEqual([textOf(waiting), textOf(card)]);
    expect(Number(line.ackMs)).toBeLessThan(Number(line.ms));
    // The wait happened: the request ended after SWR's 5 s.
    expect(line.ms).toBeGreaterThan(4_500);
  }, 20_000);

  it('names the id and what to do when the pipeline does not exist', async () => {
    const { answers } = await command('99999');
    expect(textOf(answers[0])).toMatch(/Pipeline `?99999`? was not found/);
    expect(textOf(answers[0])).toContain('Check the id with /pipeline &lt;name&gt;');
  });

  it('says SWR had an internal error (try again) on a 500, with a retry button', async () => {
    h.sim.control.setFault(29503, { status: 500 });
    const { answers } = await command('29503');
    expect(textOf(answers[0])).toMatch(/SWR had an internal error while reading pipeline `?29503`?\. Try again/);
    expect(actionIdsOf(answers[0])).toEqual([ACTION_REFRESH]);
    expect(JSON.stringify(answers[0]?.body)).not.toMatch(/stack|at .*\.ts:/);
  });

  it('says the bot’s credentials were rejected when the token is revoked', async () => {
    h.sim.control.revokeTokens({ includeStatic: true });
    const { answers } = await command('29476');
    expect(textOf(answers[0])).toMatch(/SWR rejected the bot's credentials while reading pipeline 29476/);
    expect(textOf(answers[0])).toMatch(/ask whoever runs the bot to check its SWR token/);
  });

  it('says SWR is rate-limiting and when to try again', async () => {
    h.sim.control.setFault(29503, { status: 429, retryAfterSeconds: 30 });
    const { answers } = await command('29503');
    expect(textOf(answers[0])).toMatch(
      /rate-limiting the bot, so pipeline 29503 could not be read\. Wait 30 s and try again/,
    );
  });
});

describe('/pipeline <name>', () => {
  it('one match → its card', async () => {
    const { answers } = await command('payment');
    expect(textOf(answers[0])).toContain('payment-release');
    expect(actionIdsOf(answers[0])).toContain(ACTION_REFRESH);
  });

  it('one match that then fails to load → the message names the id found, with a retry', async () => {
    h.sim.control.setFault(29501, { status: 500, errorShape: 'swr' });
    const { answers } = await command('payment');
    expect(textOf(answers[0])).toMatch(
      /SWR had an internal error while reading pipeline 29501\. Try again in a moment/,
    );
    expect(actionIdsOf(answers[0])).toContain(ACTION_REFRESH);
  });

  it('several matches → a list to pick from, and a pick replaces the list with the card', async () => {
    const { answers } = await command('e');
    const list = answers[0];
    expect(textOf(list)).toBe('5 pipelines match “e”:');
    expect(actionIdsOf(list)).toEqual(Array(5).fill(ACTION_PICK));
    const responseUrl = h.fake.responseUrl();
    const { blockActionsPayload } = await import('../helpers/slack-request.js');
    const reply = await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_PICK, value: '29502', responseUrl, ephemeral: true }),
    );
    expect(reply.status).toBe(200);
    await h.fake.waitFor((calls) => calls.some((c) => c.path === new URL(responseUrl).pathname));
    const card = h.fake.calls.find((c) => c.path === new URL(responseUrl).pathname);
    expect(card?.body.replace_original).toBe(true);
    expect(textOf(card)).toContain('nightly-build');
  });

  it('no match → says so', async () => {
    const { answers } = await command('no-such-pipeline');
    expect(textOf(answers[0])).toMatch(/No pipeline name contains “no-such-pipeline”/);
  });
});

describe('/pipeline share', () => {
  it('`<id> share` posts the channel card with chat.postMessage', async () => {
    await command('29503 share', 0);
    await h.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));
    const post = h.fake.callsOf('chat.postMessage')[0];
    expect(post?.body.channel).toBe('C00000001');
    expect(textOf(post)).toContain('demo-2048');
    expect(actionIdsOf(post)).not.toContain(ACTION_SHARE);
    expect(post?.headers.authorization).toBe('Bearer xoxb-test-bot-token-1234567890');
  });

  it('says privately when the bot cannot post in the channel, with the card under it in the same message', async () => {
    h.fake.on('chat.postMessage', () => ({ body: { ok: false, error: 'not_in_channel' } }));
    const { answers } = await command('29503 share');
    expect(textOf(answers[0])).toMatch(/can’t post in this conversation.*\/invite/);
    expect(textOf(answers[0])).toContain('demo-2048');
    expect(actionIdsOf(answers[0])).toContain(ACTION_REFRESH);
    expect(answers[0]?.body.response_type).toBe('ephemeral');
  });
});

describe('usage', () => {
  it.each([
    ['help', ''],
    ['empty text', ''],
    ['garbage', '!!! $$$ <<<'],
    ['5,000 characters', 'x'.repeat(5_000)],
    ['an id followed by junk', '29476 delete everything'],
  ])('%s → the usage message listing every subcommand', async (label, text) => {
    const { reply, answers } = await command(label === 'help' ? 'help' : text);
    expect(reply.status).toBe(200);
    const body = JSON.stringify(answers[0]?.body.blocks);
    for (const sub of [
      '&lt;id|name&gt;',
      '&lt;id&gt; share',
      'watch &lt;id&gt; [changes|failures|all]',
      'unwatch &lt;id&gt;',
      'list',
      'help',
    ]) {
      expect(body).toContain(sub);
    }
    expect(JSON.stringify(answers[0]?.body)).not.toContain('xxxxxxxxxx');
  });
});

describe('a mistyped subcommand', () => {
  it('`wacth 29502` suggests `watch` rather than "no pipeline name contains"', async () => {
    const { answers } = await command('wacth 29502');
    const body = JSON.stringify(answers[0]?.body);
    expect(body).toContain('Did you mean `watch`?');
    expect(body).not.toContain('No pipeline name contains');
  });

  it('`29502 shrae` suggests `share`', async () => {
    const { answers } = await command('29502 shrae');
    expect(JSON.stringify(answers[0]?.body)).toContain('Did you mean `share`?');
  });
});

describe('/pipeline <console link>', () => {
  const template = 'https://console.example.com/swr/?region=cn-north-4#/swr/pipeline/detail/{id}';
  let linked: Harness;
  beforeAll(async () => {
    linked = await startHarness({ SWR_CONSOLE_URL_TEMPLATE: template });
  });
  afterAll(async () => {
    await linked.close();
  });

  it('a pasted link shaped like SWR_CONSOLE_URL_TEMPLATE shows that pipeline’s card', async () => {
    const responseUrl = linked.fake.responseUrl();
    const path = new URL(responseUrl).pathname;
    await linked.slack.command({ text: template.replace('{id}', '29503'), response_url: responseUrl });
    await linked.fake.waitFor((calls) => calls.some((c) => c.path === path));
    const answer = linked.fake.calls.find((c) => c.path === path);
    expect(textOf(answer)).toContain('demo-2048');
  });
});
