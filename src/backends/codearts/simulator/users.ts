/**
 * The simulator's people. Each has an IAM login, a static token and an access-key pair, all owned by them: a
 * review passed with any of them is recorded as that person, never as "the bot". Demo values only; they guard
 * nothing. `alice`, `bob` and `carol` approve `payment-release` (all must); `bob` and `dave` approve
 * `hotfix-release` (any one); `erin` approves nothing (for "not an approver" tests).
 */
import type { AccessKeyPair } from '../../huawei/simulator/aksk.js';
import type { IamUser } from '../../huawei/simulator/iam.js';
import { iamUserId } from './sim-ids.js';

/** A simulated person. */
export interface SimUser {
  name: string;
  /** The IAM user id (32 hex), as `approvers` lists it. */
  id: string;
  /** IAM password login (domain `SIM_DOMAIN`). */
  password: string;
  /** A token valid until revoked, owned by this user. */
  token: string;
  accessKey: string;
  secretKey: string;
}

/** The account (IAM domain) every simulated user belongs to. */
export const SIM_DOMAIN = 'codearts-demo';

/** The names of the built-in users, in the order they are listed. */
export const SIM_USER_NAMES = ['alice', 'bob', 'carol', 'dave', 'erin'] as const;

/** A user with demo credentials derived from `name`. */
export function simUser(name: string, index: number): SimUser {
  return {
    name,
    id: iamUserId(name),
    password: `${name}-codearts-password`,
    token: `codearts-token-${name}`,
    accessKey: `CODEARTSAK${String(index + 1).padStart(10, '0')}`,
    secretKey: `codearts-secret-key-${name}`,
  };
}

/** The built-in users. */
export function defaultUsers(): SimUser[] {
  return SIM_USER_NAMES.map(simUser);
}

/** The IAM logins of `users`, for the shared `Iam`: its tokens name each user's id, as `approvers` lists it. */
export function iamUsersOf(users: readonly SimUser[]): IamUser[] {
  return users.map((u) => ({ name: u.name, password: u.password, domain: SIM_DOMAIN, id: u.id }));
}

/** The access-key pairs of `users`, for the shared AK/SK check. */
export function accessKeysOf(users: readonly SimUser[]): AccessKeyPair[] {
  return users.map((u) => ({ accessKey: u.accessKey, secretKey: u.secretKey, user: u.name }));
}
