/**
 * Reviewers as people on CodeArts, end to end (`PIPELINE_BACKEND=codearts`, the built-in CodeArts simulator): a
 * review's approvers are IAM user ids there, not names. bob links through Slack by password; IAM's answer names his
 * user id, which the link keeps — so Remind reviewers DMs him, App Home lists the review waiting on him, and the
 * watched card mentions him.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simUser } from '../../src/backends/codearts/simulator/users.js';
import { ACTION_APPROVE, ACTION_REFUSE, ACTION_REMIND_REVIEWERS } from '../../src/render/action-ids.js';
import { IDS } from '../backends/codearts/helpers.js';
import { FAKE_TEAM_ID } from '../helpers/fake-slack.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { actionIdsOf, type Harness, textOf, waitForLog } from './bot-harness.js';
import { BOB, bob, cardButtonValue, startCodeArtsWithBob } from './codearts-harness.js';

const CLICKER = 'U00000001';
const WATCH_CHANNEL = 'C0CAWATCH1';
const alice = simUser('alice', 0);
// `payment-release` waits on alice, bob and carol (all must approve), named by IAM user id.
const ID = IDS['payment-release'];
let h: Harness;

beforeAll(async () => {
  h = await startCodeArtsWithBob();
});
afterAll(async () => {
  await h.close();
});

const pathOf = (url: string): string => new URL(url).pathname;

describe('CodeArts reviewers (IAM user ids) as linked people', () => {
  it('Remind reviewers DMs bob, found by his IAM user id; the clicker hears it', async () => {
    const value = await cardButtonValue(h, ID, ACTION_REMIND_REVIEWERS, CLICKER);
    const responseUrl = h.fake.interactionResponseUrl({ ephemeral: true, user: CLICKER, channel: 'C00000001' });
    const mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_REMIND_REVIEWERS, value, responseUrl, ephemeral: true }),
    );
    await waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'action', undefined, mark);
    const dms = h.fake.callsOf('chat.postMessage').filter((c) => c.body.channel === BOB);
    expect(dms).toHaveLength(1);
    expect(actionIdsOf(dms[0])).toEqual(expect.arrayContaining([ACTION_APPROVE, ACTION_REFUSE]));
    const told = h.fake.calls
      .filter((c) => c.path === pathOf(responseUrl))
      .map(textOf)
      .join('\n');
    expect(told).toContain(`Reminded <@${BOB}>`);
    // alice never linked: not reminded.
    expect(told).toMatch(new RegExp(`not linked their Huawei account in Slack: .*${alice.id}`));
  });

  it('the watched card mentions bob; App Home lists the review waiting on him, with Approve', async () => {
    const commandUrl = h.fake.responseUrl({ user: BOB });
    await h.slack.command({ text: `watch ${ID}`, response_url: commandUrl, channel_id: WATCH_CHANNEL, user_id: BOB });
    await h.fake.waitFor((calls) =>
      calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === WATCH_CHANNEL),
    );
    const card = h.fake.messages(WATCH_CHANNEL)[0];
    expect(JSON.stringify(card?.blocks)).toContain(`<@${BOB}>`);
    expect(JSON.stringify(card?.blocks)).not.toContain(bob.id);

    const before = h.fake.callsOf('views.publish').length;
    await h.slack.event({
      token: 'legacy-verification-token',
      team_id: FAKE_TEAM_ID,
      api_app_id: 'A00000001',
      event: { type: 'app_home_opened', user: BOB, channel: 'D0HOME0001', tab: 'home', event_ts: '1700000000.000100' },
      type: 'event_callback',
      event_id: 'Ev0CAHOME01',
      event_time: 1700000000,
    });
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'views.publish').length > before);
    const view = JSON.stringify(h.fake.callsOf('views.publish').at(-1)?.body.view);
    expect(view).toContain('Linked as *bob*');
    expect(view).toContain('payment-release');
    expect(view).toContain(`"action_id":"${ACTION_APPROVE}"`);
  });
});
