/**
 * Reading response bodies. The service answers in YAML unless asked for JSON, so both are read; a body that is
 * neither (an HTML error page, a cut-off JSON document, nothing) is an `invalid_response`. An error says how long
 * the body was and its content type, never its text: SWR writes `params` (which may hold passwords) first.
 */
import { parse as parseYaml } from 'yaml';
import { BackendError } from '../../domain/backend-error.js';

/** Decodes a JSON or YAML body to a value; throws `BackendError('invalid_response')` (status, length and type kept). */
export function decodeBody(text: string, status: number, contentType: string | undefined): unknown {
  const decoded = tryDecodeBody(text);
  if (decoded === undefined) {
    throw new BackendError('invalid_response', {
      status,
      detail: `unreadable body: ${describeBody(text, contentType)}`,
    });
  }
  return decoded;
}

/**
 * Decodes a JSON or YAML body, or returns `undefined` when it is neither (or is empty, HTML or cut off).
 * JSON `null` (how Go writes an empty list) decodes to `null`.
 */
export function tryDecodeBody(text: string): unknown {
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
  try {
    const value: unknown = parseYaml(body, { maxAliasCount: 100 });
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
