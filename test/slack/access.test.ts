/**
 * Who sees what, through signed requests and the fake Slack (with `users.info` answers for members, guests, admins
 * and Slack Connect users, and a user group): each rule allows and refuses what it says, name search hides what
 * it must, a forged button value cannot widen access, another workspace gets nothing, the policy reloads without a
 * restart, and every refusal and action leaves an audit line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_REFRESH } from '../../src/render/action-ids.js';
import { slackUser } from '../helpers/fake-slack.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { type Harness, startHarness, textOf, waitForLog } from './bot-harness.js';

const POLICY = `default: deny
contact: "#platform-team"
rules:
  - channels: [C0BACKEND1]
    groups: [backend]
    post: true
  - channels: ["#frontend"]
    groups: [default]
    pipelines: [29505]
  - usergroups: [S0SRE0001]
    groups: ["*"]
  - channels: [C0OPS00001]
    groups: ["*"]
    post: true
    watch: admins
`;

let dir: string;
let policyPath: string;
let h: Harness;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'access-'));
  policyPath = join(dir, 'access.yml');
  writeFileSync(policyPath, POLICY);
  h = await startHarness({ ACCESS_POLICY_FILE: policyPath, SWR_CACHE_MS: '0' });
  h.fake.addUser(slackUser('guest', 'U0GUEST001'));
  h.fake.addUser(slackUser('external', 'U0OUTSIDE1'));
  h.fake.addUser(slackUser('admin', 'U0ADMIN001'));
  h.fake.addUser(slackUser('member', 'U0SRE0001'));
  h.fake.addUser(slackUser('member', 'U0BOB0001'));
  h.fake.addUsergroup('S0SRE0001', ['U0SRE0001']);
});
afterAll(async () => {
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

const pathOf = (url: string): string => new URL(url).pathname;
const BACKEND = { channel_id: 'C0BACKEND1', channel_name: 'backend' };
const FRONTEND = { channel_id: 'C0FRONT001', channel_name: 'frontend' };
const OPS = { channel_id: 'C0OPS00001', channel_name: 'ops' };

/** Sends `/pipeline <text>` and returns everything answered privately once the request is done, with its log line. */
async function ask(text: string, fields: Record<string, string> = {}) {
  const responseUrl = h.fake.responseUrl();
  const mark = h.logs.length;
  const reply = await h.slack.command({ text, response_url: responseUrl, ...fields });
  expect(reply.status).toBe(200);
  const line = await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);
  const said = h.fake.calls.filter((c) => c.path === pathOf(responseUrl)).map((c) => textOf(c));
  const audit = h.logs.slice(mark).filter((l) => l.msg === 'audit');
  return { said, line, audit };
}

describe('a rule naming the channel', () => {
  it('shows its groups’ pipelines', async () => {
    const { said, line } = await ask('29502', BACKEND);
    expect(said[0]).toContain('nightly-build');
    expect(line.outcome).toBe('ok');
  });

  it('refuses another group’s pipeline with one sentence naming who can change it — and a missing id reads the same', async () => {
    const hidden = await ask('29501', BACKEND);
    expect(hidden.said).toEqual([
      '🔒 You asked for pipeline `29501`: it is not one you can see in this conversation. Ask #platform-team to change that.',
    ]);
    expect(hidden.line.outcome).toBe('refused_not_visible');
    expect(hidden.audit).toEqual([
      expect.objectContaining({
        action: 'refused',
        outcome: 'not_visible',
        pipelineId: '29501',
        channel: 'C0BACKEND1',
        user: 'U00000001',
        team: 'T00000001',
      }),
    ]);
    const missing = await ask('99999', BACKEND);
    expect(missing.said).toEqual([hidden.said[0]?.replace('29501', '99999')]);
  });

  it('by #name: the name the request gives; extra pipelines listed by id count too', async () => {
    expect((await ask('29503', FRONTEND)).said[0]).toContain('demo-2048');
    expect((await ask('29505', FRONTEND)).said[0]).toContain('monorepo-ci');
    expect((await ask('29502', FRONTEND)).line.outcome).toBe('refused_not_visible');
  });

  it('no rule for the conversation: the default (deny)', async () => {
    expect((await ask('29502', { channel_id: 'C0RANDOM01', channel_name: 'random' })).line.outcome).toBe(
      'refused_not_visible',
    );
  });
});

describe('name search', () => {
  it('lists only what the asker may see, and counts only that', async () => {
    // Three names hold an "i" (nightly-build, order-service, monorepo-ci); #backend sees only nightly-build: its card.
    const backend = await ask('i', BACKEND);
    expect(backend.said[0]).toContain('nightly-build');
    // Five hold an "e"; #frontend sees the default group's three and monorepo-ci, not order-service: four, no more.
    const frontend = await ask('e', FRONTEND);
    expect(frontend.said[0]).toMatch(/^4 pipelines match “e”/);
    expect(frontend.said[0]).not.toMatch(/nightly-build|order-service/);
    expect(frontend.said[0]).not.toMatch(/more/);
  });
});

