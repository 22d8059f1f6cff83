/** How the SWR API writes times: RFC 3339 in UTC with Go's trailing-zero-trimmed fraction, zero time for unset. */

/** Go's zero `time.Time`, which the API sends for "not set". */
export const ZERO_TIME = '0001-01-01T00:00:00Z';

/**
 * `ms` as the API writes it. The clock has millisecond precision, so the microseconds are derived from the
 * millisecond itself: deterministic, order-preserving, and the trimmed fraction varies from 0 to 6 digits
 * like the real service's (`…27.317648Z`, `…27.31765Z`).
 */
export function formatApiTime(ms: number): string {
  const whole = Math.floor(ms);
  const iso = new Date(whole).toISOString();
  const millis = ((whole % 1000) + 1000) % 1000;
  const micros = millis * 1000 + (((((whole % 1_000_003) * 7919) % 1000) + 1000) % 1000);
  const fraction = String(micros).padStart(6, '0').replace(/0+$/, '');
  return fraction ? `${iso.slice(0, 19)}.${fraction}Z` : `${iso.slice(0, 19)}Z`;
}

/** The `SYS_TIMESTAMP` parameter: China local time `yyyyMMddHHmmss` plus four digits (`201901211131274006`). */
export function sysTimestamp(ms: number): string {
  const whole = Math.floor(ms);
  const local = new Date(whole + 8 * 3600_000).toISOString();
  const digits = local.slice(0, 19).replace(/[-T:]/g, '');
  return `${digits}${String((((whole % 1000) + 1000) % 1000) * 10 + (whole % 7)).padStart(4, '0')}`;
}
