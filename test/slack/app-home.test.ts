/**
 * App Home end to end: a signed `app_home_opened` event → `views.publish` to the fake Slack (which refuses a view
 * over 100 blocks, as Slack does); the link, the reviews waiting on the viewer across the watched pipelines (each
 * with Approve / Refuse), the watches they started — many of each, capped with "and N more"; a review clicked
 * there is taken as the viewer and the view republished with how it went.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_APPROVE, ACTION_LINK_ACCOUNT, ACTION_UNLINK_ACCOUNT } from '../../src/render/action-ids.js';
import { HOME_BLOCKS } from '../../src/render/app-home.js';
import { createStore } from '../../src/store/index.js';
import type { WatchStore } from '../../src/store/types.js';
import { FAKE_TEAM_ID, slackUser } from '../helpers/fake-slack.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { rawFixture } from '../render/fixtures.js';
import { type Harness, startHarness, waitForLog } from './bot-harness.js';
import { linkThroughSlack } from './link-through-slack.js';

const BOB = { name: 'bob', password: 'bob-pw', domain: 'acme', slack: 'U0BOB00001' };
const REVIEWS = 40;
const FIRST_ID = 50001;
const dir = mkdtempSync(join(tmpdir(), 'home-'));
const KEY = randomBytes(32).toString('base64');
registerSecret('CREDENTIALS_KEY', KEY);
let store: WatchStore;
let h: Harness;

beforeAll(async () => {
  store = await createStore(`sqlite:${join(dir, 'bot.db')}`);
  h = await startHarness(
    { SWR_CACHE_MS: '0', CREDENTIALS_KEY: KEY, LINK_IAM_ENDPOINT: '{simulator}' },
    { store },
    {},
    { iamUsers: [BOB] },
  );
  h.fake.addUser(slackUser('member', BOB.slack, { name: 'bob' }));
  const raw = rawFixture('running-review') as Record<string, unknown>;
  const far = new Date('2100-01-01T00:00:00Z');
  for (let i = 0; i < REVIEWS; i++) {
    const id = FIRST_ID + i;
    h.sim.control.setPipeline(id, { ...raw, id, name: `deploy-${i}` });
    // Not due before 2100: the poller leaves them alone, App Home reads them.
    await store.addWatch({
      teamId: FAKE_TEAM_ID,
      channelId: `C0HOME${String(i).padStart(4, '0')}`,
      pipelineId: String(id),
      filter: 'changes',
      createdBy: i < 45 ? BOB.slack : 'U0SOMEONE1',
      now: new Date(),
      nextPollAt: far,
    });
  }
  for (let i = 0; i < 10; i++) {
    await store.addWatch({
      teamId: FAKE_TEAM_ID,
      channelId: `C0MORE${String(i).padStart(4, '0')}`,
      pipelineId: '29476',
      filter: 'changes',
      createdBy: BOB.slack,
      now: new Date(),
      nextPollAt: far,
    });
  }
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const homeOpened = (user: string, tab = 'home') => ({
  token: 'legacy-verification-token',
  team_id: FAKE_TEAM_ID,
  api_app_id: 'A00000001',
  event: { type: 'app_home_opened', user, channel: 'D0HOME0001', tab, event_ts: '1700000000.000100' },
  type: 'event_callback',
  event_id: `Ev${Math.random().toString(36).slice(2, 10)}`,
  event_time: 1700000000,
});

async function openHome(user: string) {
  const before = h.fake.callsOf('views.publish').length;
  const reply = await h.slack.event(homeOpened(user));
  expect(reply.status).toBe(200);
  await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'views.publish').length > before);
  const published = h.fake.callsOf('views.publish').at(-1);
  const view = (typeof published?.body.view === 'string' ? JSON.parse(published.body.view) : published?.body.view) as {
    blocks: unknown[];
  };
  return { body: published?.body, view, json: JSON.stringify(view) };
}

/** A button clicked on bob's Home tab: a view container, no channel, no message, no response_url. */
function homeClick(actionId: string, value: string): Record<string, unknown> {
  const click = blockActionsPayload({ actionId, value, responseUrl: '', ephemeral: false, userId: BOB.slack });
  const { channel: _c, message: _m, response_url: _r, ...rest } = click as Record<string, unknown>;
  return { ...rest, container: { type: 'view', view_id: 'V0HOME0001' }, view: { id: 'V0HOME0001', type: 'home' } };
}

