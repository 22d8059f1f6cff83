/**
 * Proving a person's own Huawei credential before it is kept (`/pipeline login`): the contract between the Slack
 * layer, which asks, and the Huawei HTTP layer (src/backends/huawei/auth/credential-proof.ts), which asks IAM or
 * SWR. Only what proved to work is kept: a password is exchanged for a token and never kept itself.
 */
import type { PersonalCredential } from './backend.js';

/** What the person typed in the link modal, by method. */
export type CredentialToProve =
  | { method: 'password'; user: string; password: string; domain: string }
  | { method: 'aksk'; user: string; domain: string; accessKey: string; secretKey: string; projectId: string | null }
  | { method: 'token'; token: string };

/**
 * Why a credential was not linked: `rejected` (IAM or SWR refused it: wrong password, unknown key, expired token),
 * `unavailable` (no answer in time, or the service failed: nothing is known about the credential).
 */
export type ProofFailure = 'rejected' | 'unavailable';

/** A proven credential names whose it is; a failed proof says why. */
export type CredentialProof =
  | {
      ok: true;
      huaweiUser: string;
      /**
       * The IAM user id (CodeArts names approvers by it), when IAM said it: a password login and a token check do;
       * a key pair's proof (one signed read) does not, so it is `null` there.
       */
      huaweiUserId: string | null;
      huaweiDomain: string;
      /** What to keep: a token (from a password or pasted) or the key pair. */
      credential: PersonalCredential;
      /** When the token ends; `null` for a key pair. */
      expiresAt: Date | null;
    }
  | { ok: false; failure: ProofFailure };

/** Proves credentials against the Huawei Cloud the bot uses. Never throws for a refused or unreachable service. */
export interface CredentialProver {
  prove(credential: CredentialToProve): Promise<CredentialProof>;
}
