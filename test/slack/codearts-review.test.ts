/**
 * Approve from a CodeArts card (`PIPELINE_BACKEND=codearts`, the built-in CodeArts simulator): the decision is
 * recorded as the clicker's own user, with the token their own password got when they linked through Slack — the
 * same flow as on SWR, another backend.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_DOMAIN, simUser } from '../../src/backends/codearts/simulator/users.js';
import { ACTION_APPROVE } from '../../src/render/action-ids.js';
import { IDS } from '../backends/codearts/helpers.js';
import { slackUser } from '../helpers/fake-slack.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { type Harness, startHarness, textOf, waitForLog } from './bot-harness.js';
import { linkThroughSlack } from './link-through-slack.js';

const BOB = 'U0BOB00001';
const bob = simUser('bob', 1);
const KEY = randomBytes(32).toString('base64');
registerSecret('CREDENTIALS_KEY', KEY);
let h: Harness;

beforeAll(async () => {
  // No LINK_IAM_ENDPOINT: the bot proves links at the IAM its built-in CodeArts simulator serves.
  h = await startHarness({
    PIPELINE_BACKEND: 'codearts',
    CODEARTS_SIMULATOR_PORT: '0',
    SWR_ENDPOINT: '',
    SWR_AUTH_TOKEN: '',
    CREDENTIALS_KEY: KEY,
  });
  h.fake.addUser(slackUser('member', BOB, { name: 'bob' }));
  await linkThroughSlack(h, BOB, { name: bob.name, password: bob.password, domain: SIM_DOMAIN });
});
afterAll(async () => {
  await h.close();
});

const pathOf = (url: string): string => new URL(url).pathname;

describe('Approve on CodeArts', () => {
  it('the review is recorded as the clicker (their own token), and they are told', async () => {
    const id = IDS['payment-release'];
    const commandUrl = h.fake.responseUrl({ user: BOB });
    let mark = h.logs.length;
    await h.slack.command({ text: id, response_url: commandUrl, user_id: BOB });
    await waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'command', undefined, mark);
    const card = h.fake.calls.find((c) => c.path === pathOf(commandUrl));
    const blocks = (card?.body.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[];
    const value = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTION_APPROVE)?.value;
    expect(value).toBeDefined();

    const responseUrl = h.fake.interactionResponseUrl({ ephemeral: true, user: BOB, channel: 'C00000001' });
    mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_APPROVE, value: value ?? '', responseUrl, ephemeral: true, userId: BOB }),
    );
    await waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'action', undefined, mark);
    const decisions = (await (await fetch(`${h.bot.simulatorUrl}/_simulator/decisions/${id}`)).json()) as {
      decisions: { user: string; decision: string; via: string }[];
    };
    expect(decisions.decisions).toEqual([expect.objectContaining({ user: 'bob', decision: 'pass', via: 'token' })]);
    const answers = h.fake.calls.filter((c) => c.path === pathOf(responseUrl)).map(textOf);
    expect(answers.at(-1)).toMatch(/You approved \*Approval\* of \*payment-release\*/);
  });
});
