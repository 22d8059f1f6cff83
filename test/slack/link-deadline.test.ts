/**
 * The link modal's one deadline (proof and save together, under Slack's 3 s) against a real PostgreSQL whose
 * `account_links` another session holds locked, and a submission that names nobody.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reviewerLogins } from '../../src/backends/containerops/simulator/people.js';
import { LINK_FIELDS } from '../../src/render/link-messages.js';
import type { WatchStore } from '../../src/store/types.js';
import { registerSecret } from '../helpers/secret-audit.js';
import { postgresBackend, type StoreBackend, TEST_DATABASE_URL } from '../store/store-backends.js';
import { type Harness, startHarness, waitForLog } from './bot-harness.js';
import { errorsOf, linkSubmission, openLinkModal } from './link-through-slack.js';

const KEY = randomBytes(32).toString('base64');
registerSecret('CREDENTIALS_KEY', KEY);
for (const u of reviewerLogins()) registerSecret(`${u.name}'s simulator password`, u.password);

describe('the link deadline covers the save', () => {
  let h: Harness;
  let backend: StoreBackend;
  let store: WatchStore;

  beforeAll(async () => {
    backend = postgresBackend();
    store = await backend.open();
    h = await startHarness({ CREDENTIALS_KEY: KEY, LINK_IAM_ENDPOINT: '{simulator}' }, { store });
  });
  afterAll(async () => {
    await h.close();
    await backend.destroy();
  });

  it('a proven password whose save waits on a locked table: answered in time, saying it may not be kept', async () => {
    const bob = reviewerLogins().find((u) => u.name === 'bob');
    const view = await openLinkModal(h);
    const locker = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${backend.schema}".account_links IN ACCESS EXCLUSIVE MODE`);
      const mark = h.logs.length;
      const reply = await h.slack.interaction(
        linkSubmission(view, { user: 'bob', domain: 'simulator-demo', password: bob?.password ?? '' }),
      );
      expect(reply.status).toBe(200);
      expect(errorsOf(reply)).toEqual({
        [LINK_FIELDS.password]: 'Saving the link took too long, so it may not be kept. Try again in a moment.',
      });
      const audit = await waitForLog(h, (l) => l.msg === 'audit' && l.action === 'link', 5_000, mark);
      expect(audit.outcome).toBe('store_late');
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('a submission that names no person is told so, not that linking is off', async () => {
    const view = await openLinkModal(h);
    const payload = linkSubmission(view, { user: 'bob', domain: 'simulator-demo', password: 'whatever-pw' });
    const reply = await h.slack.interaction({ ...payload, user: { ...payload.user, id: 'not a user id' } });
    expect(errorsOf(reply)).toEqual({
      [LINK_FIELDS.user]:
        'Slack did not say who sent this form or from which workspace, so nothing was linked. Run `/pipeline login` again.',
    });
    expect(h.logs.filter((l) => l.msg === 'audit' && l.action === 'link').at(-1)).toMatchObject({
      outcome: 'unidentified',
    });
  });
});
