/**
 * A small IAM: the documented password login (`POST /v3/auth/tokens`) against configured users, issuing
 * tokens that expire on the simulator clock, plus the static demo token. Revocation lets tests exercise the
 * bot's "refresh once on 401" path.
 */
import { createHash, randomBytes } from 'node:crypto';
import { iamError } from './error-bodies.js';

/** IAM's `expires_at` style: always six fractional digits (`2019-02-13T06:52:13.855000Z`). */
export function formatIamTime(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace(/Z$/, '000Z');
}

/** A user that may log in. */
export interface IamUser {
  name: string;
  password: string;
  /** The account (domain) name. */
  domain: string;
  /** The IAM user id its tokens name (`token.user.id`); derived from the name when not given. */
  id?: string;
}

/** The one demo user when none are configured; its password is printed by the banner (it guards nothing). */
export const DEMO_IAM_USER: IamUser = { name: 'alice', password: 'simulator-demo-password', domain: 'simulator-demo' };

export type AuthResult =
  | { ok: true; user: string }
  | { ok: false; reason: 'missing' | 'unknown' | 'expired' | 'revoked' };

export type LoginResult = { ok: true; token: string; body: unknown } | { ok: false; status: 400 | 401; body: unknown };

interface Issued {
  user: string;
  domain: string;
  issuedAt: number;
  expiresAt: number;
}

/** The answer to a token check (`GET /v3/auth/tokens`). */
export type IntrospectionResult =
  | { ok: true; token: string; body: unknown }
  | { ok: false; status: 401 | 404; body: unknown };

function idOf(kind: string, name: string): string {
  return createHash('sha256').update(`${kind}:${name}`).digest('hex').slice(0, 32);
}

/** The id IAM gives `user` (the name of an unknown user gets the derived one, as every run and test does). */
function userIdOf(users: readonly IamUser[], name: string): string {
  return users.find((u) => u.name === name)?.id ?? idOf('user', name);
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

export interface IamOptions {
  users: readonly IamUser[];
  ttlSeconds: number;
  staticToken: string;
  /** Who the static token belongs to (the reviewer recorded for it). */
  staticTokenUser: string;
}

/** Issues and checks tokens. */
export class Iam {
  private readonly issued = new Map<string, Issued>();
  private readonly revoked = new Set<string>();
  private staticRevoked = false;

  constructor(private readonly options: IamOptions) {}

  /** Handles a password login body at time `t` (ms). */
  login(body: unknown, t: number): LoginResult {
    const auth = field(body, 'auth');
    const identity = field(auth, 'identity');
    const methods = field(identity, 'methods');
    const user = field(field(identity, 'password'), 'user');
    const name = str(field(user, 'name'));
    const password = str(field(user, 'password'));
    const domain = str(field(field(user, 'domain'), 'name'));
    if (!Array.isArray(methods) || !methods.includes('password') || !name || password === null || !domain) {
      return { ok: false, status: 400, body: iamError(400, 'Request body is invalid.', 'Bad Request') };
    }
    const match = this.options.users.find((u) => u.name === name && u.password === password && u.domain === domain);
    if (!match) {
      return { ok: false, status: 401, body: iamError(401, 'The username or password is wrong.', 'Unauthorized') };
    }
    const token = `MIIsim${randomBytes(48).toString('base64url')}`;
    const issued = {
      user: match.name,
      domain: match.domain,
      issuedAt: t,
      expiresAt: t + this.options.ttlSeconds * 1000,
    };
    this.issued.set(token, issued);
    const project = str(field(field(field(auth, 'scope'), 'project'), 'name')) ?? 'cn-north-4';
    const domainRef = { id: idOf('domain', match.domain), name: match.domain };
    const scope = { project: { domain: domainRef, id: idOf('project', project), name: project } };
    return { ok: true, token, body: { token: { ...this.describe(issued), ...scope } } };
  }

  /** A token as IAM describes it (`token.*` but the project), in its login's answer and its check's alike. */
  private describe(issued: Issued): Record<string, unknown> {
    return {
      expires_at: formatIamTime(issued.expiresAt),
      issued_at: formatIamTime(issued.issuedAt),
      methods: ['password'],
      user: {
        domain: { id: idOf('domain', issued.domain), name: issued.domain },
        id: userIdOf(this.options.users, issued.user),
        name: issued.user,
        password_expires_at: '',
      },
    };
  }

  /** Checks an `X-Auth-Token` value at time `t`. */
  authenticate(token: string | undefined, t: number): AuthResult {
    if (!token) return { ok: false, reason: 'missing' };
    if (token === this.options.staticToken) {
      return this.staticRevoked ? { ok: false, reason: 'revoked' } : { ok: true, user: this.options.staticTokenUser };
    }
    if (this.revoked.has(token)) return { ok: false, reason: 'revoked' };
    const issued = this.issued.get(token);
    if (!issued) return { ok: false, reason: 'unknown' };
    if (t >= issued.expiresAt) return { ok: false, reason: 'expired' };
    return { ok: true, user: issued.user };
  }

  /**
   * IAM's token check: `X-Auth-Token` (any valid token, the caller's own included) asks about `X-Subject-Token`;
   * the answer names its user, account and expiry (in the body and with the token back in `X-Subject-Token`).
   * The static demo token has no expiry on the simulator; it is reported as ending in 24 h.
   */
  introspect(authToken: string | undefined, subjectToken: string | undefined, t: number): IntrospectionResult {
    const unauthorized = {
      ok: false as const,
      status: 401 as const,
      body: iamError(401, 'The request you have made requires authentication.', 'Unauthorized'),
    };
    if (!this.authenticate(authToken, t).ok) return unauthorized;
    const subject = subjectToken ?? '';
    const owner = this.authenticate(subject, t);
    if (!owner.ok) {
      return { ok: false, status: 404, body: iamError(404, 'The resource could not be found.', 'Not Found') };
    }
    const issued = this.issued.get(subject) ?? {
      user: owner.user,
      domain: this.options.users.find((u) => u.name === owner.user)?.domain ?? 'simulator-demo',
      issuedAt: t,
      expiresAt: t + 86_400_000,
    };
    return { ok: true, token: subject, body: { token: this.describe(issued) } };
  }

  /** Makes every token issued so far invalid (and the static one too with `includeStatic`). */
  revokeAll(includeStatic = false): void {
    for (const token of this.issued.keys()) this.revoked.add(token);
    this.issued.clear();
    if (includeStatic) this.staticRevoked = true;
  }

  /** Forgets every issued token and revocation. */
  reset(): void {
    this.issued.clear();
    this.revoked.clear();
    this.staticRevoked = false;
  }
}
