import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accountsPart, readCredentialsKey } from '../../src/accounts/config.js';
import { SealError, seal, unseal } from '../../src/accounts/sealing.js';
import { ConfigError, readConfig } from '../../src/config/env.js';

const owner = { teamId: 'T0001', slackUserId: 'U0001' };
const keyA = randomBytes(32);
const keyB = randomBytes(32);
const SECRET = '{"kind":"token","token":"MIIsim-very-secret"}';

describe('sealing a credential', () => {
  it('opens with the same key and owner, and the sealed text holds nothing of the plaintext', () => {
    const sealed = seal(SECRET, owner, keyA);
    expect(sealed).not.toContain('very-secret');
    expect(Buffer.from(sealed.split('.')[3] ?? '', 'base64url').toString('utf8')).not.toContain('secret');
    expect(unseal(sealed, owner, { current: keyA, previous: null })).toEqual({ plaintext: SECRET, resealed: null });
    // A fresh IV each time: the same credential never seals to the same text.
    expect(seal(SECRET, owner, keyA)).not.toBe(sealed);
  });

  it('does not open for another user or another team (a row copied elsewhere)', () => {
    const sealed = seal(SECRET, owner, keyA);
    const keys = { current: keyA, previous: null };
    expect(() => unseal(sealed, { ...owner, slackUserId: 'U0002' }, keys)).toThrow(SealError);
    expect(() => unseal(sealed, { ...owner, teamId: 'T0002' }, keys)).toThrow(SealError);
  });

  it('does not open when any part is altered', () => {
    const sealed = seal(SECRET, owner, keyA);
    const parts = sealed.split('.');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index] ?? '', 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      const altered = parts.map((p, i) => (i === index ? bytes.toString('base64url') : p)).join('.');
      expect(() => unseal(altered, owner, { current: keyA, previous: null })).toThrow(SealError);
    }
    expect(() => unseal(`${sealed}.x`, owner, { current: keyA, previous: null })).toThrow(SealError);
    expect(() => unseal('plain text', owner, { current: keyA, previous: null })).toThrow(SealError);
    // A truncated tag is refused, not accepted as a weaker check.
    const short = [
      ...parts.slice(0, 4),
      Buffer.from(parts[4] ?? '', 'base64url')
        .subarray(0, 4)
        .toString('base64url'),
    ];
    expect(() => unseal(short.join('.'), owner, { current: keyA, previous: null })).toThrow(SealError);
  });

  it('does not open with a wrong key, and says what to do without naming the secret', () => {
    const sealed = seal(SECRET, owner, keyA);
    expect(() => unseal(sealed, owner, { current: keyB, previous: null })).toThrow(/link the account again/);
  });

  it('rotation: the previous key opens, and the value comes back sealed with the current key', () => {
    const old = seal(SECRET, owner, keyA);
    const opened = unseal(old, owner, { current: keyB, previous: keyA });
    expect(opened.plaintext).toBe(SECRET);
    expect(opened.resealed).not.toBeNull();
    const again = unseal(opened.resealed ?? '', owner, { current: keyB, previous: null });
    expect(again).toEqual({ plaintext: SECRET, resealed: null });
  });
});

describe('CREDENTIALS_KEY, CREDENTIALS_KEY_PREVIOUS, LINK_METHODS', () => {
  const read = (env: Record<string, string>) => readConfig(env, { accounts: accountsPart }).accounts;
  const good = randomBytes(32).toString('base64');

  it('linking is off without a key; methods default to password and key pair', () => {
    expect(read({})).toEqual({ keys: null, methods: ['password', 'aksk'], iamEndpoint: null, project: null });
  });

  it('reads a 32-byte base64 key and the methods asked for', () => {
    const config = read({ CREDENTIALS_KEY: good, LINK_METHODS: 'aksk, TOKEN' });
    expect(config.keys?.current.length).toBe(32);
    expect(config.methods).toEqual(['aksk', 'token']);
    expect(readCredentialsKey(randomBytes(32).toString('base64url'))?.length).toBe(32);
  });

  it('refuses a short key, a stray previous key and unknown methods with one sentence each, never the key', () => {
    const short = randomBytes(16).toString('base64');
    let error: unknown;
    try {
      read({ CREDENTIALS_KEY: short, LINK_METHODS: 'password,sms' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toContainEqual(expect.stringMatching(/^CREDENTIALS_KEY must be 32 random bytes in base64/));
    expect(problems).toContainEqual(expect.stringMatching(/^LINK_METHODS must be a comma-separated list/));
    expect(problems.join(' ')).not.toContain(short);
    expect(() => read({ CREDENTIALS_KEY_PREVIOUS: good })).toThrow(/CREDENTIALS_KEY_PREVIOUS is set without/);
  });
});
