/**
 * Linking accounts as the bot runs it: the links (sealed, ./account-store.ts), how a credential is proven, the
 * methods offered — and who reviewers are in Slack, which links decide first and `SLACK_USER_MAP` for the rest.
 */
import type { CredentialProver } from '../domain/credential-proof.js';
import type { Logger } from '../log.js';
import type { AccountLinkStore } from '../store/account-links.js';
import { type AccountLinks, createAccountLinks } from './account-store.js';
import type { AccountsConfig } from './config.js';
import type { LinkMethod } from './linked-accounts.js';

export interface Linking {
  accounts: AccountLinks;
  /** `null` when linking is off. */
  prover: CredentialProver | null;
  methods: LinkMethod[];
  /** `SLACK_USER_MAP` as it applies (empty while the built-in simulator serves the bot). */
  mentions: Record<string, string>;
  /** Reviewer name → Slack user id as of now: the workspace's links over `mentions`. */
  currentMentions(): Promise<Record<string, string>>;
}

/** What the backend tells linking (src/backends/link-prover.ts). */
export interface LinkBackendInfo {
  /** `null` when linking is off. */
  prover: CredentialProver | null;
  /** `false` leaves key pairs out of the methods offered. */
  supportsKeys: boolean;
  /** The built-in simulator serves the bot: its reviewers are not the real people `SLACK_USER_MAP` names. */
  simulated: boolean;
}

/** Linking for the bot of `config`, its links in `store`, for the workspace `teamId`. */
export function createLinking(
  config: { accounts: AccountsConfig; slackUserMap: Record<string, string> },
  store: { accountLinks: AccountLinkStore },
  teamId: string | null,
  backend: LinkBackendInfo,
  logger: Logger,
): Linking {
  const accounts = createAccountLinks(store.accountLinks, config.accounts.keys, logger.child({ component: 'link' }));
  // Simulated reviewers' names (alice, bob) may be real people's in SLACK_USER_MAP: no one is mentioned for them.
  // Someone who linked as a simulated user chose to be them, so links still count.
  const mentions = backend.simulated ? {} : config.slackUserMap;
  if (backend.simulated && Object.keys(config.slackUserMap).length > 0) {
    logger.warn('SLACK_USER_MAP is not used while the built-in simulator serves the bot: its reviewers are not real');
  }
  return {
    accounts,
    prover: backend.prover,
    methods: config.accounts.methods.filter((m) => m !== 'aksk' || backend.supportsKeys),
    mentions,
    currentMentions: async () => (teamId === null ? mentions : accounts.reviewerMentions(teamId, mentions)),
  };
}
