/**
 * A pipeline's `params` (variables, build scripts, Dockerfiles, webhook URLs — often holding credentials) never
 * leave the bot: not in a card, a share, a refresh, a shortcut answer, a watch card, a log line. The markers are
 * registered with the secret audit as well, so any other test that met them would fail too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_REFRESH, SHORTCUT_FIND_PIPELINES } from '../../src/render/action-ids.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { blockActionsPayload, messageShortcutPayload } from '../helpers/slack-request.js';
import { type Harness, startHarness } from '../slack/bot-harness.js';

const MARKERS = {
  variable: 'param-value-3f9c1a7e-deploy-password',
  variableDescription: 'param-description-77d0e2',
  shell: 'jenkins-shell-b41d0c-curl-with-token',
  dockerfile: 'dockerfile-9e8a5d-ARG-SECRET',
  webhook: 'webhook-c2f7e1.internal.example',
  reviewDescription: 'stage-param-5a6b7c',
};
for (const [name, value] of Object.entries(MARKERS)) registerSecret(`pipeline param (${name})`, value);

const ID = 29501;
let h: Harness;

/** The simulator's 29501 with a marker in every kind of params it carries. */
function plantMarkers(): void {
  const raw = structuredClone(h.sim.control.pipeline(ID)) as {
    params: object[];
    stages: { params: Record<string, unknown> }[];
  };
  raw.params.push({ name: 'DEPLOY_PASSWORD', value: MARKERS.variable, description: MARKERS.variableDescription });
  for (const stage of raw.stages) {
    stage.params = {
      ...stage.params,
      jenkins_shell: `curl -H "X-Token: ${MARKERS.shell}"`,
      dockerfile_content: `FROM node:20\n${MARKERS.dockerfile}`,
      pre_operation: [{ type: 'webhook', url: `https://${MARKERS.webhook}/hook` }],
      description: MARKERS.reviewDescription,
    };
  }
  h.sim.control.setPipeline(ID, raw);
}

beforeAll(async () => {
  h = await startHarness({ SWR_CACHE_MS: '0' });
  plantMarkers();
});
afterAll(async () => {
  await h.close();
});

describe('pipeline params', () => {
  it('appear in no Slack message and no log line, whichever way the card is reached', async () => {
    const answered = (url: string) => (calls: typeof h.fake.calls) =>
      calls.some((c) => c.path === new URL(url).pathname);

    const privateCard = h.fake.responseUrl();
    await h.slack.command({ text: String(ID), response_url: privateCard });
    await h.fake.waitFor(answered(privateCard));

    await h.slack.command({ text: `${ID} share`, response_url: h.fake.responseUrl() });
    await h.fake.waitFor((calls) => calls.some((c) => c.method === 'chat.postMessage'));

    const refreshed = h.fake.responseUrl();
    await h.slack.interaction(
      blockActionsPayload({ actionId: ACTION_REFRESH, value: String(ID), responseUrl: refreshed, ephemeral: true }),
    );
    await h.fake.waitFor(answered(refreshed));

    await h.slack.interaction(
      messageShortcutPayload({
        callbackId: SHORTCUT_FIND_PIPELINES,
        responseUrl: h.fake.responseUrl(),
        message: { ts: '1700000300.000300', text: `is pipeline ${ID} stuck?` },
      }),
    );
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length >= 2);

    const watched = h.fake.responseUrl();
    await h.slack.command({ text: `watch ${ID}`, response_url: watched, channel_id: 'C00000002' });
    await h.fake.waitFor(answered(watched));

    const cards = h.fake.calls.filter((c) => c.method === 'response_url' || c.method === 'chat.postMessage');
    expect(cards.length).toBeGreaterThanOrEqual(5);
    expect(cards.every((c) => JSON.stringify(c.body).includes('payment-release'))).toBe(true);
    const everything = [...h.fake.calls.map((c) => JSON.stringify(c.body)), ...h.rawLogs].join('\n');
    for (const marker of Object.values(MARKERS)) expect(everything).not.toContain(marker);
  });
});
