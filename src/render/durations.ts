/**
 * Durations and "how long ago", with date-fns, in short forms ("4 min 12 s", "12 min ago", "12 分钟前").
 * The API's times cannot be trusted to be in one zone: ContainerOps examples end a stage about 8 h *before* it
 * starts (China time labelled `Z` on one side). A negative difference is never shown: when it is close to a
 * whole number of hours, that offset is the mislabelled zone and the remainder is the real duration.
 */
import type { Locale as DateFnsLocale, FormatDistanceToken } from 'date-fns';
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import { enUS } from 'date-fns/locale/en-US';
import { zhCN } from 'date-fns/locale/zh-CN';
import type { Locale } from '../domain/locale.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Zone offsets run from −12 h to +14 h: a larger negative gap is not a mislabelled zone. */
const MAX_ZONE_HOURS = 14;
const MAX_DATE_MS = 8.64e15;

/**
 * The real length of the span from `start` to `end` in ms, or `null` when it cannot be known.
 * A negative gap of about `k` whole hours (1 ≤ k ≤ 14) is read as a zone mislabelling: the remainder counts
 * (right for real durations under 30 min, which stage durations almost always are); a few seconds negative is
 * clock skew, clamped to 0.
 */
export function spanMs(start: Date, end: Date): number | null {
  const diff = end.getTime() - start.getTime();
  if (Number.isNaN(diff)) return null;
  if (diff >= 0) return diff;
  const hours = Math.round(-diff / HOUR);
  if (hours === 0) return 0;
  if (hours > MAX_ZONE_HOURS) return null;
  return Math.max(0, diff + hours * HOUR);
}

type ShortUnits = Partial<Record<FormatDistanceToken, (n: number) => string>>;

const EN_UNITS: ShortUnits = {
  xSeconds: (n) => `${n} s`,
  xMinutes: (n) => `${n} min`,
  xHours: (n) => `${n} h`,
  xDays: (n) => `${n} d`,
  xWeeks: (n) => `${n} wk`,
  xMonths: (n) => (n === 1 ? '1 month' : `${n} months`),
  xYears: (n) => (n === 1 ? '1 year' : `${n} years`),
};

const ZH_UNITS: ShortUnits = {
  xSeconds: (n) => `${n} 秒`,
  xMinutes: (n) => `${n} 分钟`,
  xHours: (n) => `${n} 小时`,
  xDays: (n) => `${n} 天`,
  xWeeks: (n) => `${n} 周`,
  xMonths: (n) => `${n} 个月`,
  xYears: (n) => `${n} 年`,
};

/** A date-fns locale whose distances are short ("12 min ago"); suffixes in the locale's own words. */
function shortLocale(
  base: DateFnsLocale,
  units: ShortUnits,
  ago: (s: string) => string,
  inFuture: (s: string) => string,
) {
  const short: DateFnsLocale = {
    ...base,
    formatDistance: (token, count, options) => {
      const unit = units[token];
      const text = unit ? unit(count) : (base.formatDistance?.(token, count) ?? String(count));
      if (!options?.addSuffix) return text;
      return options.comparison !== undefined && options.comparison > 0 ? inFuture(text) : ago(text);
    },
  };
  return short;
}

/** "12 min" → "12 min ago", in each locale. */
const AGO: Record<Locale, (s: string) => string> = { en: (s) => `${s} ago`, 'zh-CN': (s) => `${s}前` };

const SHORT_LOCALES: Record<Locale, DateFnsLocale> = {
  en: shortLocale(enUS, EN_UNITS, AGO.en, (s) => `in ${s}`),
  'zh-CN': shortLocale(zhCN, ZH_UNITS, AGO['zh-CN'], (s) => `${s}后`),
};

// No `<` here: durations land in mrkdwn, where it would have to be escaped.
const JUST_NOW: Record<Locale, string> = { en: 'just now', 'zh-CN': '刚刚' };
const UNDER_A_SECOND: Record<Locale, string> = { en: 'under 1 s', 'zh-CN': '不到 1 秒' };

/** Unit words of `formatSpan`, largest first (days, hours, minutes, seconds): the short units of `SHORT_LOCALES`. */
const SPAN_UNITS: Record<Locale, readonly [string, string, string, string]> = {
  en: ['d', 'h', 'min', 's'],
  'zh-CN': ['天', '小时', '分钟', '秒'],
};
const SPAN_SIZES = [DAY, HOUR, MINUTE, SECOND] as const;

/**
 * A duration in its two largest units: "8 s", "4 min 12 s", "1 h 3 min", "2 d 4 h". Written out rather than through
 * date-fns' `formatDuration` (same words): the card formats one span per stage line, and that call was the render's
 * largest cost (docs/FINDINGS.md §5).
 */
export function formatSpan(ms: number, locale: Locale): string {
  if (!Number.isFinite(ms) || ms < SECOND) return UNDER_A_SECOND[locale];
  // Whole days at most: months and years of a pipeline are not worth a calendar.
  const words = SPAN_UNITS[locale];
  let out = '';
  let shown = 0;
  let rest = ms;
  for (let i = 0; i < SPAN_SIZES.length && shown < 2; i += 1) {
    const size = SPAN_SIZES[i] as number;
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) {
      out += `${shown === 0 ? '' : ' '}${n} ${words[i]}`;
      shown += 1;
    }
  }
  return out;
}

/** "12 min ago" for something `ms` milliseconds in the past (date-fns' strict distance, rounded down). */
export function formatAgo(ms: number, locale: Locale): string {
  // A Date holds at most ±8.64e15 ms: a wilder span (a corrupt time) is shown as the longest one it can hold.
  const safe = Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_DATE_MS) : 0;
  if (safe < SECOND) return JUST_NOW[locale];
  // Under a day, date-fns' strict distance is one unit rounded down, with no calendar or zone in it: written out
  // (the card says "started … ago" twice per render). From a day on, days/months/years are date-fns' to count.
  if (safe < DAY) {
    const [, h, min, s] = SPAN_UNITS[locale];
    const text =
      safe < MINUTE
        ? `${Math.floor(safe / SECOND)} ${s}`
        : safe < HOUR
          ? `${Math.floor(safe / MINUTE)} ${min}`
          : `${Math.floor(safe / HOUR)} ${h}`;
    return AGO[locale](text);
  }
  return formatDistanceStrict(0, safe, { addSuffix: true, locale: SHORT_LOCALES[locale], roundingMethod: 'floor' });
}

/** `2019-09-21 11:41 UTC`: an absolute time that reads the same on every machine (fallback of Slack's dates). */
export function formatUtc(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return '?';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `11:41 UTC`, for "refreshed at". */
export function formatUtcTime(date: Date): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) return '?';
  return `${date.toISOString().slice(11, 16)} UTC`;
}
