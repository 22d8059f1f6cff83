/**
 * Remind reviewers end to end: a DM (the card with Approve and Refuse) to each linked pending reviewer, once per
 * review per REVIEW_REMINDER_MINUTES — also across a restart: two bots, one after the other, on one SQLite file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reviewerLogins } from '../../src/backends/containerops/simulator/people.js';
import { ACTION_APPROVE, ACTION_REFUSE, ACTION_REMIND_REVIEWERS } from '../../src/render/action-ids.js';
import { slackUser } from '../helpers/fake-slack.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { rawFixture } from '../render/fixtures.js';
import {
  actionIdsOf,
  buttonValueOf,
  type Harness,
  renderedButtonValue,
  startHarness,
  textOf,
  waitForLog,
} from './bot-harness.js';
import { linkThroughSlack } from './link-through-slack.js';

const ID = 41002;
/** The built-in simulator's pipeline waiting on a review by alice and bob (src/backends/containerops/simulator/scenarios.ts). */
const SIMULATED_REVIEW = '29501';
const BOB = 'U0BOB00001';
const CLICKER = 'U00000001';
const dir = mkdtempSync(join(tmpdir(), 'remind-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BOB_LOGIN = reviewerLogins().find((u) => u.name === 'bob');
if (!BOB_LOGIN) throw new Error('the simulator has no IAM login for bob');
const KEY = randomBytes(32).toString('base64');
registerSecret('CREDENTIALS_KEY', KEY);

async function bot(now: () => Date): Promise<Harness> {
  const h = await startHarness(
    {
      DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`,
      SWR_CACHE_MS: '0',
      CREDENTIALS_KEY: KEY,
      LINK_IAM_ENDPOINT: '{simulator}',
    },
    { now },
  );
  h.fake.addUser(slackUser('member', BOB, { name: 'bob' }));
  h.sim.control.setPipeline(ID, rawFixture('running-review') as object);
  return h;
}

/** Clicks Remind reviewers with `value` (by default the button of pipeline ID's card); what the clicker was told. */
async function clickRemind(h: Harness, value = renderedButtonValue(h, ID, ACTION_REMIND_REVIEWERS)): Promise<string> {
  const responseUrl = h.fake.interactionResponseUrl({ ephemeral: true, user: CLICKER, channel: 'C00000001' });
  const mark = h.logs.length;
  await h.slack.interaction(
    blockActionsPayload({
      actionId: ACTION_REMIND_REVIEWERS,
      value,
      responseUrl,
      ephemeral: true,
    }),
  );
  await waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'action', undefined, mark);
  return h.fake.calls
    .filter((c) => c.path === new URL(responseUrl).pathname)
    .map(textOf)
    .join('\n');
}

const dmsTo = (h: Harness, user: string) => h.fake.callsOf('chat.postMessage').filter((c) => c.body.channel === user);

describe('Remind reviewers', () => {
  it('DMs each linked pending reviewer once per window, across a restart; the clicker hears who and who not', async () => {
    const t0 = Date.now();
    const first = await bot(() => new Date(t0));
    try {
      // bob links once, through Slack, on the first bot: the link is in the file the restarted bots open.
      await linkThroughSlack(first, BOB, BOB_LOGIN);
      const told = await clickRemind(first);
      const dms = dmsTo(first, BOB);
      expect(dms).toHaveLength(1);
      expect(textOf(dms[0])).toContain(`<@${CLICKER}> asks you to review *approve release* of *deploy-web*`);
      // The DM holds the card with Approve and Refuse (not another Remind).
      expect(actionIdsOf(dms[0])).toEqual(expect.arrayContaining([ACTION_APPROVE, ACTION_REFUSE]));
      expect(actionIdsOf(dms[0])).not.toContain(ACTION_REMIND_REVIEWERS);
      // The card names reviewers as watch cards do: bob linked, so he is mentioned; carol is not.
      const card = JSON.stringify(((dms[0]?.body.blocks ?? []) as unknown[]).slice(1));
      expect(card).toContain(`<@${BOB}>`);
      expect(card).toContain('carol');
      expect(told).toContain(`Reminded <@${BOB}>`);
      // carol never linked: named, not reminded.
      expect(told).toMatch(/not linked their Huawei account in Slack: \*carol\*/);

      const again = await clickRemind(first);
      expect(dmsTo(first, BOB)).toHaveLength(1);
      expect(again).toContain(`Already reminded in the last 60 min: <@${BOB}>`);
    } finally {
      await first.close();
    }

    // A restart: a new process on the same file remembers.
    const second = await bot(() => new Date(t0 + 30 * 60_000));
    try {
      expect(await clickRemind(second)).toContain('Already reminded');
      expect(dmsTo(second, BOB)).toHaveLength(0);
    } finally {
      await second.close();
    }

    // After the window, one more reminder.
    const later = await bot(() => new Date(t0 + 61 * 60_000));
    try {
      expect(await clickRemind(later)).toContain(`Reminded <@${BOB}>`);
      expect(dmsTo(later, BOB)).toHaveLength(1);
    } finally {
      await later.close();
    }
  });

  it('a DM Slack refuses is said to the clicker, and not counted: the next Remind tries again', async () => {
    const t0 = Date.now() + 365 * 24 * 3_600_000; // a review window of its own on the shared file
    const h = await bot(() => new Date(t0));
    try {
      await linkThroughSlack(h, BOB, BOB_LOGIN);
      h.fake.on('chat.postMessage', (call) =>
        call.body.channel === BOB ? { body: { ok: false, error: 'user_disabled' } } : undefined,
      );
      const told = await clickRemind(h);
      expect(told).toContain(`Could not DM <@${BOB}>: Slack refused the message. Tell them yourself`);
      expect(told).not.toContain(`Reminded <@${BOB}>`);
      // Slack takes the DM again: the refused one was not counted as sent.
      h.fake.on('chat.postMessage', () => undefined);
      expect(await clickRemind(h)).toContain(`Reminded <@${BOB}>`);
      expect(dmsTo(h, BOB)).toHaveLength(2); // the refused one, then the one Slack took
    } finally {
      await h.close();
    }
  });

  it('under the built-in simulator the DM card says its data is simulated, as every card does', async () => {
    const h = await startHarness({
      SWR_ENDPOINT: '',
      SWR_AUTH_TOKEN: '',
      SIMULATOR_PORT: '0',
      DATABASE_URL: `sqlite:${join(dir, 'simulated.db')}`,
      CREDENTIALS_KEY: KEY,
      LINK_IAM_ENDPOINT: '{simulator}',
    });
    try {
      h.fake.addUser(slackUser('member', BOB, { name: 'bob' }));
      await linkThroughSlack(h, BOB, BOB_LOGIN);
      // The built-in simulator's review pipeline, as its card's Remind button carries it.
      const responseUrl = h.fake.responseUrl();
      await h.slack.command({ text: SIMULATED_REVIEW, response_url: responseUrl });
      await h.fake.waitFor((calls) => calls.some((c) => c.path === new URL(responseUrl).pathname), 15_000);
      const card = h.fake.calls.find((c) => c.path === new URL(responseUrl).pathname);
      const remind = buttonValueOf(card, ACTION_REMIND_REVIEWERS);
      if (remind === undefined) throw new Error('no Remind button on the simulated review card');
      await clickRemind(h, remind);
      const dms = dmsTo(h, BOB);
      expect(dms).toHaveLength(1);
      expect(JSON.stringify(dms[0]?.body.blocks)).toContain('🧪 Simulated data — set SWR_ENDPOINT to use SWR');
    } finally {
      await h.close();
    }
  });
});
