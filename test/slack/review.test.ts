/**
 * Approve and Refuse from the card, end to end: signed clicks to the real receiver, the fake Slack, the SWR
 * simulator recording whoever owns the credential. The bot's own token belongs to `pipeline-bot-svc`, who is
 * nobody's reviewer: every vote below must be the clicker's.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACTION_APPROVE, ACTION_LINK_ACCOUNT, ACTION_REFUSE } from '../../src/render/action-ids.js';
import { slackUser } from '../helpers/fake-slack.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { rawFixture } from '../render/fixtures.js';
import { actionIdsOf, type Harness, renderedButtonValue, startHarness, textOf, waitForLog } from './bot-harness.js';
import { linkThroughSlack, unlinkThroughSlack } from './link-through-slack.js';

const ID = 41002;
const USERS = {
  bob: { name: 'bob', password: 'bob-pw', domain: 'acme', slack: 'U0BOB00001' },
  carol: { name: 'carol', password: 'carol-pw', domain: 'acme', slack: 'U0CAROL001' },
  mallory: { name: 'mallory', password: 'mallory-pw', domain: 'acme', slack: 'U0MALLORY1' },
};
const KEY = randomBytes(32).toString('base64');
registerSecret('CREDENTIALS_KEY', KEY);
/** How long the simulator's IAM tokens (the links) last. */
const TOKEN_TTL_S = 3600;
/** How far the bot's clock is ahead of the wall clock (to go past a token's expiry). */
let clockAheadMs = 0;
let h: Harness;

beforeAll(async () => {
  h = await startHarness(
    { SWR_CACHE_MS: '0', CREDENTIALS_KEY: KEY, LINK_IAM_ENDPOINT: '{simulator}' },
    { now: () => new Date(Date.now() + clockAheadMs) },
    {},
    {
      tokenUser: 'pipeline-bot-svc',
      iamUsers: Object.values(USERS),
      tokenTtlSeconds: TOKEN_TTL_S,
    },
  );
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  h.fake.reset();
  h.sim.control.reset();
  clockAheadMs = 0;
  for (const user of Object.values(USERS)) h.fake.addUser(slackUser('member', user.slack, { name: user.name }));
  // Each test starts with nobody linked (the bot's store outlives a test).
  for (const user of Object.values(USERS)) await unlinkThroughSlack(h, user.slack);
  // The review fixture: "approve release" (stage 2) waits on bob and carol; alice passed; all must approve.
  h.sim.control.setPipeline(ID, rawFixture('running-review') as object);
});

/** `who` links their simulator account through Slack (`/pipeline login`, the modal, their password). */
async function link(who: keyof typeof USERS): Promise<void> {
  const user = USERS[who];
  await linkThroughSlack(h, user.slack, user);
}

/** The value the card's review buttons carry for the pipeline as the simulator serves it now. */
const cardValue = (): string => renderedButtonValue(h, ID, ACTION_APPROVE);

/** Clicks `actionId` on a private card as `who`; resolves when the bot is done with it. */
async function click(actionId: string, who: string, value: string) {
  const responseUrl = h.fake.interactionResponseUrl({ ephemeral: true, user: who, channel: 'C00000001' });
  const mark = h.logs.length;
  const reply = await h.slack.interaction(
    blockActionsPayload({ actionId, value, responseUrl, ephemeral: true, userId: who }),
  );
  expect(reply.status).toBe(200);
  await waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'action', undefined, mark);
  const answers = h.fake.calls.filter((c) => c.path === new URL(responseUrl).pathname);
  return { answers, texts: answers.map(textOf), responseUrl };
}

const results = () => {
  const raw = h.sim.control.pipeline(ID) as {
    status: { stages: { state?: { review_results?: { user_name: string; result: string }[] } }[] };
  };
  return raw.status.stages[2]?.state?.review_results?.map((r) => `${r.user_name}:${r.result}`);
};

const audits = (action: string) => h.logs.filter((l) => l.msg === 'audit' && l.action === action);

