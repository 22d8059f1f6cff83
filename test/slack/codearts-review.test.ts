/**
 * Approve from a CodeArts card (`PIPELINE_BACKEND=codearts`, the built-in CodeArts simulator): the decision is
 * recorded as the clicker's own user, with the token their own password got when they linked through Slack — the
 * same flow as on SWR, another backend.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_APPROVE } from '../../src/render/action-ids.js';
import { IDS } from '../backends/codearts/helpers.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { type Harness, textOf, waitForLog } from './bot-harness.js';
import { BOB, cardButtonValue, startCodeArtsWithBob } from './codearts-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startCodeArtsWithBob();
});
afterAll(async () => {
  await h.close();
});

const pathOf = (url: string): string => new URL(url).pathname;

describe('Approve on CodeArts', () => {
  it('the review is recorded as the clicker (their own token), and they are told', async () => {
    const id = IDS['payment-release'];
    const value = await cardButtonValue(h, id, ACTION_APPROVE, BOB);

    const responseUrl = h.fake.interactionResponseUrl({ ephemeral: true, user: BOB, channel: 'C00000001' });
    const mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_APPROVE, value, responseUrl, ephemeral: true, userId: BOB }),
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
