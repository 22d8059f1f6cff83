/**
 * The bot on CodeArts (`PIPELINE_BACKEND=codearts`, the built-in CodeArts simulator) through signed requests:
 * a card by id, a run by its number, a name search, a console link found by the shortcut, and Show log on a failed
 * run — privately, or in the card's thread — with the log's secrets masked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_SHOW_LOG, SHORTCUT_FIND_PIPELINES } from '../../src/render/action-ids.js';
import { blockActionsPayload, messageShortcutPayload } from '../helpers/slack-request.js';
import { buttonValueOf, type Harness, startHarness, textOf, waitForLog } from './bot-harness.js';
import { CODEARTS_ENV } from './codearts-harness.js';

const WEB_PORTAL = 'c87ae95a4b96141590b1cc0707da4e77';
const NIGHTLY = '10f7175266748c49a59c5852517ee2e3';

let h: Harness;
beforeAll(async () => {
  h = await startHarness(CODEARTS_ENV);
});
afterAll(async () => {
  await h.close();
});

const pathOf = (url: string): string => new URL(url).pathname;

/** `/pipeline <text>`; the private answers once the request is done. */
async function ask(text: string) {
  const responseUrl = h.fake.responseUrl();
  const mark = h.logs.length;
  await h.slack.command({ text, response_url: responseUrl });
  const line = await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);
  return { line, answers: h.fake.calls.filter((c) => c.path === pathOf(responseUrl)) };
}

/** The Show log button's value on a card. */
function showLogValue(call: { body: Record<string, unknown> } | undefined): string {
  const value = buttonValueOf(call, ACTION_SHOW_LOG);
  if (!value) throw new Error('no Show log button');
  return value;
}

describe('CodeArts through Slack', () => {
  it('`/pipeline <id>`: the card, its run number, Open in CodeArts', async () => {
    const { answers } = await ask(WEB_PORTAL);
    expect(textOf(answers[0])).toContain('web-portal-ci');
    const blocks = JSON.stringify(answers[0]?.body.blocks);
    expect(blocks).toContain('#1');
    expect(blocks).toContain('Open in CodeArts');
  });

  it('`/pipeline <id> <run number>`: that run', async () => {
    const { line, answers } = await ask(`${WEB_PORTAL} 1`);
    expect(line.outcome).toBe('ok');
    expect(JSON.stringify(answers[0]?.body.blocks)).toContain('#1');
    expect((await ask(`${WEB_PORTAL} 999`)).line.outcome).toMatch(/^api_/);
  });

  it('`/pipeline help` names CodeArts and how to ask for a run by its number', async () => {
    const { answers } = await ask('help');
    const blocks = JSON.stringify(answers[0]?.body.blocks);
    expect(blocks).toContain('CodeArts pipelines');
    expect(blocks).toContain('run number');
    expect(blocks).not.toContain('SWR pipelines');
  });

  it('a name search reads the list call', async () => {
    const { answers } = await ask('release');
    expect(textOf(answers[0])).toMatch(/2 pipelines match “release”/);
  });

  it('the shortcut finds a CodeArts console link in a message', async () => {
    const responseUrl = h.fake.responseUrl();
    const mark = h.logs.length;
    const link = `https://devcloud.cn-north-4.huaweicloud.com/cicd/project/0123456789abcdef0123456789abcdef/pipeline/detail/${WEB_PORTAL}/latest`;
    await h.slack.interaction(
      messageShortcutPayload({
        callbackId: SHORTCUT_FIND_PIPELINES,
        responseUrl,
        message: { ts: '1700000500.000500', text: `broken? ${link}` },
      }),
    );
    expect((await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark)).outcome).toBe('ok');
    expect(h.fake.callsOf('chat.postMessage').some((c) => String(c.body.text).includes('web-portal-ci'))).toBe(true);
  });

  it('Show log on a failed run: the end of the failed step’s log, privately, its secret masked', async () => {
    const { answers } = await ask(NIGHTLY);
    const value = showLogValue(answers[0]);
    const responseUrl = h.fake.interactionResponseUrl();
    const mark = h.logs.length;
    await h.slack.interaction(blockActionsPayload({ actionId: ACTION_SHOW_LOG, value, responseUrl, ephemeral: true }));
    expect((await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark)).outcome).toBe('ok');
    const [log] = h.fake.calls.filter((c) => c.path === pathOf(responseUrl));
    const body = JSON.stringify(log?.body);
    expect(textOf(log)).toMatch(/The end of \*maven-build\*'s log in \*nightly-build\* \(the last \d+ lines\)/);
    expect(body).toMatch(/Build failed|BUILD FAILURE|ERROR/);
    expect(body).toContain('DEPLOY_TOKEN=[masked]');
    expect(body).not.toContain('sim-log-secret');
  });

  it('Show log on a posted card: in the card’s thread', async () => {
    const { answers } = await ask(NIGHTLY);
    const value = showLogValue(answers[0]);
    h.fake.seedMessage({ channel: 'C0CARDS01', ts: '1700000600.000600', text: 'card' });
    const mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({
        actionId: ACTION_SHOW_LOG,
        value,
        responseUrl: h.fake.interactionResponseUrl(),
        ephemeral: false,
        channelId: 'C0CARDS01',
        messageTs: '1700000600.000600',
      }),
    );
    await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);
    const posted = h.fake.callsOf('chat.postMessage').at(-1);
    expect(posted?.body).toMatchObject({ channel: 'C0CARDS01', thread_ts: '1700000600.000600' });
    expect(textOf(posted)).toMatch(/maven-build/);
  });

  it('a Show log button whose value was tampered with says it is out of date', async () => {
    const responseUrl = h.fake.interactionResponseUrl();
    const mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_SHOW_LOG, value: `${NIGHTLY} ca1.l.x.y.z`, responseUrl, ephemeral: true }),
    );
    await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);
    expect(textOf(h.fake.calls.find((c) => c.path === pathOf(responseUrl)))).toMatch(/out of date/);
  });
});
