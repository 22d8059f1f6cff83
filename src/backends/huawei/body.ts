/**
 * Reading response bodies. The service answers in YAML unless asked for JSON, so both are read; a body that is
 * neither (an HTML error page, a cut-off JSON document, nothing) is an `invalid_response`. An error says how long
 * the body was and its content type, never its text: SWR writes `params` (which may hold passwords) first.
 */
import { parse as parseYaml } from 'yaml';
import { BackendError } from '../../domain/backend-error.js';

/**
 * Largest YAML body parsed. YAML costs far more than JSON per byte (a 20 MB document took minutes and 3 GB of heap);
 * SWR sends YAML only when JSON was not asked for, and no pipeline comes near this.
 */
export const MAX_YAML_BYTES = 256 * 1024;

/** At most this many aliases in a YAML body: each may expand to a whole subtree (the "billion laughs"). */
const MAX_YAML_ALIASES = 100;

/**
 * Decodes a JSON or YAML body to a value; throws `BackendError('invalid_response')` (status, length and type
 * kept), or `too_large` for YAML past `MAX_YAML_BYTES`.
 */
export function decodeBody(text: string, status: number, contentType: string | undefined): unknown {
  const decoded = decode(text);
  if (decoded === TOO_LARGE) {
    const detail = `YAML body of ${describeBody(text, contentType)}: YAML is read up to ${MAX_YAML_BYTES} bytes`;
    throw new BackendError('too_large', { status, detail });
  }
  if (decoded === undefined) {
    throw new BackendError('invalid_response', {
      status,
      detail: `unreadable body: ${describeBody(text, contentType)}`,
    });
  }
  return decoded;
}

/**
 * Decodes a JSON or YAML body, or returns `undefined` when it is neither (or is empty, HTML, cut off, or YAML past
 * `MAX_YAML_BYTES`). JSON `null` (how Go writes an empty list) decodes to `null`.
 */
export function tryDecodeBody(text: string): unknown {
  const decoded = decode(text);
  return decoded === TOO_LARGE ? undefined : decoded;
}

const TOO_LARGE = Symbol('too large');

function decode(text: string): unknown {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '' || body.startsWith('<')) return undefined;
  // A body that opens like JSON must be whole JSON: YAML's flow syntax would otherwise accept some cut-off text.
  if (body.startsWith('{') || body.startsWith('[') || body === 'null') {
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  }
  // Characters first: cheaper, and never more than the bytes.
  if (body.length > MAX_YAML_BYTES || Buffer.byteLength(body, 'utf8') > MAX_YAML_BYTES) return TOO_LARGE;
  try {
    const value: unknown = parseYaml(body, { maxAliasCount: MAX_YAML_ALIASES });
    // A lone scalar ("Service Unavailable") parses as YAML too, but is no API answer.
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** What a body looked like, for an error's `detail`: its length in bytes and its media type, never its text. */
export function describeBody(text: string, contentType: string | undefined): string {
  if (text.trim() === '') return '(empty body)';
  // Only the media type's own characters: a header is server-written text too.
  const media = /^[\w.+-]{1,40}\/[\w.+-]{1,60}/.exec(contentType?.trim() ?? '')?.[0];
  return `${Buffer.byteLength(text, 'utf8')} bytes of ${media ?? 'no stated type'}`;
}