/** The value of the first Approve button in a published view's JSON (a JSON string, escapes and all). */
const firstApproveValue = (json: string): string =>
  JSON.parse(`"${/"action_id":"review_approve".*?"value":"((?:[^"\\]|\\.)*)"/.exec(json)?.[1]}"`) as string;

describe('App Home', () => {
  it('not linked: the Link button, no reviews, the watches the viewer started', async () => {
    const { body, view, json } = await openHome(BOB.slack);
    expect(body?.user_id).toBe(BOB.slack);
    expect(json).toContain(`"action_id":"${ACTION_LINK_ACCOUNT}"`);
    expect(json).not.toContain(ACTION_APPROVE);
    expect(json).toContain('Once your account is linked');
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCKS);
  });

  it('linked, many reviews and watches: within 100 blocks, capped with "and N more", Approve on each shown', async () => {
    await linkThroughSlack(h, BOB.slack, BOB);
    const { view, json } = await openHome(BOB.slack);
    expect(view.blocks.length).toBeLessThanOrEqual(HOME_BLOCKS);
    expect(json).toContain('Linked as *bob* in account *acme*');
    expect(json).toContain(`"action_id":"${ACTION_UNLINK_ACCOUNT}"`);
    // 40 reviews wait on bob: 30 shown with their buttons, then "and 10 more".
    expect(json.match(/"action_id":"review_approve"/g)).toHaveLength(30);
    expect(json).toContain('…and 10 more.');
    // 50 watches started by bob: 40 listed, then "and 10 more".
    expect(json.match(/• \*/g)).toHaveLength(40);
    expect(h.fake.findings().filter((f) => f.kind === 'refused')).toEqual([]);
  });

  it('Approve from the Home tab: taken as the viewer, the view republished with how it went', async () => {
    await linkThroughSlack(h, BOB.slack, BOB);
    const { json } = await openHome(BOB.slack);
    const click = homeClick(ACTION_APPROVE, firstApproveValue(json));
    const before = h.fake.callsOf('views.publish').length;
    const mark = h.logs.length;
    await h.slack.interaction(click);
    await waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'action', undefined, mark);
    const raw = h.sim.control.pipeline(FIRST_ID) as {
      status: { stages: { state?: { review_results?: { user_name: string; result: string }[] } }[] };
    };
    expect(raw.status.stages[2]?.state?.review_results).toContainEqual({ user_name: 'bob', result: 'pass' });
    const republished = h.fake.callsOf('views.publish').slice(before);
    expect(republished).toHaveLength(1);
    expect(JSON.stringify(republished[0]?.body.view)).toContain('You approved *approve release* of *deploy-0*');
  });
});

describe('Unlink on the Home tab', () => {
  it('forgets the link and republishes the tab: the sentence on top, the Link button, no reviews', async () => {
    await linkThroughSlack(h, BOB.slack, BOB);
    const { json } = await openHome(BOB.slack);
    expect(json).toContain(`"action_id":"${ACTION_UNLINK_ACCOUNT}"`);
    const click = homeClick(ACTION_UNLINK_ACCOUNT, 'unlink');
    const before = h.fake.callsOf('views.publish').length;
    const mark = h.logs.length;
    await h.slack.interaction(click);
    await waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'action', undefined, mark);
    expect(h.logs.slice(mark).some((l) => l.msg === 'audit' && l.action === 'unlink' && l.outcome === 'ok')).toBe(true);
    const republished = h.fake.callsOf('views.publish').slice(before);
    expect(republished).toHaveLength(1);
    expect(republished[0]?.body.user_id).toBe(BOB.slack);
    const view = JSON.stringify(republished[0]?.body.view);
    expect(view).toContain('*bob* is no longer linked');
    expect(view).toContain(`"action_id":"${ACTION_LINK_ACCOUNT}"`);
    expect(view).not.toContain(`"action_id":"${ACTION_UNLINK_ACCOUNT}"`);
    expect(view).not.toContain(ACTION_APPROVE);
  });
});

