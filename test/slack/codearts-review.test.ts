/**
 * Approve from a CodeArts card (`PIPELINE_BACKEND=codearts`, the built-in CodeArts simulator): the decision is
 * recorded as the clicker's own user, signed in with their own token — the same flow as on SWR, another backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simUser } from '../../src/backends/codearts/simulator/users.js';
import { ACTION_APPROVE } from '../../src/render/action-ids.js';
import { IDS } from '../backends/codearts/helpers.js';
import { FAKE_TEAM_ID, slackUser } from '../helpers/fake-slack.js';
import { createMapLinkedAccounts } from '../helpers/linked-accounts.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { type Harness, startHarness, textOf, waitForLog } from './bot-harness.js';

const BOB = 'U0BOB00001';
const bob = simUser('bob', 1);
registerSecret('CodeArts token of bob', bob.token);
const accounts = createMapLinkedAccounts();
let h: Harness;

beforeAll(async () => {
  accounts.add({
    teamId: FAKE_TEAM_ID,
    slackUserId: BOB,
    huaweiUser: 'bob',
    huaweiDomain: 'codearts-demo',
    method: 'token',
    credential: { kind: 'token', token: bob.token },
    expiresAt: null,
  });
  h = await startHarness(
    { PIPELINE_BACKEND: 'codearts', CODEARTS_SIMULATOR_PORT: '0', SWR_ENDPOINT: '', SWR_AUTH_TOKEN: '' },
    { accounts },
  );
  h.fake.addUser(slackUser('member', BOB, { name: 'bob' }));
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
