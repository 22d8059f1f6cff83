/**
 * CodeArts times: int64 epoch milliseconds in run details, strings in list answers (`stage_status_list`). Which
 * text the strings hold is not documented, so every plausible form is read: digits (milliseconds), ISO 8601 with
 * a zone, and a zone-less `YYYY-MM-DD HH:mm:ss`, taken as China Standard Time (UTC+8), the service's home.
 * Zero, negative and unreadable values mean "not set" (`null`).
 */

const DIGITS = /^\d{1,16}$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3})\d*)?$/;
const CHINA_OFFSET_MS = 8 * 3600_000;
// Before 2000 or after 2200 is no CodeArts run: a seconds value or a garbled number, not a time to show.
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2200, 0, 1);

function plausible(ms: number): number | null {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms < LATEST_MS ? ms : null;
}

/** Epoch milliseconds of a CodeArts time (number or string), or `null` when unset or unreadable. */
export function msOf(value: number | string | null | undefined): number | null {
  if (typeof value === 'number') return plausible(value);
  if (typeof value !== 'string') return null;
  const textValue = value.trim();
  if (textValue === '') return null;
  if (DIGITS.test(textValue)) return plausible(Number(textValue));
  const local = LOCAL_DATE_TIME.exec(textValue);
  if (local) {
    const [, y, mo, d, h, mi, s, frac] = local;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    return plausible(utc - CHINA_OFFSET_MS + Number((frac ?? '0').padEnd(3, '0')));
  }
  // Date.parse is only trusted with an explicit zone: without one it would use the bot host's zone.
  if (!/(?:Z|[+-]\d{2}:?\d{2})$/i.test(textValue)) return null;
  return plausible(Date.parse(textValue));
}

/** `msOf` as a `Date`, or `null`. */
export function dateOf(value: number | string | null | undefined): Date | null {
  const ms = msOf(value);
  return ms === null ? null : new Date(ms);
}
