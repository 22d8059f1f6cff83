/**
 * Linking and unlinking a Huawei account the way a person does: signed `/pipeline login`, the modal the fake Slack's
 * `views.open` got, then the modal submitted as Slack publishes a `view_submission`
 * (test/fixtures/slack-payloads/view-submission.json). The bot proves the credential at the simulator's IAM and
 * keeps the link in its real store: the bot under test needs `CREDENTIALS_KEY` (and `LINK_IAM_ENDPOINT` when the
 * IAM is not the one it finds by itself).
 */
import { expect } from 'vitest';
import { LINK_FIELDS, type LinkField } from '../../src/render/link-messages.js';
import { loadSlackPayload } from '../fixtures/slack-payloads/index.js';
import { FAKE_TEAM_ID, FAKE_USER_ID } from '../helpers/fake-slack.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { nextTriggerId } from '../helpers/slack-request.js';
import { type Harness, waitForLog } from './bot-harness.js';

/** The channel `/pipeline login` is typed in (where the confirmation goes, privately). */
export const LINK_CHANNEL = 'C00000001';

/** `/pipeline login` typed by `userId`; resolves with the modal the bot opened. */
export async function openLinkModal(h: Harness, userId = FAKE_USER_ID): Promise<Record<string, unknown>> {
  const before = h.fake.callsOf('views.open').length;
  await h.slack.command({ text: 'login', trigger_id: h.fake.triggerId(), user_id: userId, channel_id: LINK_CHANNEL });
  await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'views.open').length > before);
  const view = h.fake.views().at(-1);
  if (!view) throw new Error('no view opened');
  return view;
}

/** The modal submitted with `values`, in the shape of Slack's published view_submission payload. */
export function linkSubmission(
  view: Record<string, unknown>,
  values: Partial<Record<LinkField, string>>,
  userId = FAKE_USER_ID,
) {
  const payload = loadSlackPayload('view-submission');
  const state: Record<string, Record<string, { type: string; value: string | null }>> = {};
  for (const [field, blockId] of Object.entries(LINK_FIELDS)) {
    state[blockId] = { value: { type: 'plain_text_input', value: values[field as LinkField] ?? null } };
  }
  return {
    ...payload,
    team: { id: FAKE_TEAM_ID, domain: 'acme' },
    user: { ...payload.user, id: userId, team_id: FAKE_TEAM_ID },
    trigger_id: nextTriggerId(),
    view: { ...payload.view, ...view, team_id: FAKE_TEAM_ID, state: { values: state } },
  };
}

/** A simulator IAM user: what a person types into the modal. */
export interface SimLogin {
  name: string;
  password: string;
  domain: string;
}

/** The link modal's answer to a submission it refused: asserts it is `errors` and returns them by field. */
export function errorsOf(reply: { text: string }): Record<string, string> {
  const body = JSON.parse(reply.text || '{}') as { response_action?: string; errors?: Record<string, string> };
  expect(body.response_action).toBe('errors');
  return body.errors ?? {};
}

/**
 * Links Slack user `slackUserId` as simulator user `login` by password, through Slack; resolves once the bot kept
 * the link (its audit line says `ok`), and fails with the bot's answer when it did not.
 */
export async function linkThroughSlack(h: Harness, slackUserId: string, login: SimLogin): Promise<void> {
  registerSecret(`password of ${login.name}`, login.password);
  const view = await openLinkModal(h, slackUserId);
  const mark = h.logs.length;
  const reply = await h.slack.interaction(
    linkSubmission(view, { user: login.name, domain: login.domain, password: login.password }, slackUserId),
  );
  if (reply.text !== '') throw new Error(`the link modal answered ${reply.text}`);
  const audit = await waitForLog(
    h,
    (l) => l.msg === 'audit' && l.action === 'link' && l.user === slackUserId,
    10_000,
    mark,
  );
  if (audit.outcome !== 'ok') throw new Error(`linking ${login.name} ended ${String(audit.outcome)}`);
}

/** `/pipeline logout` typed by `slackUserId`; resolves with what the bot answered (the response URL's state). */
export async function unlinkThroughSlack(h: Harness, slackUserId: string): Promise<string> {
  const url = h.fake.responseUrl({ user: slackUserId });
  await h.slack.command({ text: 'logout', user_id: slackUserId, response_url: url });
  await h.fake.waitFor(() => (h.fake.responseUrlState(url)?.uses ?? 0) >= 1);
  return JSON.stringify(h.fake.responseUrlState(url));
}
