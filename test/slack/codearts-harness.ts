/**
 * The bot on CodeArts through Slack (`PIPELINE_BACKEND=codearts`, its built-in CodeArts simulator, no SWR), and the
 * pieces the CodeArts review tests share: bob, a simulator user linked through Slack by his own password, and the
 * value of a button on the card `/pipeline <id>` shows.
 */
import { randomBytes } from 'node:crypto';
import { SIM_DOMAIN, simUser } from '../../src/backends/codearts/simulator/users.js';
import { slackUser } from '../helpers/fake-slack.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { buttonValueOf, type Harness, startHarness, waitForLog } from './bot-harness.js';
import { linkThroughSlack } from './link-through-slack.js';

/** The built-in CodeArts simulator on a free port, SWR off. */
export const CODEARTS_ENV: Readonly<Record<string, string>> = {
  PIPELINE_BACKEND: 'codearts',
  CODEARTS_SIMULATOR_PORT: '0',
  SWR_ENDPOINT: '',
  SWR_AUTH_TOKEN: '',
};

export const BOB = 'U0BOB00001';
export const bob = simUser('bob', 1);
const KEY = randomBytes(32).toString('base64');
registerSecret('CREDENTIALS_KEY', KEY);

/** The bot on CodeArts with bob in Slack and linked (a CREDENTIALS_KEY: the link keeps his token). */
export async function startCodeArtsWithBob(): Promise<Harness> {
  // No LINK_IAM_ENDPOINT: the bot proves links at the IAM its built-in CodeArts simulator serves.
  const h = await startHarness({ ...CODEARTS_ENV, CREDENTIALS_KEY: KEY });
  h.fake.addUser(slackUser('member', BOB, { name: 'bob' }));
  await linkThroughSlack(h, BOB, { name: bob.name, password: bob.password, domain: SIM_DOMAIN });
  return h;
}

/** The value of the `actionId` button on the private card `/pipeline <id>` shows `user`. */
export async function cardButtonValue(h: Harness, id: string, actionId: string, user: string): Promise<string> {
  const commandUrl = h.fake.responseUrl({ user });
  const mark = h.logs.length;
  await h.slack.command({ text: id, response_url: commandUrl, user_id: user });
  await waitForLog(h, (l) => l.msg === 'slack request' && l.kind === 'command', undefined, mark);
  const value = buttonValueOf(
    h.fake.calls.find((c) => c.path === new URL(commandUrl).pathname),
    actionId,
  );
  if (value === undefined) throw new Error(`no ${actionId} button on the card`);
  return value;
}
