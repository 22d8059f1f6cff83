/**
 * Linked accounts kept in a Map, for tests of what a link is used for (Approve, Refuse, reminders, App Home) until
 * the real link store is wired into the bot: the same `LinkedAccounts` contract, and `linkAs` to get a real token
 * for a simulator user from its IAM, as `/pipeline login` with a password would (registered with the secret audit).
 */
import type { LinkedAccount, LinkedAccounts } from '../../src/accounts/linked-accounts.js';
import { registerSecret } from './secret-audit.js';

export interface MapLinkedAccounts extends LinkedAccounts {
  /** Stores `account` (replacing that Slack user's link). */
  add(account: LinkedAccount): void;
  /** How many links there are. */
  size(): number;
  /** Forgets every link. */
  clear(): void;
}

/** An empty set of links. */
export function createMapLinkedAccounts(): MapLinkedAccounts {
  const links = new Map<string, LinkedAccount>();
  const key = (teamId: string, userId: string) => `${teamId}/${userId}`;
  return {
    add: (account) => void links.set(key(account.teamId, account.slackUserId), account),
    size: () => links.size,
    clear: () => links.clear(),
    find: async (teamId, userId) => links.get(key(teamId, userId)) ?? null,
    findByHuaweiUser: async (teamId, huaweiUser) =>
      [...links.values()].find((l) => l.teamId === teamId && l.huaweiUser === huaweiUser) ?? null,
    remove: async (teamId, userId) => void links.delete(key(teamId, userId)),
  };
}

/** A simulator user's IAM token (password login), as a linked account of Slack user `slackUserId` in `teamId`. */
export async function linkAs(
  iamUrl: string,
  user: { name: string; password: string; domain: string },
  slack: { teamId: string; slackUserId: string },
  expiresAt: Date | null = null,
): Promise<LinkedAccount> {
  const res = await fetch(`${iamUrl}/v3/auth/tokens?nocatalog=true`, {
    method: 'POST',
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: user.name, password: user.password, domain: { name: user.domain } } },
        },
        scope: { project: { name: 'cn-north-4' } },
      },
    }),
  });
  const token = res.headers.get('x-subject-token');
  if (!token) throw new Error(`the simulator's IAM gave no token for ${user.name} (${res.status})`);
  // A person's token must never leave the bot: no log line, no Slack body may hold it (the file's secret audit).
  registerSecret(`linked token of ${user.name}`, token);
  registerSecret(`password of ${user.name}`, user.password);
  return {
    ...slack,
    huaweiUser: user.name,
    huaweiDomain: user.domain,
    method: 'password',
    credential: { kind: 'token', token },
    expiresAt,
  };
}