describe('posting cards', () => {
  it('a channel whose rule says post: true gets the shared card', async () => {
    const { line, audit } = await ask('29502 share', BACKEND);
    expect(line.outcome).toBe('ok');
    expect(h.fake.callsOf('chat.postMessage').some((c) => c.body.channel === 'C0BACKEND1')).toBe(true);
    expect(audit).toEqual([expect.objectContaining({ action: 'share', outcome: 'ok', pipelineId: '29502' })]);
  });

  it('a channel that may only see: the card privately, under why it is not in the channel', async () => {
    const posts = h.fake.callsOf('chat.postMessage').length;
    const { said, line } = await ask('29503 share', FRONTEND);
    expect(line.outcome).toBe('refused_cannot_post');
    expect(said[0]).toMatch(
      /^🔒 You asked to share pipeline `29503` here: cards cannot be posted in this conversation\. Ask #platform-team/,
    );
    expect(said[0]).toContain('demo-2048');
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(posts);
  });
});

describe('user groups', () => {
  it('a member of a group the policy names sees everything anywhere, but cannot post where the channel may not', async () => {
    const sre = { channel_id: 'C0RANDOM01', channel_name: 'random', user_id: 'U0SRE0001' };
    expect((await ask('29501', sre)).said[0]).toContain('payment-release');
    expect((await ask('29501 share', sre)).line.outcome).toBe('refused_cannot_post');
  });
});

describe('a click is judged by its container, never by its button', () => {
  it('a Refresh whose value names a hidden pipeline is refused', async () => {
    const responseUrl = h.fake.interactionResponseUrl();
    const mark = h.logs.length;
    await h.slack.interaction(
      blockActionsPayload({
        actionId: ACTION_REFRESH,
        value: '29501',
        responseUrl,
        ephemeral: true,
        channelId: 'C0BACKEND1',
      }),
    );
    const line = await waitForLog(h, (l) => l.msg === 'slack request', undefined, mark);
    expect(line.outcome).toBe('refused_not_visible');
    expect(textOf(h.fake.calls.find((c) => c.path === pathOf(responseUrl)))).toMatch(/not one you can see/);
  });
});

describe('people', () => {
  it('another workspace gets one sentence and nothing runs', async () => {
    const before = h.sim.control.getCount(29502);
    const { said, line } = await ask('29502', { ...BACKEND, team_id: 'T0OTHER001' });
    expect(said).toEqual([
      '🔒 This bot serves the workspace *Acme*: it does not act on requests from other workspaces.',
    ]);
    expect(line.outcome).toBe('refused_other_workspace');
    expect(h.sim.control.getCount(29502)).toBe(before);
  });

  it('a guest is refused (ALLOW_GUESTS is off), naming who can change it', async () => {
    const { said, line } = await ask('29502', { ...BACKEND, user_id: 'U0GUEST001' });
    expect(said).toEqual(['🔒 Guests cannot use /pipeline in this workspace. Ask #platform-team to change that.']);
    expect(line.outcome).toBe('refused_guest');
  });

  it('someone from another organisation (Slack Connect) is refused', async () => {
    const { line } = await ask('29502', { ...BACKEND, user_id: 'U0OUTSIDE1' });
    expect(line.outcome).toBe('refused_external_user');
  });
});

describe('watches', () => {
  it('where the policy says so, only admins may start a watch', async () => {
    const member = await ask('watch 29503', OPS);
    expect(member.said).toEqual([
      '🔒 You asked to watch pipeline `29503` here: only workspace admins and owners can start watches in this conversation. Ask #platform-team to change that.',
    ]);
    const admin = await ask('watch 29503', { ...OPS, user_id: 'U0ADMIN001' });
    expect(admin.line.outcome).toBe('ok');
    expect(admin.audit).toEqual([
      expect.objectContaining({ action: 'watch', outcome: 'ok', pipelineId: '29503', user: 'U0ADMIN001' }),
    ]);
  });

  it('only its starter, the channel’s creator or an admin may stop a watch; anyone else is told who can', async () => {
    await ask('watch 29502', BACKEND);
    const bob = await ask('unwatch 29502', { ...BACKEND, user_id: 'U0BOB0001' });
    expect(bob.said).toEqual([
      "🔒 You asked to stop the watch of pipeline `29502`: only <@U00000001> (who started it), the channel's creator and workspace admins can stop it.",
    ]);
    const starter = await ask('unwatch 29502', BACKEND);
    expect(starter.said[0]).toMatch(/no longer watches/);
    expect(starter.audit).toEqual([expect.objectContaining({ action: 'unwatch', outcome: 'ok', pipelineId: '29502' })]);
  });
});

describe('reload', () => {
  it('an edit of the policy file takes effect without a restart', async () => {
    expect((await ask('29501', BACKEND)).line.outcome).toBe('refused_not_visible');
    writeFileSync(policyPath, POLICY.replace('groups: [backend]', 'groups: [backend, default]'));
    const started = Date.now();
    for (;;) {
      if ((await ask('29501', BACKEND)).line.outcome === 'ok') break;
      if (Date.now() - started > 10_000) throw new Error('the policy was not reloaded');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 20_000);
});
