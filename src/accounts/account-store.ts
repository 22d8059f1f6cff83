/**
 * `LinkedAccounts` over the store's `account_links`: the credential is sealed on the way in and unsealed on the way
 * out (./sealing.ts), bound to the team and Slack user. A row sealed with the previous key is sealed again with the
 * current one when read. An expired token still comes back, with `expiresAt` in the past: the caller asks the
 * person to link again. Without a key (linking disabled) nobody is linked.
 */
import type { PersonalCredential } from '../domain/backend.js';
import type { Logger } from '../log.js';
import type { AccountLinkRow, AccountLinkStore } from '../store/account-links.js';
import { isLinkMethod, type LinkedAccount, type LinkedAccounts } from './linked-accounts.js';
import { SealError, type SealingKeys, seal, unseal } from './sealing.js';

/** The links as the Slack layer uses them: the contract plus saving one and knowing whether there was one. */
export interface AccountLinks extends LinkedAccounts {
  /** `false`: linking is disabled (no `CREDENTIALS_KEY`). */
  readonly enabled: boolean;
  /** Seals and stores the link, replacing the person's earlier one. */
  save(account: LinkedAccount, linkedAt: Date): Promise<void>;
  /**
   * Reviewer → Slack user id for the team: `fallback` (`SLACK_USER_MAP`) overlaid with the links, which supersede
   * it (the latest link of a Huawei user wins), each under its user name and, when known, its IAM user id (as
   * CodeArts names approvers). Key-pair links are not among them (their name is as typed). Reads no credential.
   */
  reviewerMentions(teamId: string, fallback: Readonly<Record<string, string>>): Promise<Record<string, string>>;
}

/** The links in `store`, sealed with `keys` (`null`: linking disabled). */
export function createAccountLinks(store: AccountLinkStore, keys: SealingKeys | null, logger: Logger): AccountLinks {
  const open = async (row: AccountLinkRow | null): Promise<LinkedAccount | null> => {
    if (row === null || keys === null) return null;
    const owner = { teamId: row.teamId, slackUserId: row.slackUserId };
    let credential: PersonalCredential | null;
    try {
      const opened = unseal(row.sealedCredential, owner, keys);
      if (opened.resealed !== null) {
        await store.resealLink(row.teamId, row.slackUserId, row.sealedCredential, opened.resealed);
        logger.info('linked credential sealed again with the current key', { team: row.teamId, user: row.slackUserId });
      }
      credential = readCredential(opened.plaintext);
    } catch (err) {
      if (!(err instanceof SealError)) throw err;
      credential = null;
    }
    const method = row.method;
    if (credential === null || !isLinkMethod(method)) {
      // Sealed with a key the bot no longer has (or altered): as good as not linked; the person links again.
      logger.warn('linked credential cannot be opened', { team: row.teamId, user: row.slackUserId });
      return null;
    }
    return {
      teamId: row.teamId,
      slackUserId: row.slackUserId,
      huaweiUser: row.huaweiUser,
      huaweiUserId: row.huaweiUserId,
      huaweiDomain: row.huaweiDomain,
      method,
      credential,
      expiresAt: row.expiresAt,
    };
  };

  return {
    enabled: keys !== null,
    find: async (teamId, slackUserId) => open(await store.getLink(teamId, slackUserId)),
    findByHuaweiUser: async (teamId, huaweiUser) => open(await store.findLinkByHuaweiUser(teamId, huaweiUser)),
    remove: (teamId, slackUserId) => store.removeLink(teamId, slackUserId),
    reviewerMentions: async (teamId, fallback) => {
      const mentions: Record<string, string> = { ...fallback };
      if (keys === null) return mentions;
      for (const link of await store.listLinkedUsers(teamId)) {
        mentions[link.huaweiUser] = link.slackUserId;
        if (link.huaweiUserId !== null) mentions[link.huaweiUserId] = link.slackUserId;
      }
      return mentions;
    },
    save: async (account, linkedAt) => {
      if (keys === null) throw new Error('linking is disabled: CREDENTIALS_KEY is not set');
      const owner = { teamId: account.teamId, slackUserId: account.slackUserId };
      await store.saveLink({
        teamId: account.teamId,
        slackUserId: account.slackUserId,
        huaweiUser: account.huaweiUser,
        huaweiUserId: account.huaweiUserId,
        huaweiDomain: account.huaweiDomain,
        method: account.method,
        sealedCredential: seal(JSON.stringify(account.credential), owner, keys.current),
        expiresAt: account.expiresAt,
        linkedAt,
      });
    },
  };
}

/** The credential a sealed JSON holds, or `null` when it is not one. */
function readCredential(json: string): PersonalCredential | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.kind === 'token' && typeof v.token === 'string') return { kind: 'token', token: v.token };
  if (v.kind === 'aksk' && typeof v.accessKey === 'string' && typeof v.secretKey === 'string') {
    const projectId = typeof v.projectId === 'string' ? v.projectId : null;
    return { kind: 'aksk', accessKey: v.accessKey, secretKey: v.secretKey, projectId };
  }
  return null;
}
