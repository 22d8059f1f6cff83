/**
 * Sealing a person's credential at rest: AES-256-GCM with `CREDENTIALS_KEY`, the team and Slack user id as
 * additional authenticated data, so a sealed value copied to another person's row (or another workspace) does not
 * open. `CREDENTIALS_KEY_PREVIOUS` still opens what the key before a rotation sealed; the caller seals it again
 * with the current key (`resealed`).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** Who a sealed value belongs to: it opens only for the same team and user. */
export interface SealOwner {
  teamId: string;
  slackUserId: string;
}

/** The keys in use: the current one seals and opens, the previous one (during a rotation) only opens. */
export interface SealingKeys {
  current: Buffer;
  previous: Buffer | null;
}

/** A value did not open: tampered with, bound to someone else, or sealed with a key the bot no longer has. */
export class SealError extends Error {
  override readonly name = 'SealError';
  readonly code = 'seal_unreadable';
  constructor() {
    super('A stored credential could not be opened (wrong key, another owner, or altered): link the account again.');
  }
}

export interface Unsealed {
  plaintext: string;
  /** Sealed again with the current key when the previous one opened it (store it); `null` otherwise. */
  resealed: string | null;
}

const VERSION = 'v1';
const IV_BYTES = 12;

/** A short, non-secret name of a key (first 8 hex of its SHA-256), so a value says which key sealed it. */
function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function aad(owner: SealOwner): Buffer {
  return Buffer.from(`swr-pipeline-bot/link/${VERSION}\n${owner.teamId}\n${owner.slackUserId}`, 'utf8');
}

/** `v1.<key id>.<iv>.<ciphertext>.<tag>`, base64url parts. */
export function seal(plaintext: string, owner: SealOwner, key: Buffer): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(owner));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, keyId(key), iv.toString('base64url'), body.toString('base64url'), tag.toString('base64url')].join(
    '.',
  );
}

/** Opens `sealed` for `owner` with the current or the previous key; throws `SealError` when neither opens it. */
export function unseal(sealed: string, owner: SealOwner, keys: SealingKeys): Unsealed {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== VERSION) throw new SealError();
  const [, id, iv, body, tag] = parts as [string, string, string, string, string];
  const candidates = [keys.current, keys.previous].filter((k): k is Buffer => k !== null && keyId(k) === id);
  for (const key of candidates) {
    const plaintext = tryOpen(key, owner, iv, body, tag);
    if (plaintext === null) continue;
    return { plaintext, resealed: key === keys.current ? null : seal(plaintext, owner, keys.current) };
  }
  throw new SealError();
}

function tryOpen(key: Buffer, owner: SealOwner, iv: string, body: string, tag: string): string | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(owner));
    const tagBytes = Buffer.from(tag, 'base64url');
    // A short tag would weaken GCM's check: only the full 16 bytes are accepted.
    if (tagBytes.length !== 16) return null;
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
