/**
 * Linked Huawei accounts as rows: who in a workspace linked which Huawei user, how, until when, and the credential
 * as it was sealed (src/accounts/sealing.ts) — the store never sees it in the clear. One implementation for both
 * dialects over a small SQL runner (`$1`-style parameters; SQLite reads them as `?1`).
 */
import { date, type Row, type SqlRunner, str } from './rows.js';

/** One person's link, as stored. */
export interface AccountLinkRow {
  teamId: string;
  slackUserId: string;
  huaweiUser: string;
  /** The IAM user id, when the proof learnt it. */
  huaweiUserId: string | null;
  huaweiDomain: string;
  method: string;
  sealedCredential: string;
  /** `null`: a key pair, which does not expire. */
  expiresAt: Date | null;
  linkedAt: Date;
}

/** The links of every workspace; one per team and Slack user. */
export interface AccountLinkStore {
  /** Inserts the link, or replaces this person's earlier one. */
  saveLink(link: AccountLinkRow): Promise<void>;
  getLink(teamId: string, slackUserId: string): Promise<AccountLinkRow | null>;
  /**
   * The most recent link of the Huawei user `huaweiUser` — its name or its IAM user id — in the team (two people
   * may link the same user). Key-pair links are left out here and in `listLinkedUsers`: their name is only as typed
   * (nothing proved it), so anyone could claim "alice"; they still act as the keys' real owner at the API.
   */
  findLinkByHuaweiUser(teamId: string, huaweiUser: string): Promise<AccountLinkRow | null>;
  /** Who in the team linked which Huawei user (no credential read), oldest link first: for reviewer mentions. */
  listLinkedUsers(teamId: string): Promise<{ huaweiUser: string; huaweiUserId: string | null; slackUserId: string }[]>;
  /** Replaces the sealed credential only (after a key rotation), when the row is still the one read. */
  resealLink(teamId: string, slackUserId: string, before: string, after: string): Promise<void>;
  /** `false` when there was no link. */
  removeLink(teamId: string, slackUserId: string): Promise<boolean>;
}

const toRow = (row: Row): AccountLinkRow => ({
  teamId: String(row.team_id),
  slackUserId: String(row.slack_user_id),
  huaweiUser: String(row.huawei_user),
  huaweiUserId: str(row.huawei_user_id),
  huaweiDomain: String(row.huawei_domain),
  method: String(row.method),
  sealedCredential: String(row.sealed_credential),
  expiresAt: date(row.expires_at),
  linkedAt: new Date(Number(row.linked_at)),
});

/** The link store over `run`. */
export function createAccountLinkStore(run: SqlRunner): AccountLinkStore {
  const first = async (sql: string, params: unknown[]): Promise<AccountLinkRow | null> => {
    const [row] = (await run(sql, params)).rows;
    return row ? toRow(row) : null;
  };
  return {
    saveLink: async (link) => {
      await run(
        `INSERT INTO account_links
           (team_id, slack_user_id, huawei_user, huawei_domain, method, sealed_credential, expires_at, linked_at,
            huawei_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (team_id, slack_user_id) DO UPDATE SET huawei_user = excluded.huawei_user,
           huawei_user_id = excluded.huawei_user_id, huawei_domain = excluded.huawei_domain, method = excluded.method,
           sealed_credential = excluded.sealed_credential, expires_at = excluded.expires_at,
           linked_at = excluded.linked_at`,
        [
          link.teamId,
          link.slackUserId,
          link.huaweiUser,
          link.huaweiDomain,
          link.method,
          link.sealedCredential,
          link.expiresAt?.getTime() ?? null,
          link.linkedAt.getTime(),
          link.huaweiUserId,
        ],
      );
    },
    getLink: (teamId, slackUserId) =>
      first('SELECT * FROM account_links WHERE team_id = $1 AND slack_user_id = $2', [teamId, slackUserId]),
    findLinkByHuaweiUser: (teamId, huaweiUser) =>
      first(
        `SELECT * FROM account_links WHERE team_id = $1 AND (huawei_user = $2 OR huawei_user_id = $2)
           AND method <> 'aksk'
         ORDER BY linked_at DESC, slack_user_id LIMIT 1`,
        [teamId, huaweiUser],
      ),
    listLinkedUsers: async (teamId) =>
      (
        await run(
          `SELECT huawei_user, huawei_user_id, slack_user_id FROM account_links WHERE team_id = $1 AND method <> 'aksk'
           ORDER BY linked_at, slack_user_id`,
          [teamId],
        )
      ).rows.map((row) => ({
        huaweiUser: String(row.huawei_user),
        huaweiUserId: str(row.huawei_user_id),
        slackUserId: String(row.slack_user_id),
      })),
    resealLink: async (teamId, slackUserId, before, after) => {
      await run(
        `UPDATE account_links SET sealed_credential = $4
         WHERE team_id = $1 AND slack_user_id = $2 AND sealed_credential = $3`,
        [teamId, slackUserId, before, after],
      );
    },
    removeLink: async (teamId, slackUserId) =>
      (await run('DELETE FROM account_links WHERE team_id = $1 AND slack_user_id = $2', [teamId, slackUserId]))
        .changes > 0,
  };
}
