/**
 * The contract between linking an account (`/pipeline login`) and acting as its owner (Approve, Refuse, reminders,
 * mentions, App Home). A person's own Huawei credential is found here, unsealed only for the request that uses it;
 * the bot's service account never stands in for anyone.
 */
import type { PersonalCredential } from '../domain/backend.js';

/** How a person proved who they are: the credential kept is a token (from a password or pasted) or a key pair. */
export const LINK_METHODS = ['password', 'aksk', 'token'] as const;
export type LinkMethod = (typeof LINK_METHODS)[number];

/** `true` for one of `LINK_METHODS` (a stored row's or a configured word). */
export function isLinkMethod(word: string): word is LinkMethod {
  return (LINK_METHODS as readonly string[]).includes(word);
}

export interface LinkedAccount {
  teamId: string;
  slackUserId: string;
  /** The Huawei (IAM) user name the credential belongs to, as SWR names reviewers. */
  huaweiUser: string;
  /**
   * The IAM user id, as CodeArts names approvers; `null` when the proof did not learn it (a key pair: one signed
   * read names nobody).
   */
  huaweiUserId: string | null;
  /** The account (IAM domain) name. */
  huaweiDomain: string;
  method: LinkMethod;
  credential: PersonalCredential;
  /** When a token stops working (`null` for a key pair): the person is asked to link again after it. */
  expiresAt: Date | null;
}

/** Whether `link`'s token stopped working by `now` (a key pair never does): the person must link again. */
export function linkExpired(link: Pick<LinkedAccount, 'expiresAt'>, now: Date): boolean {
  return link.expiresAt !== null && link.expiresAt.getTime() <= now.getTime();
}

export interface LinkedAccounts {
  /** The clicker's link in this workspace, or `null` when they never linked (or unlinked). */
  find(teamId: string, slackUserId: string): Promise<LinkedAccount | null>;
  /**
   * Who in this workspace linked the Huawei user `huaweiUser` — a reviewer as the backend names them: the user name
   * (SWR) or the IAM user id (CodeArts) — for mentions and reminders. Never a key-pair link: its name is as typed.
   */
  findByHuaweiUser(teamId: string, huaweiUser: string): Promise<LinkedAccount | null>;
  /** Forgets the link (logout, Unlink, a credential the API no longer accepts); `false` when there was none. */
  remove(teamId: string, slackUserId: string): Promise<boolean>;
}
