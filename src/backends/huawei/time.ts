/**
 * Times as Huawei's Go services write them (RFC 3339 with 0–9 fractional digits), where `0001-01-01T00:00:00Z`
 * (Go's zero time) means "not set". Used for ContainerOps answers and IAM token expiry.
 */

// Go's RFC 3339 output: 0–9 fractional digits, `Z` or an offset. A space instead of `T` is tolerated.
const TIME_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{0,9}))?([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an API time. Go's zero time ("not set"), empty or unreadable values give `null`. Fractions of any length
 * are cut to milliseconds first, since `Date` reads at most three digits reliably.
 */
export function parseTime(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) || value.getUTCFullYear() <= 1 ? null : value;
  if (typeof value !== 'string') return null;
  const match = TIME_PATTERN.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  if (Number(year) <= 1) return null;
  const ms = fraction.padEnd(3, '0').slice(0, 3);
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${ms}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}
