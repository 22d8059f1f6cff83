/**
 * Redaction for anything the SWR client keeps from a server answer. The logger's `redact` removes the configured
 * secrets and token-shaped strings, but its `Authorization` pattern stops at `Access=…`, so an echoed AK/SK
 * `Signature=<hex>` would survive it: that is removed here too.
 */
import { redact } from '../../log.js';

const SIGNATURE = /\b(Signature=)[0-9a-fA-F]{8,}/g;

/** `redact` from src/log.ts, plus AK/SK request signatures. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  return redact(text, secrets).replace(SIGNATURE, '$1[redacted]');
}
