/**
 * Proves a person's own credential before the bot keeps it (src/domain/credential-proof.ts):
 *
 * - IAM user + password + account: `POST /v3/auth/tokens` — the token and its expiry are kept, never the password;
 * - a pasted token: IAM's token check, `GET /v3/auth/tokens` with the token as both `X-Auth-Token` and
 *   `X-Subject-Token` — IAM names its user, account and expiry;
 * - a key pair: one SWR read signed with it (`SDK-HMAC-SHA256`). The read names nobody, so the user and account
 *   names are taken as typed (so the store never finds anyone by them: no mentions, reminders) and the IAM user id
 *   stays unknown (`null`); a review made with the keys is still recorded by SWR as the keys' real owner. (Key pairs are offered on SWR only, whose reviewers are names.)
 *
 * The password login's and the token check's bodies name the IAM user id too (`token.user.id`): it is kept, as
 * CodeArts lists a review's approvers by id.
 *
 * No retries (a password sent again after a refusal counts toward locking the IAM user) and a short timeout: the
 * proof runs while Slack waits for the modal's answer (3 s).
 */
import type { CredentialProof, CredentialProver, CredentialToProve } from '../../../domain/credential-proof.js';
import type { Logger } from '../../../log.js';
import { createHttpTransport, type HttpResult, type HttpTransport } from '../http.js';
import { createAuthenticator } from './authenticator.js';
import { iamKind, loginBody, readExpiry, readTokenOwner } from './iam-token.js';

export interface CredentialProverOptions {
  /** IAM's base URL (`https://iam.myhuaweicloud.com`, or the simulator's). */
  iamEndpoint: string;
  /** The IAM project (region) name a password token is scoped to, e.g. `cn-north-4`. */
  project: string;
  /** An SWR read that any user may make (the key-pair proof), absolute. */
  probeUrl: string;
  /** Whole proof, per request; keep under Slack's 3 s. Default 2,000 ms. */
  timeoutMs?: number;
  userAgent: string;
  now?: () => number;
  logger: Logger;
}

/** The prover over real HTTP. */
export function createCredentialProver(options: CredentialProverOptions): CredentialProver {
  const now = options.now ?? Date.now;
  const iam = options.iamEndpoint.replace(/\/+$/, '');
  // One transport per proof, redacting that proof's own secrets: a shared list would be overwritten by a
  // concurrent proof, and one person's password could then stay in the other's error detail.
  const transportFor = (credential: CredentialToProve): HttpTransport => {
    const secrets = secretsOf(credential);
    return createHttpTransport({
      timeoutMs: options.timeoutMs ?? 2_000,
      retries: 0,
      retryBaseDelayMs: 0,
      maxRetryAfterMs: 0,
      now,
      secrets: () => secrets,
    });
  };
  const baseHeaders = { Accept: 'application/json', 'User-Agent': options.userAgent };
  const failed = (result: Extract<HttpResult, { ok: false }>, method: string): CredentialProof => {
    const { kind, status, detail } = result.error;
    options.logger.info('credential not proven', { method, status, kind, detail });
    return {
      ok: false,
      failure: kind === 'unauthorized' || kind === 'forbidden' || kind === 'not_found' ? 'rejected' : 'unavailable',
    };
  };

  const byPassword = async (
    c: Extract<CredentialToProve, { method: 'password' }>,
    transport: HttpTransport,
  ): Promise<CredentialProof> => {
    const body = JSON.stringify(
      loginBody({ endpoint: iam, username: c.user, password: c.password, domain: c.domain, project: options.project }),
    );
    const result = await transport.send({
      method: 'POST',
      url: `${iam}/v3/auth/tokens?nocatalog=true`,
      headers: { ...baseHeaders, 'Content-Type': 'application/json;charset=utf8' },
      body,
      kindOf: iamKind,
      retry: false,
    });
    if (!result.ok) return failed(result, 'password');
    const token = result.response.headers['x-subject-token'];
    if (!token) return { ok: false, failure: 'unavailable' };
    const named = readTokenOwner(result.response.text);
    return {
      ok: true,
      huaweiUser: named?.user ?? c.user,
      huaweiUserId: named?.id ?? null,
      huaweiDomain: named?.domain ?? c.domain,
      credential: { kind: 'token', token },
      expiresAt: new Date(readExpiry(result.response.text) ?? now() + 24 * 3600_000),
    };
  };

  const byToken = async (
    c: Extract<CredentialToProve, { method: 'token' }>,
    transport: HttpTransport,
  ): Promise<CredentialProof> => {
    const result = await transport.send({
      method: 'GET',
      url: `${iam}/v3/auth/tokens?nocatalog=true`,
      headers: { ...baseHeaders, 'X-Auth-Token': c.token, 'X-Subject-Token': c.token },
      kindOf: (status, code) => (status === 404 ? 'unauthorized' : iamKind(status, code)),
      retry: false,
    });
    if (!result.ok) return failed(result, 'token');
    const named = readTokenOwner(result.response.text);
    const expiresAt = readExpiry(result.response.text);
    if (named === null || expiresAt === null) return { ok: false, failure: 'unavailable' };
    const credential = { kind: 'token' as const, token: c.token };
    return {
      ok: true,
      huaweiUser: named.user,
      huaweiUserId: named.id,
      huaweiDomain: named.domain,
      credential,
      expiresAt: new Date(expiresAt),
    };
  };

  const byKeys = async (
    c: Extract<CredentialToProve, { method: 'aksk' }>,
    transport: HttpTransport,
  ): Promise<CredentialProof> => {
    const auth = { kind: 'aksk' as const, accessKey: c.accessKey, secretKey: c.secretKey, projectId: c.projectId };
    const signer = createAuthenticator(auth, { transport, userAgent: options.userAgent, now, logger: options.logger });
    const headers = { ...baseHeaders };
    const signed = await signer.authorize({ method: 'GET', url: options.probeUrl, headers, body: '' });
    const result = await transport.send({
      method: 'GET',
      url: options.probeUrl,
      headers: { ...headers, ...signed },
      kindOf: iamKind,
      retry: false,
    });
    if (!result.ok) return failed(result, 'aksk');
    return {
      ok: true,
      huaweiUser: c.user,
      huaweiUserId: null,
      huaweiDomain: c.domain,
      credential: { kind: 'aksk', accessKey: c.accessKey, secretKey: c.secretKey, projectId: c.projectId },
      expiresAt: null,
    };
  };

  return {
    async prove(credential) {
      const transport = transportFor(credential);
      switch (credential.method) {
        case 'password':
          return byPassword(credential, transport);
        case 'token':
          return byToken(credential, transport);
        case 'aksk':
          return byKeys(credential, transport);
      }
    },
  };
}

function secretsOf(c: CredentialToProve): string[] {
  if (c.method === 'password') return [c.password];
  if (c.method === 'token') return [c.token];
  return [c.accessKey, c.secretKey];
}
