/** Until the link store is wired in: nobody is linked, so Approve and Refuse ask people to link first. */
import type { LinkedAccounts } from './linked-accounts.js';

export type { LinkedAccounts } from './linked-accounts.js';

/** A `LinkedAccounts` that finds nobody and forgets nothing. */
export const NO_LINKED_ACCOUNTS: LinkedAccounts = {
  find: async () => null,
  findByHuaweiUser: async () => null,
  remove: async () => undefined,
};
