/** The link store on both dialects (real SQLite file, real PostgreSQL), through `createAccountLinks`. */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type AccountLinks, createAccountLinks } from '../../src/accounts/account-store.js';
import type { LinkedAccount } from '../../src/accounts/linked-accounts.js';
import { silentLogger } from '../../src/log.js';
import type { WatchStore } from '../../src/store/types.js';
import { BACKENDS, type StoreBackend } from '../store/store-backends.js';

const T0 = new Date('2026-03-01T10:00:00.000Z');
const keyA = randomBytes(32);
const keyB = randomBytes(32);

const alice = (over: Partial<LinkedAccount> = {}): LinkedAccount => ({
  teamId: 'T1',
  slackUserId: 'U1',
  huaweiUser: 'alice',
  huaweiUserId: null,
  huaweiDomain: 'acme',
  method: 'password',
  credential: { kind: 'token', token: 'MIIsim-alice-token-secret' },
  expiresAt: new Date(T0.getTime() + 3_600_000),
  ...over,
});

describe.each(BACKENDS)('account links: $name', ({ name, make }) => {
  let backend: StoreBackend;
  let store: WatchStore;
  let links: AccountLinks;

  beforeAll(() => {
    backend = make();
  });
  afterAll(async () => backend.destroy());
  beforeEach(async () => {
    store = await backend.open();
    links = createAccountLinks(store.accountLinks, { current: keyA, previous: null }, silentLogger);
    return async () => {
      for (const user of ['U1', 'U2', 'U3']) await store.accountLinks.removeLink('T1', user);
      await store.close();
    };
  });

  it('saves, finds by Slack user and by Huawei user, and forgets', async () => {
    await links.save(alice(), T0);
    expect(await links.find('T1', 'U1')).toEqual(alice());
    expect(await links.findByHuaweiUser('T1', 'alice')).toEqual(alice());
    expect(await links.find('T2', 'U1')).toBeNull();
    expect(await links.findByHuaweiUser('T2', 'alice')).toBeNull();
    expect(await links.remove('T1', 'U1')).toBe(true);
    expect(await links.remove('T1', 'U1')).toBe(false);
    expect(await links.find('T1', 'U1')).toBeNull();
  });

  it('one link per person: linking again replaces it; a reviewer name finds the latest link', async () => {
    await links.save(alice(), T0);
    const keys = alice({
      method: 'aksk',
      huaweiUser: 'bob',
      credential: { kind: 'aksk', accessKey: 'AK1', secretKey: 'SK-secret', projectId: null },
      expiresAt: null,
    });
    await links.save(keys, new Date(T0.getTime() + 1000));
    expect(await links.find('T1', 'U1')).toEqual(keys);
    expect(await links.findByHuaweiUser('T1', 'alice')).toBeNull();
    await links.save(alice({ slackUserId: 'U2', huaweiUser: 'bob' }), new Date(T0.getTime() + 2000));
    expect((await links.findByHuaweiUser('T1', 'bob'))?.slackUserId).toBe('U2');
  });

  it('a link with its IAM user id is found by the id too (CodeArts approvers), and mentioned under both', async () => {
    const id = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    await links.save(alice({ huaweiUserId: id }), T0);
    expect(await links.findByHuaweiUser('T1', id)).toEqual(alice({ huaweiUserId: id }));
    expect(await links.findByHuaweiUser('T1', 'alice')).toEqual(alice({ huaweiUserId: id }));
    expect(await links.findByHuaweiUser('T1', 'b1b2c3d4e5f60718293a4b5c6d7e8f90')).toBeNull();
    expect(await links.reviewerMentions('T1', { carol: 'U0CAROL' })).toEqual({
      carol: 'U0CAROL',
      alice: 'U1',
      [id]: 'U1',
    });
    // Linking again by keys (no id learnt) forgets the old id: it finds nobody any more.
    await links.save(
      alice({
        method: 'aksk',
        credential: { kind: 'aksk', accessKey: 'AK', secretKey: 'SK', projectId: null },
        expiresAt: null,
      }),
      T0,
    );
    expect(await links.findByHuaweiUser('T1', id)).toBeNull();
  });

  it('a key pair claims no name: not found by it, not mentioned under it, yet still the owner’s own link', async () => {
    await links.save(alice({ slackUserId: 'U2' }), T0);
    const claimed = alice({
      slackUserId: 'U3',
      method: 'aksk',
      credential: { kind: 'aksk', accessKey: 'AK3', secretKey: 'SK3-secret', projectId: null },
      expiresAt: null,
    });
    await links.save(claimed, new Date(T0.getTime() + 1000));
    expect((await links.findByHuaweiUser('T1', 'alice'))?.slackUserId).toBe('U2');
    expect(await links.reviewerMentions('T1', {})).toEqual({ alice: 'U2' });
    expect(await links.find('T1', 'U3')).toEqual(claimed);
    await links.remove('T1', 'U2');
    expect(await links.findByHuaweiUser('T1', 'alice')).toBeNull();
    expect(await links.reviewerMentions('T1', { alice: 'U0MAP' })).toEqual({ alice: 'U0MAP' });
  });

  it('an expired token comes back with its expiry in the past', async () => {
    const expired = alice({ expiresAt: new Date(T0.getTime() - 1000) });
    await links.save(expired, T0);
    expect((await links.find('T1', 'U1'))?.expiresAt).toEqual(expired.expiresAt);
  });

  it('stores the credential sealed: a row copied to another person does not open', async () => {
    await links.save(alice(), T0);
    const row = await store.accountLinks.getLink('T1', 'U1');
    expect(row?.sealedCredential).not.toContain('alice-token-secret');
    await store.accountLinks.saveLink({ ...(row ?? ({} as never)), slackUserId: 'U3' });
    expect(await links.find('T1', 'U3')).toBeNull();
  });

  it('key rotation: a row sealed with the previous key opens and is sealed again with the current one', async () => {
    await links.save(alice(), T0);
    const before = (await store.accountLinks.getLink('T1', 'U1'))?.sealedCredential;
    const rotated = createAccountLinks(store.accountLinks, { current: keyB, previous: keyA }, silentLogger);
    expect(await rotated.find('T1', 'U1')).toEqual(alice());
    const after = (await store.accountLinks.getLink('T1', 'U1'))?.sealedCredential;
    expect(after).not.toBe(before);
    const onlyNew = createAccountLinks(store.accountLinks, { current: keyB, previous: null }, silentLogger);
    expect(await onlyNew.find('T1', 'U1')).toEqual(alice());
    // A bot that lost the key sees nobody linked, rather than failing.
    const lost = createAccountLinks(store.accountLinks, { current: keyA, previous: null }, silentLogger);
    expect(await lost.find('T1', 'U1')).toBeNull();
  });

  it('linking disabled (no key): nobody is linked and nothing can be saved', async () => {
    await links.save(alice(), T0);
    const off = createAccountLinks(store.accountLinks, null, silentLogger);
    expect(off.enabled).toBe(false);
    expect(await off.find('T1', 'U1')).toBeNull();
    await expect(off.save(alice(), T0)).rejects.toThrow(/CREDENTIALS_KEY/);
  });

  if (name === 'sqlite') {
    it('the database file (and its write-ahead log) holds no credential in plain text', async () => {
      await links.save(alice(), T0);
      const files = [backend.path, `${backend.path}-wal`].filter((f): f is string => !!f && existsSync(f));
      expect(files.length).toBeGreaterThan(0);
      const bytes = files.map((f) => readFileSync(f).toString('latin1')).join('');
      expect(bytes).toContain('acme');
      expect(bytes).not.toContain('alice-token-secret');
    });
  }
});