describe('App Home and the lookup limit', () => {
  it('each view takes one of the person’s lookups; past them the tab says "going fast" and reads nothing', async () => {
    const slow = await startHarness({ USER_LOOKUP_BURST: '1', USER_LOOKUPS_PER_SECOND: '0.001' });
    try {
      slow.fake.addUser(slackUser('member', BOB.slack, { name: 'bob' }));
      const open = async () => {
        const before = slow.fake.callsOf('views.publish').length;
        expect((await slow.slack.event(homeOpened(BOB.slack))).status).toBe(200);
        await slow.fake.waitFor((calls) => calls.filter((c) => c.method === 'views.publish').length > before);
        return JSON.stringify(slow.fake.callsOf('views.publish').at(-1)?.body.view);
      };
      expect(await open()).toContain('Reviews waiting on you');
      const refused = await open();
      expect(refused).toContain('going fast');
      expect(refused).not.toContain('Reviews waiting on you');
      expect(slow.logs.some((l) => l.msg === 'audit' && l.outcome === 'rate_limited' && l.asked === 'home')).toBe(true);
    } finally {
      await slow.close();
    }
  });
});

describe('App Home when something fails', () => {
  it('the database failing: the tab says it could not be loaded, the log says `error`, not a Slack code', async () => {
    const broken = await createStore(`sqlite:${join(dir, 'broken.db')}`);
    const b = await startHarness({}, { store: broken });
    try {
      b.fake.addUser(slackUser('member', BOB.slack, { name: 'bob' }));
      await broken.close();
      const mark = b.logs.length;
      expect((await b.slack.event(homeOpened(BOB.slack))).status).toBe(200);
      await b.fake.waitFor((calls) => calls.some((c) => c.method === 'views.publish'));
      expect(JSON.stringify(b.fake.callsOf('views.publish').at(-1)?.body.view)).toContain('could not be loaded');
      await waitForLog(b, (l) => l.msg === 'slack request' && l.outcome === 'home_error', undefined, mark);
      expect(b.logs.slice(mark).some((l) => l.msg === 'could not build App Home')).toBe(true);
      expect(b.logs.slice(mark).some((l) => l.msg === 'could not publish App Home')).toBe(false);
    } finally {
      await b.close();
    }
  });

  it('a review taken from the tab whose republish Slack refuses: the sentence is sent as a private answer', async () => {
    await linkThroughSlack(h, BOB.slack, BOB);
    const { json } = await openHome(BOB.slack);
    const click = homeClick(ACTION_APPROVE, firstApproveValue(json));
    h.fake.on('views.publish', () => ({ body: { ok: false, error: 'internal_error' } }));
    const mark = h.logs.length;
    try {
      await h.slack.interaction(click);
      await waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'action', undefined, mark);
    } finally {
      h.fake.on('views.publish', () => undefined);
    }
    expect(h.logs.slice(mark).some((l) => l.msg === 'could not publish App Home')).toBe(true);
    // A Home click carries no channel and no response_url: the private answer is tried and, reaching nobody,
    // says so in the log (never silence).
    expect(h.logs.slice(mark).some((l) => String(l.msg).startsWith('could not answer the person who asked'))).toBe(
      true,
    );
  });
});
