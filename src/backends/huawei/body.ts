/**
 * Reading response bodies. The service answers in YAML unless asked for JSON, so both are read; a body that is
 * neither (an HTML error page, a cut-off JSON document, nothing) is an `invalid_response`.
 */
import { parse as parseYaml } from 'yaml';
import { BackendError } from '../../domain/backend-error.js';
import { redactSecrets } from './redact.js';

/** How much of an unreadable body an error keeps in `detail`. */
export const BODY_SNIPPET_CHARS = 300;

/** Decodes a JSON or YAML body to a value; throws `BackendError('invalid_response')` (status and a snippet kept). */
export function decodeBody(text: string, status: number, secrets: readonly string[]): unknown {
  const decoded = tryDecodeBody(text);
  if (decoded === undefined) {
    throw new BackendError('invalid_response', { status, detail: `unreadable body: ${bodySnippet(text, secrets)}` });
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

/** The first characters of a body, whitespace collapsed and secrets removed, for an error's `detail`. */
export function bodySnippet(text: string, secrets: readonly string[]): string {
  if (text.trim() === '') return '(empty body)';
  // Redact before cutting: a secret split by the cut would otherwise leave its first half behind.
  const clean = redactSecrets(text.replace(/\s+/g, ' ').trim(), secrets);
  return clean.length > BODY_SNIPPET_CHARS ? `${clean.slice(0, BODY_SNIPPET_CHARS)}…` : clean;
}