describe('Approve / Refuse from the card', () => {
  it('approve as a reviewer: SWR records the clicker, not the bot; the card is replaced; the clicker is told', async () => {
    await link('bob');
    const value = cardValue();
    const { answers, texts } = await click(ACTION_APPROVE, USERS.bob.slack, value);
    expect(results()).toEqual(['alice:pass', 'bob:pass', 'carol:waiting']);
    expect(JSON.stringify(h.sim.control.pipeline(ID))).not.toContain('pipeline-bot-svc');
    // The card first (replaced in place), then the sentence.
    expect(answers[0]?.body.replace_original).toBe(true);
    expect(texts.at(-1)).toMatch(/You approved \*approve release\* of \*deploy-web\*/);
    expect(audits('review_pass').at(-1)).toMatchObject({
      outcome: 'ok',
      user: USERS.bob.slack,
      pipelineId: String(ID),
    });
  });

  it('refuse: the stage fails, and the replaced card offers no review buttons any more', async () => {
    await link('carol');
    const { answers, texts } = await click(ACTION_REFUSE, USERS.carol.slack, cardValue());
    expect(results()).toEqual(['alice:pass', 'bob:waiting', 'carol:refuse']);
    expect(actionIdsOf(answers[0])).not.toContain(ACTION_APPROVE);
    expect(texts.at(-1)).toMatch(/You refused/);
  });

  it('not linked: a private prompt with the Link button, and nothing sent to SWR', async () => {
    const before = h.sim.control.getCount(ID);
    const { answers, texts } = await click(ACTION_APPROVE, USERS.bob.slack, cardValue());
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatch(/first link your Huawei account/);
    expect(actionIdsOf(answers[0])).toEqual([ACTION_LINK_ACCOUNT]);
    expect(h.sim.control.getCount(ID)).toBe(before);
    expect(results()).toEqual(['alice:pass', 'bob:waiting', 'carol:waiting']);
  });

  it('not a reviewer: one sentence naming the stage; the card is refreshed', async () => {
    await link('mallory');
    const { answers, texts } = await click(ACTION_APPROVE, USERS.mallory.slack, cardValue());
    expect(texts.at(-1)).toMatch(/not one of the reviewers of \*approve release\*/);
    expect(answers[0]?.body.replace_original).toBe(true);
    expect(results()).toEqual(['alice:pass', 'bob:waiting', 'carol:waiting']);
  });

  it('double click: the second is told the decision is already made, and SWR keeps one vote', async () => {
    await link('bob');
    const value = cardValue();
    await click(ACTION_APPROVE, USERS.bob.slack, value);
    const second = await click(ACTION_APPROVE, USERS.bob.slack, value);
    expect(second.texts.at(-1)).toMatch(/already decided/);
    expect(results()).toEqual(['alice:pass', 'bob:pass', 'carol:waiting']);
  });

  it('a review already over (the stage moved on): "already decided", the card refreshed without buttons', async () => {
    await link('bob');
    const value = cardValue();
    await link('carol');
    await click(ACTION_APPROVE, USERS.carol.slack, value);
    await click(ACTION_APPROVE, USERS.bob.slack, value);
    const late = await click(ACTION_REFUSE, USERS.bob.slack, value);
    expect(late.texts.at(-1)).toMatch(/already decided/);
    expect(actionIdsOf(late.answers[0])).not.toContain(ACTION_REFUSE);
  });

  it('expired token: a prompt to link again, nothing sent; a token SWR no longer takes is forgotten', async () => {
    await link('bob');
    // The bot's clock goes past the token's expiry, which IAM gave when bob linked.
    clockAheadMs = TOKEN_TTL_S * 1000 + 60_000;
    const before = h.sim.control.getCount(ID);
    const expired = await click(ACTION_APPROVE, USERS.bob.slack, cardValue());
    expect(expired.texts[0]).toMatch(/Link it again/);
    expect(actionIdsOf(expired.answers[0])).toEqual([ACTION_LINK_ACCOUNT]);
    expect(h.sim.control.getCount(ID)).toBe(before);
    expect(results()).toEqual(['alice:pass', 'bob:waiting', 'carol:waiting']);

    clockAheadMs = 0;
    await link('bob');
    h.sim.control.revokeTokens();
    const revoked = await click(ACTION_APPROVE, USERS.bob.slack, cardValue());
    expect(revoked.texts.at(-1)).toMatch(/Link it again/);
    // Forgotten: the next click finds no link at all, and logging out finds nothing to forget.
    const next = await click(ACTION_APPROVE, USERS.bob.slack, cardValue());
    expect(next.texts[0]).toMatch(/first link your Huawei account/);
    expect(await unlinkThroughSlack(h, USERS.bob.slack)).toContain('You were not linked');
  });

  it('on a watched pipeline’s card: the card is edited in place and its thread records the review', async () => {
    await link('bob');
    const commandUrl = h.fake.responseUrl();
    await h.slack.command({ text: `watch ${ID}`, response_url: commandUrl, channel_id: 'C0WATCHREV' });
    await h.fake.waitFor((calls) =>
      calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === 'C0WATCHREV'),
    );
    await h.fake.waitFor((calls) => calls.some((c) => c.path === new URL(commandUrl).pathname));
    const card = h.fake.messages('C0WATCHREV')[0];
    if (!card) throw new Error('no watch card');
    const responseUrl = h.fake.interactionResponseUrl({
      originalTs: card.ts,
      channel: 'C0WATCHREV',
      user: USERS.bob.slack,
    });
    const mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({
        actionId: ACTION_APPROVE,
        value: cardValue(),
        responseUrl,
        ephemeral: false,
        channelId: 'C0WATCHREV',
        messageTs: card.ts,
        blocks: card.blocks as object[],
        userId: USERS.bob.slack,
      }),
    );
    await waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'action', undefined, mark);
    const thread = h.fake.messages('C0WATCHREV').filter((m) => m.threadTs === card.ts);
    expect(thread.map((m) => m.text)).toContain('✅ bob approved *approve release* (from Slack)');
    expect(h.fake.callsOf('chat.update').some((c) => c.body.ts === card.ts)).toBe(true);
  });

  it('a review of a newer run leaves no note on a watch card still showing the run before', async () => {
    await link('bob');
    const commandUrl = h.fake.responseUrl();
    await h.slack.command({ text: `watch ${ID}`, response_url: commandUrl, channel_id: 'C0WATCHOLD' });
    await h.fake.waitFor((calls) => calls.some((c) => c.path === new URL(commandUrl).pathname));
    const card = h.fake.messages('C0WATCHOLD')[0];
    if (!card) throw new Error('no watch card');
    // A new run starts, waiting on the same review; the watcher has not looked yet, so its card is the old run's.
    const raw = rawFixture('running-review') as { status: Record<string, unknown> };
    h.sim.control.setPipeline(ID, { ...raw, status: { ...raw.status, start_time: '2024-05-02T09:00:00Z' } });
    const { texts } = await click(ACTION_APPROVE, USERS.bob.slack, cardValue());
    expect(texts.at(-1)).toMatch(/You approved/);
    const thread = h.fake.messages('C0WATCHOLD').filter((m) => m.threadTs === card.ts);
    expect(thread.map((m) => m.text).filter((t) => t?.includes('(from Slack)'))).toEqual([]);
  });
});
