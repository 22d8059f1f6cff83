/**
 * AK/SK request signing as the API gateway checks it (`Authorization: SDK-HMAC-SHA256 Access=…,
 * SignedHeaders=…, Signature=…` with `X-Sdk-Date`): the signature is recomputed with the bot's own signer
 * (`signRequest`, proven against the Huawei SDK) over the headers the request lists, and compared.
 * Every refusal is a 401 `APIGW.0301`, as the real gateway answers for any IAM authentication failure.
 */
import { timingSafeEqual } from 'node:crypto';
import { SIGNING_ALGORITHM, signRequest } from '../auth/aksk-signer.js';

/** An access key the simulator accepts, and the SWR user it belongs to (the reviewer it records). */
export interface AccessKeyPair {
  accessKey: string;
  secretKey: string;
  user: string;
}

/** The one demo pair when none are configured; the banner prints it (it guards nothing). */
export const DEMO_ACCESS_KEY: AccessKeyPair = {
  accessKey: 'SIMULATORAK0000000001',
  secretKey: 'simulator-demo-secret-key',
  user: 'alice',
};

/** How far `X-Sdk-Date` may be from the simulator clock, either way (the gateway's 15 minutes). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** The gateway's error code for every AK/SK refusal (the message says which). */
export const AKSK_ERROR_CODE = 'APIGW.0301';

const PREFIX = 'Incorrect IAM authentication information: ';

/** The `error_msg` of each refusal. */
export const AKSK_MESSAGES = {
  malformed: `${PREFIX}the Authorization header is not "SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…"`,
  unknownKey: `${PREFIX}Get secretKey failed, err: ak not exist`,
  signedHeaders: `${PREFIX}SignedHeaders must include host and x-sdk-date`,
  missingDate: `${PREFIX}x-sdk-date not found or not in the YYYYMMDDTHHMMSSZ format`,
  skewed: `${PREFIX}the x-sdk-date is more than 15 minutes away from the server time`,
  signature: `${PREFIX}verify aksk signature fail`,
} as const;

export type AkSkRefusal = keyof typeof AKSK_MESSAGES;

export type AkSkResult = { ok: true; user: string } | { ok: false; reason: AkSkRefusal };

/** The parts of a request the check reads. Header names are lower case (as `node:http` gives them). */
export interface SignedRequest {
  method: string;
  /** The request target as received (`/v3/manage/pipelines?filter=…`). */
  target: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: string;
}

/** `true` when `authorization` claims the gateway's signing scheme (so the request is checked as AK/SK). */
export function isAkSkAuthorization(authorization: string | undefined): boolean {
  return authorization?.trimStart().startsWith(`${SIGNING_ALGORITHM} `) === true;
}

interface ParsedAuthorization {
  accessKey: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(authorization: string): ParsedAuthorization | null {
  const rest = authorization.trim().slice(SIGNING_ALGORITHM.length);
  const fields = new Map<string, string>();
  for (const part of rest.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) return null;
    fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const accessKey = fields.get('Access');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKey || !signedHeaders || !signature || !/^[0-9a-f]{64}$/i.test(signature)) return null;
  return { accessKey, signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()), signature };
}

/** `YYYYMMDDTHHMMSSZ` → a date, or `null` when the text is not exactly a real instant in that format. */
export function parseSdkDate(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Rejects rolled-over values such as 20240230T…: the date must format back to the same text.
  return date.toISOString().slice(0, 19).replace(/[-:]/g, '') === text.slice(0, 15) ? date : null;
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

/** Checks an AK/SK-signed request against `keys` at simulator time `now` (ms). */
export function verifyAkSk(request: SignedRequest, keys: readonly AccessKeyPair[], now: number): AkSkResult {
  const parsed = parseAuthorization(headerText(request.headers.authorization));
  if (parsed === null) return { ok: false, reason: 'malformed' };
  const key = keys.find((k) => k.accessKey === parsed.accessKey);
  if (!key) return { ok: false, reason: 'unknownKey' };
  if (!parsed.signedHeaders.includes('host') || !parsed.signedHeaders.includes('x-sdk-date')) {
    return { ok: false, reason: 'signedHeaders' };
  }
  const date = parseSdkDate(headerText(request.headers['x-sdk-date']).trim());
  if (date === null) return { ok: false, reason: 'missingDate' };
  if (Math.abs(date.getTime() - now) > MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'skewed' };

  // The signer adds `x-sdk-date` (from `date`) itself; every other listed header is signed with its received
  // value (an absent one as empty, which cannot match what the client signed).
  const headers: Record<string, string> = {};
  for (const name of parsed.signedHeaders) {
    if (name !== 'x-sdk-date' && name !== '') headers[name] = headerText(request.headers[name]);
  }
  const expected = signRequest({
    method: request.method,
    url: `http://${headers.host || 'simulator.local'}${request.target}`,
    headers,
    body: request.body,
    date,
    accessKey: key.accessKey,
    secretKey: key.secretKey,
  }).Authorization;
  const expectedSignature = /Signature=([0-9a-f]{64})$/.exec(expected)?.[1] ?? '';
  const sameHeaders = expected.includes(`SignedHeaders=${parsed.signedHeaders.join(';')},`);
  const a = Buffer.from(expectedSignature, 'utf8');
  const b = Buffer.from(parsed.signature.toLowerCase(), 'utf8');
  const sameSignature = a.length === b.length && timingSafeEqual(a, b);
  return sameHeaders && sameSignature ? { ok: true, user: key.user } : { ok: false, reason: 'signature' };
}
