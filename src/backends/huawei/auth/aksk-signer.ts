/**
 * Huawei Cloud API gateway request signing, scheme `SDK-HMAC-SHA256`. A pure function of the request, the date and
 * the key pair: no clock, no I/O, so a test can compare it byte for byte with the official SDK's signer.
 *
 * Canonical request = method \n canonical URI \n canonical query \n canonical headers \n signed headers \n
 * hex sha256(body); string to sign = `SDK-HMAC-SHA256 \n X-Sdk-Date \n hex sha256(canonical request)`.
 */
import { createHash, createHmac } from 'node:crypto';

export const SIGNING_ALGORITHM = 'SDK-HMAC-SHA256';

/** What the signer reads. Every header given is signed, plus `host` and `x-sdk-date`. */
export interface SignInput {
  method: string;
  /** The absolute URL as sent (path and query already percent-encoded or not: both read the same). */
  url: string;
  headers: Readonly<Record<string, string>>;
  body: string;
  date: Date;
  accessKey: string;
  secretKey: string;
}

/** The headers to add to the request. */
export interface SignatureHeaders {
  'X-Sdk-Date': string;
  Authorization: string;
}

/** Signs one request; returns the `X-Sdk-Date` and `Authorization` headers to send with it. */
export function signRequest(input: SignInput): SignatureHeaders {
  const sdkDate = formatSdkDate(input.date);
  const url = new URL(input.url);
  const headers = canonicalHeaderMap(input.headers, url.host, sdkDate);
  const names = [...headers.keys()].sort(compareCodeUnits);
  const signedHeaders = names.join(';');
  const canonical = [
    input.method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQuery(url.search),
    names.map((name) => `${name}:${headers.get(name)}\n`).join(''),
    signedHeaders,
    sha256Hex(input.body),
  ].join('\n');
  const stringToSign = `${SIGNING_ALGORITHM}\n${sdkDate}\n${sha256Hex(canonical)}`;
  const signature = createHmac('sha256', input.secretKey).update(stringToSign, 'utf8').digest('hex');
  return {
    'X-Sdk-Date': sdkDate,
    Authorization: `${SIGNING_ALGORITHM} Access=${input.accessKey}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** `YYYYMMDDTHHMMSSZ` in UTC, the `X-Sdk-Date` format. */
export function formatSdkDate(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** Percent-encodes everything but RFC 3986's unreserved characters (`A–Z a–z 0–9 - _ . ~`), as the gateway does. */
export function huaweiEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Each path segment decoded then re-encoded, ending in `/`. */
function canonicalUri(pathname: string): string {
  const path = pathname
    .split('/')
    .map((segment) => huaweiEncode(safeDecode(segment)))
    .join('/');
  return path.endsWith('/') ? path : `${path}/`;
}

/** Pairs sorted by key, then by value (repeated keys), each side encoded; `a` and `a=` both read as `a=`. */
function canonicalQuery(search: string): string {
  const byKey = new Map<string, string[]>();
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = safeDecode(eq < 0 ? part : part.slice(0, eq), true);
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1), true);
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  return [...byKey.keys()]
    .sort(compareCodeUnits)
    .flatMap((key) =>
      (byKey.get(key) ?? []).sort(compareCodeUnits).map((v) => `${huaweiEncode(key)}=${huaweiEncode(v)}`),
    )
    .join('&');
}

function canonicalHeaderMap(
  headers: Readonly<Record<string, string>>,
  host: string,
  sdkDate: string,
): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) map.set(name.toLowerCase(), value.trim());
  if (!map.has('host')) map.set('host', host);
  map.set('x-sdk-date', sdkDate);
  return map;
}

function safeDecode(text: string, plusIsSpace = false): string {
  const raw = plusIsSpace ? text.replace(/\+/g, ' ') : text;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
