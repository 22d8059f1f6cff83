/**
 * Reads the link modal's submitted values into the credential to prove, or the field at fault with its sentence.
 * Pure. The method is the one whose secret is filled (password, then key pair, then token), among those enabled.
 */
import type { LinkMethod } from '../../accounts/linked-accounts.js';
import type { CredentialToProve } from '../../domain/credential-proof.js';
import { LINK_FIELD_MAX, LINK_FIELDS, LINK_VALUE_ACTION, type LinkField } from '../../render/link-messages.js';
import type { LinkStrings } from '../../render/link-strings.js';

/** What the form says: a credential to prove, or `errors` keyed by block id (Slack shows each under its field). */
export type LinkForm = { ok: true; credential: CredentialToProve } | { ok: false; errors: Record<string, string> };

/** The text of `field` in a view's `state.values`, trimmed ('' when absent or not text). */
function fieldValue(values: unknown, field: LinkField): string {
  const block = (values as Record<string, Record<string, { value?: unknown }>> | undefined)?.[LINK_FIELDS[field]];
  const value = block?.[LINK_VALUE_ACTION]?.value;
  return typeof value === 'string' ? value.trim() : '';
}

/** Reads the submitted `values` offering `methods`. */
export function readLinkForm(values: unknown, methods: readonly LinkMethod[], s: LinkStrings): LinkForm {
  const v = (field: LinkField): string => fieldValue(values, field);
  const fail = (field: LinkField, message: string): LinkForm => ({
    ok: false,
    errors: { [LINK_FIELDS[field]]: message },
  });
  const offered = (m: LinkMethod): boolean => methods.includes(m);
  for (const field of Object.keys(LINK_FIELDS) as LinkField[]) {
    if (v(field).length > LINK_FIELD_MAX[field]) return fail(field, s.errors.tooLong);
  }
  const named = (): LinkForm | null => {
    if (v('user') === '') return fail('user', s.errors.needUser);
    if (v('domain') === '') return fail('domain', s.errors.needDomain);
    return null;
  };
  if (offered('password') && v('password') !== '') {
    const missing = named();
    if (missing) return missing;
    return {
      ok: true,
      credential: { method: 'password', user: v('user'), domain: v('domain'), password: v('password') },
    };
  }
  if (offered('aksk') && (v('accessKey') !== '' || v('secretKey') !== '')) {
    if (v('accessKey') === '') return fail('accessKey', s.errors.needAccessKey);
    if (v('secretKey') === '') return fail('secretKey', s.errors.needSecretKey);
    const missing = named();
    if (missing) return missing;
    const projectId = v('projectId') === '' ? null : v('projectId');
    return {
      ok: true,
      credential: {
        method: 'aksk',
        user: v('user'),
        domain: v('domain'),
        accessKey: v('accessKey'),
        secretKey: v('secretKey'),
        projectId,
      },
    };
  }
  if (offered('token') && v('token') !== '') {
    return { ok: true, credential: { method: 'token', token: v('token').replace(/\s+/g, '') } };
  }
  const first: LinkField = offered('password') ? 'password' : offered('aksk') ? 'accessKey' : 'token';
  return fail(first, s.errors.nothing);
}

/** The field a refusal of `credential` is shown under. */
export function refusedField(credential: CredentialToProve): LinkField {
  if (credential.method === 'password') return 'password';
  if (credential.method === 'aksk') return 'secretKey';
  return 'token';
}
