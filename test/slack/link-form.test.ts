/** Reading the link modal's values (pure): which method, which field is at fault. */
import { describe, expect, it } from 'vitest';
import { LINK_FIELDS, type LinkField } from '../../src/render/link-messages.js';
import { linkStrings } from '../../src/render/link-strings.js';
import { readLinkForm } from '../../src/slack/accounts/link-form.js';

const s = linkStrings('en');
const values = (v: Partial<Record<LinkField, string>>) =>
  Object.fromEntries(
    Object.entries(LINK_FIELDS).map(([field, id]) => [id, { value: { value: v[field as LinkField] ?? null } }]),
  );

describe('the link form', () => {
  it('a password with user and account is a password login (trimmed)', () => {
    expect(readLinkForm(values({ user: ' bob ', domain: 'acme', password: 'pw' }), ['password', 'aksk'], s)).toEqual({
      ok: true,
      credential: { method: 'password', user: 'bob', domain: 'acme', password: 'pw' },
    });
  });

  it('keys without a name, or half a pair, are named under their field', () => {
    expect(readLinkForm(values({ accessKey: 'AK', secretKey: 'SK' }), ['aksk'], s)).toEqual({
      ok: false,
      errors: { [LINK_FIELDS.user]: s.errors.needUser },
    });
    expect(readLinkForm(values({ secretKey: 'SK' }), ['aksk'], s)).toEqual({
      ok: false,
      errors: { [LINK_FIELDS.accessKey]: s.errors.needAccessKey },
    });
  });

  it('a method the operator did not enable is not read; an overlong value is refused', () => {
    expect(readLinkForm(values({ token: 'MII' }), ['password', 'aksk'], s)).toEqual({
      ok: false,
      errors: { [LINK_FIELDS.password]: s.errors.nothing },
    });
    expect(readLinkForm(values({ user: 'x'.repeat(65), password: 'p', domain: 'd' }), ['password'], s)).toEqual({
      ok: false,
      errors: { [LINK_FIELDS.user]: s.errors.tooLong },
    });
    expect(readLinkForm(values({ token: ' MII\\nabc ' }), ['token'], s)).toMatchObject({ ok: true });
    expect(readLinkForm(undefined, ['token'], s)).toEqual({
      ok: false,
      errors: { [LINK_FIELDS.token]: s.errors.nothing },
    });
  });
});
