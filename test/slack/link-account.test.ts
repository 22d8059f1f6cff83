/**
 * Linking a Huawei account end to end: signed `/pipeline login`, the fake Slack's `views.open` (a real trigger id),
 * the modal submitted as Slack publishes a `view_submission` (test/fixtures/slack-payloads/view-submission.json),
 * the credential proven at the simulator's IAM and SWR, the link sealed in a real SQLite file; then logout.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewerKeys, reviewerLogins } from '../../src/backends/containerops/simulator/people.js';
import { ACTION_LINK_ACCOUNT, ACTION_UNLINK_ACCOUNT, VIEW_LINK_ACCOUNT } from '../../src/render/action-ids.js';
import { LINK_FIELDS } from '../../src/render/link-messages.js';
import { FAKE_USER_ID, slackUser } from '../helpers/fake-slack.js';
import { recorded, registerSecret } from '../helpers/secret-audit.js';
import { blockActionsPayload } from '../helpers/slack-request.js';
import { type Harness, startHarness, textOf } from './bot-harness.js';
import { errorsOf, LINK_CHANNEL, linkSubmission, openLinkModal } from './link-through-slack.js';

const KEY = randomBytes(32).toString('base64');
registerSecret('CREDENTIALS_KEY', KEY);
for (const u of reviewerLogins()) registerSecret(`${u.name}'s simulator password`, u.password);
for (const k of reviewerKeys()) registerSecret(`${k.user}'s simulator secret key`, k.secretKey);

describe('linking a Huawei account', () => {
  let h: Harness;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'link-'));
    h = await startHarness({
      CREDENTIALS_KEY: KEY,
      LINK_IAM_ENDPOINT: 'http://127.0.0.1:1',
      DATABASE_URL: `sqlite:${join(dir, 'bot.db')}`,
    });
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('/pipeline login opens the modal with the password and key-pair fields (LINK_METHODS default)', async () => {
    const view = await openLinkModal(h);
    expect(view.callback_id).toBe(VIEW_LINK_ACCOUNT);
    const ids = JSON.stringify(view.blocks);
    for (const field of ['user', 'domain', 'password', 'accessKey', 'secretKey'] as const) {
      expect(ids).toContain(LINK_FIELDS[field]);
    }
    expect(ids).not.toContain(LINK_FIELDS.token);
  });
});

describe('linking against the simulator', () => {
  let h: Harness;
  let dir: string;
  let dbPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'link-'));
    dbPath = join(dir, 'bot.db');
    // The bot proves credentials at the simulator's IAM (it serves IAM beside SWR).
    h = await startHarness({
      CREDENTIALS_KEY: KEY,
      DATABASE_URL: `sqlite:${dbPath}`,
      LINK_IAM_ENDPOINT: '{simulator}',
    });
    h.fake.addUser(slackUser('member', 'U00000002', { name: 'carol' }));
    h.fake.addUser(slackUser('member', 'U00000003', { name: 'zhang.wei' }));
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('by password: the modal closes, the person is told privately who they linked as, the audit has a line', async () => {
    const view = await openLinkModal(h);
    const reply = await h.slack.interaction(
      linkSubmission(view, { user: 'bob', domain: 'simulator-demo', password: 'bob-demo-password' }),
    );
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    await h.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postEphemeral' && /bob/.test(textOf(c))));
    const said = h.fake.callsOf('chat.postEphemeral').at(-1);
    expect(textOf(said)).toBe('Linked as bob in account simulator-demo. Reviews you act on from Slack are yours.');
    expect(said?.body.user).toBe(FAKE_USER_ID);
    expect(said?.body.channel).toBe(LINK_CHANNEL);
    expect(JSON.stringify(said?.body.blocks)).toContain(ACTION_UNLINK_ACCOUNT);
    const audit = h.logs.filter((l) => l.msg === 'audit' && l.action === 'link');
    expect(audit.at(-1)).toMatchObject({ outcome: 'ok', user: FAKE_USER_ID });
  });

  it('a wrong password is shown under the password field, and nothing is linked', async () => {
    const view = await openLinkModal(h, 'U00000002');
    const reply = await h.slack.interaction(
      linkSubmission(view, { user: 'alice', domain: 'simulator-demo', password: 'not-her-password' }, 'U00000002'),
      {},
    );
    expect(errorsOf(reply)).toEqual({
      [LINK_FIELDS.password]: 'Huawei Cloud IAM refused this user, account and password. Check all three.',
    });
    await h.slack.command({
      text: 'logout',
      user_id: 'U00000002',
      response_url: h.fake.responseUrl({ user: 'U00000002' }),
    });
    await h.fake.waitFor((calls) => calls.some((c) => /You were not linked/.test(textOf(c))));
  });

  it('missing fields are named under their own field; an empty form says what to fill in', async () => {
    const view = await openLinkModal(h);
    expect(errorsOf(await h.slack.interaction(linkSubmission(view, { password: 'x', domain: 'd' })))).toEqual({
      [LINK_FIELDS.user]: 'Your IAM user name is needed with a password or a key pair.',
    });
    expect(errorsOf(await h.slack.interaction(linkSubmission(view, { accessKey: 'AK' })))).toEqual({
      [LINK_FIELDS.secretKey]: 'The secret access key goes with the access key ID.',
    });
    expect(Object.keys(errorsOf(await h.slack.interaction(linkSubmission(view, {}))))).toEqual([LINK_FIELDS.password]);
  });

  it('by key pair: proven by a signed SWR read; a wrong secret key is shown under its field', async () => {
    const zhang = reviewerKeys().find((k) => k.user === 'zhang.wei');
    const view = await openLinkModal(h, 'U00000003');
    const wrong = await h.slack.interaction(
      linkSubmission(
        view,
        { user: 'zhang.wei', domain: 'simulator-demo', accessKey: zhang?.accessKey, secretKey: 'wrong-secret-key' },
        'U00000003',
      ),
    );
    expect(errorsOf(wrong)).toEqual({
      [LINK_FIELDS.secretKey]: 'Huawei Cloud refused a request signed with this key pair. Check both keys.',
    });
    const right = await h.slack.interaction(
      linkSubmission(
        view,
        { user: 'zhang.wei', domain: 'simulator-demo', accessKey: zhang?.accessKey, secretKey: zhang?.secretKey },
        'U00000003',
      ),
    );
    expect(right.text).toBe('');
    await h.fake.waitFor((calls) => calls.some((c) => /Linked as zhang\.wei/.test(textOf(c))));
  });

  it('logout forgets the link and says so; a second logout says there was nothing', async () => {
    const url = h.fake.responseUrl({ user: FAKE_USER_ID });
    await h.slack.command({ text: 'logout', response_url: url });
    await h.fake.waitFor(() => (h.fake.responseUrlState(url)?.uses ?? 0) >= 1);
    expect(JSON.stringify(h.fake.responseUrlState(url))).toContain('Your Huawei account *bob* is no longer linked');
    const again = h.fake.responseUrl({ user: FAKE_USER_ID });
    await h.slack.command({ text: 'logout', response_url: again });
    await h.fake.waitFor(() => (h.fake.responseUrlState(again)?.uses ?? 0) >= 1);
    expect(JSON.stringify(h.fake.responseUrlState(again))).toContain('You were not linked');
    expect(h.logs.filter((l) => l.msg === 'audit' && l.action === 'unlink').map((l) => l.outcome)).toEqual(
      expect.arrayContaining(['ok', 'not_linked']),
    );
  });

  it('the Link your Huawei account button opens the same modal; Unlink forgets', async () => {
    const before = h.fake.callsOf('views.open').length;
    // A click's trigger id, as the fake hands them out.
    const click = {
      ...blockActionsPayload({
        actionId: ACTION_LINK_ACCOUNT,
        value: '',
        ephemeral: true,
        responseUrl: h.fake.interactionResponseUrl(),
      }),
      trigger_id: h.fake.triggerId(),
    };
    await h.slack.interaction(click);
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'views.open').length > before);
    const unlink = h.fake.interactionResponseUrl();
    await h.slack.interaction(
      blockActionsPayload({
        actionId: ACTION_UNLINK_ACCOUNT,
        value: '',
        ephemeral: true,
        responseUrl: unlink,
        userId: 'U00000003',
      }),
    );
    await h.fake.waitFor(() => (h.fake.responseUrlState(unlink)?.uses ?? 0) >= 1);
    expect(JSON.stringify(h.fake.responseUrlState(unlink))).toContain('zhang.wei* is no longer linked');
  });

  it('a linked reviewer is a real mention on the watched card (SLACK_USER_MAP the fallback), a plain name privately', async () => {
    const view = await openLinkModal(h, 'U00000002');
    await h.slack.interaction(
      linkSubmission(
        view,
        { user: 'alice', domain: 'simulator-demo', password: 'simulator-demo-password' },
        'U00000002',
      ),
    );
    await h.fake.waitFor((calls) => calls.some((c) => /Linked as alice/.test(textOf(c))));
    const watchUrl = h.fake.responseUrl({ user: FAKE_USER_ID, channel: LINK_CHANNEL });
    await h.slack.command({ text: 'watch 29501', response_url: watchUrl, channel_id: LINK_CHANNEL });
    await h.fake.waitFor((calls) =>
      calls.some((c) => c.method === 'chat.postMessage' && c.body.channel === LINK_CHANNEL),
    );
    const card = JSON.stringify(
      h.fake.callsOf('chat.postMessage').find((c) => c.body.channel === LINK_CHANNEL)?.body.blocks,
    );
    expect(card).toContain('<@U00000002>'); // alice, linked
    expect(card).toContain('bob'); // not linked any more, and not in SLACK_USER_MAP: a plain name
    expect(card).not.toContain('<@U00000001>');
    const privateUrl = h.fake.responseUrl({ user: FAKE_USER_ID });
    await h.slack.command({ text: '29501', response_url: privateUrl });
    await h.fake.waitFor(() => (h.fake.responseUrlState(privateUrl)?.uses ?? 0) >= 1);
    const privately = JSON.stringify(h.fake.responseUrlState(privateUrl));
    expect(privately).toContain('alice');
    expect(privately).not.toContain('<@U00000002>');
  });

  it('password guessing is slowed: past a few attempts the modal says when to try again, and IAM is not asked', async () => {
    const guesser = 'U00000007';
    h.fake.addUser(slackUser('member', guesser, { name: 'mallory' }));
    h.fake.addUser(slackUser('member', 'U00000008', { name: 'dan' }));
    const view = await openLinkModal(h, guesser);
    const iamLogins = async (): Promise<number> => {
      const counts = (await (await fetch(`${h.sim.url}/_simulator/requests`)).json()) as {
        byPath: Record<string, number>;
      };
      return counts.byPath['/v3/auth/tokens'] ?? 0;
    };
    // Until refused: each attempt that reaches IAM is one more login the simulator counts.
    let refused: Record<string, string> | null = null;
    for (let attempt = 0; attempt < 20 && refused === null; attempt++) {
      const before = await iamLogins();
      const guess = { user: 'mallory', domain: 'simulator-demo', password: `guess-${attempt}` };
      const errors = errorsOf(await h.slack.interaction(linkSubmission(view, guess, guesser)));
      const message = errors[LINK_FIELDS.password] ?? '';
      if (/^Too many attempts/.test(message)) {
        expect(await iamLogins()).toBe(before);
        refused = errors;
      } else expect(await iamLogins()).toBe(before + 1);
    }
    expect(refused?.[LINK_FIELDS.password]).toMatch(/^Too many attempts — try again in \d+ s\.$/);
    expect(h.logs.filter((l) => l.msg === 'audit' && l.action === 'link' && l.user === guesser).at(-1)).toMatchObject({
      outcome: 'rate_limited',
    });
    // Someone else is not slowed by it.
    const other = await openLinkModal(h, 'U00000008');
    const guess = { user: 'mallory', domain: 'simulator-demo', password: 'guess' };
    expect(errorsOf(await h.slack.interaction(linkSubmission(other, guess, 'U00000008')))).toEqual({
      [LINK_FIELDS.password]: 'Huawei Cloud IAM refused this user, account and password. Check all three.',
    });
  });

  it('IAM silent: the modal says Huawei Cloud did not answer in time (before Slack gives up), nothing is linked', async () => {
    h.sim.control.setFault('iam', { hang: true });
    try {
      const view = await openLinkModal(h, 'U00000003');
      const reply = await h.slack.interaction(
        linkSubmission(view, { user: 'bob', domain: 'simulator-demo', password: 'bob-demo-password' }, 'U00000003'),
      );
      expect(reply.status).toBe(200);
      expect(errorsOf(reply)).toEqual({
        [LINK_FIELDS.password]: 'Huawei Cloud did not answer in time. Nothing was linked; try again in a moment.',
      });
      expect(h.logs.filter((l) => l.msg === 'audit' && l.action === 'link').at(-1)).toMatchObject({
        outcome: 'password_unavailable',
      });
    } finally {
      h.sim.control.setFault('iam', null);
    }
  });

  it('no credential appears in plain text in the database file, the logs or any Slack body', async () => {
    const view = await openLinkModal(h);
    await h.slack.interaction(
      linkSubmission(view, { user: 'alice', domain: 'simulator-demo', password: 'simulator-demo-password' }),
    );
    await h.fake.waitFor((calls) => calls.some((c) => /Linked as alice/.test(textOf(c))));
    const files = [dbPath, `${dbPath}-wal`].filter((f) => existsSync(f));
    const bytes = files.map((f) => readFileSync(f).toString('latin1')).join('');
    expect(bytes).toContain('simulator-demo'); // the row is there…
    for (const u of reviewerLogins()) expect(bytes).not.toContain(u.password); // …its secrets are not
    expect(bytes).not.toMatch(/MIIsim[A-Za-z0-9_-]{20}/); // nor any token the simulator's IAM issued
    for (const k of reviewerKeys()) expect(bytes).not.toContain(k.secretKey);
    const outputs = recorded()
      .map((o) => o.text)
      .join('\n');
    expect(outputs).not.toMatch(/MIIsim[A-Za-z0-9_-]{20}/);
    // The secret audit (test/setup) checks the registered passwords, keys and CREDENTIALS_KEY when the file ends.
  });

  it('linked from a modal opened without a conversation (App Home): the confirmation comes as a direct message', async () => {
    const view = await openLinkModal(h, 'U00000003');
    const bob = reviewerKeys().find((k) => k.user === 'bob');
    const values = { user: 'bob', domain: 'simulator-demo', accessKey: bob?.accessKey, secretKey: bob?.secretKey };
    const reply = await h.slack.interaction(linkSubmission({ ...view, private_metadata: '{}' }, values, 'U00000003'));
    expect(reply.text).toBe('');
    await h.fake.waitFor((calls) =>
      calls.some(
        (c) => c.method === 'chat.postMessage' && c.body.channel === 'U00000003' && /Linked as bob/.test(textOf(c)),
      ),
    );
  });
});

describe('LINK_METHODS and CREDENTIALS_KEY', () => {
  it('LINK_METHODS=token offers only the token field, and a pasted token is checked at IAM', async () => {
    const h = await startHarness({ CREDENTIALS_KEY: KEY, LINK_METHODS: 'token', LINK_IAM_ENDPOINT: '{simulator}' });
    try {
      const view = await openLinkModal(h);
      const ids = JSON.stringify(view.blocks);
      expect(ids).toContain(LINK_FIELDS.token);
      expect(ids).not.toContain(LINK_FIELDS.password);
      // A password typed anyway is not a method this bot offers: the form asks for a token.
      expect(
        errorsOf(
          await h.slack.interaction(
            linkSubmission(view, { user: 'bob', domain: 'simulator-demo', password: 'bob-demo-password' }),
          ),
        ),
      ).toEqual({
        [LINK_FIELDS.token]: 'Fill in a password, an access key pair or a token.',
      });
      expect(errorsOf(await h.slack.interaction(linkSubmission(view, { token: 'MIIbogus' })))).toEqual({
        [LINK_FIELDS.token]: 'Huawei Cloud IAM does not accept this token (wrong, or expired).',
      });
      const login = await fetch(`${h.sim.url}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ['password'],
              password: { user: { name: 'bob', password: 'bob-demo-password', domain: { name: 'simulator-demo' } } },
            },
          },
        }),
      });
      const token = login.headers.get('x-subject-token') ?? '';
      registerSecret("bob's IAM token", token);
      expect((await h.slack.interaction(linkSubmission(view, { token }))).text).toBe('');
      await h.fake.waitFor((calls) => calls.some((c) => /Linked as bob in account simulator-demo/.test(textOf(c))));
    } finally {
      await h.close();
    }
  });

  it('without CREDENTIALS_KEY, /pipeline login says linking is off and why, and opens nothing', async () => {
    const h = await startHarness();
    try {
      const url = h.fake.responseUrl();
      await h.slack.command({ text: 'login', trigger_id: h.fake.triggerId(), response_url: url });
      await h.fake.waitFor(() => (h.fake.responseUrlState(url)?.uses ?? 0) >= 1);
      expect(JSON.stringify(h.fake.responseUrlState(url))).toContain('has not set CREDENTIALS_KEY');
      expect(h.fake.callsOf('views.open')).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('an expired trigger id: the person is told to run /pipeline login again', async () => {
    const h = await startHarness({ CREDENTIALS_KEY: KEY });
    try {
      const trigger = h.fake.triggerId();
      h.fake.advance(4_000);
      const url = h.fake.responseUrl();
      await h.slack.command({ text: 'login', trigger_id: trigger, response_url: url });
      await h.fake.waitFor(() => (h.fake.responseUrlState(url)?.uses ?? 0) >= 1);
      expect(JSON.stringify(h.fake.responseUrlState(url))).toContain('Run `/pipeline login` again');
    } finally {
      await h.close();
    }
  });
});
