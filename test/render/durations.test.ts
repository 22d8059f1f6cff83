import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';
import { formatDuration } from 'date-fns/formatDuration';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAgo, formatSpan, spanMs } from '../../src/render/durations.js';

const t = (iso: string) => new Date(iso);

describe('spanMs', () => {
  it('is the plain difference when the end is after the start', () => {
    expect(spanMs(t('2024-05-01T11:00:00Z'), t('2024-05-01T11:04:12Z'))).toBe(252_000);
  });

  it('reads an end about 8 h before the start as a mislabelled zone: the remainder is the duration', () => {
    expect(spanMs(t('2019-09-21T11:41:15.973Z'), t('2019-09-21T03:41:23Z'))).toBe(7_027);
    expect(spanMs(t('2019-09-21T11:41:35.555Z'), t('2019-09-21T03:41:51Z'))).toBe(15_445);
  });

  it('clamps small negative gaps (clock skew) to zero and gives up beyond any zone', () => {
    expect(spanMs(t('2024-05-01T11:00:05Z'), t('2024-05-01T11:00:00Z'))).toBe(0);
    expect(spanMs(t('2024-05-03T11:00:00Z'), t('2024-05-01T11:00:00Z'))).toBeNull();
    expect(spanMs(t('2024-05-01T11:00:00Z'), new Date(Number.NaN))).toBeNull();
  });

  it('is never negative', () => {
    for (let ms = -20 * 3_600_000; ms < 0; ms += 997_331) {
      const span = spanMs(new Date(ms * -1), new Date(0));
      if (span !== null) expect(span).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('formatSpan and formatAgo', () => {
  it('short forms in English', () => {
    expect(formatSpan(252_000, 'en')).toBe('4 min 12 s');
    expect(formatSpan(8_000, 'en')).toBe('8 s');
    expect(formatSpan(3_780_000, 'en')).toBe('1 h 3 min');
    expect(formatSpan(3_600_000, 'en')).toBe('1 h');
    expect(formatSpan(2 * 86_400_000 + 4 * 3_600_000 + 5_000, 'en')).toBe('2 d 4 h');
    expect(formatSpan(400, 'en')).toBe('under 1 s');
    expect(formatAgo(720_000, 'en')).toBe('12 min ago');
    expect(formatAgo(30_000, 'en')).toBe('30 s ago');
    expect(formatAgo(0, 'en')).toBe('just now');
    expect(formatAgo(3 * 365 * 86_400_000, 'en')).toBe('3 years ago');
  });

  it('and in Chinese', () => {
    expect(formatSpan(252_000, 'zh-CN')).toBe('4 分钟 12 秒');
    expect(formatAgo(720_000, 'zh-CN')).toBe('12 分钟前');
  });

  it('formatSpan says what date-fns formatDuration said before it was written out (two largest units)', () => {
    const units = { en: ['d', 'h', 'min', 's'], 'zh-CN': ['天', '小时', '分钟', '秒'] } as const;
    const tokens = ['xDays', 'xHours', 'xMinutes', 'xSeconds'];
    const byDateFns = (ms: number, locale: 'en' | 'zh-CN') => {
      const duration = {
        days: Math.floor(ms / 86_400_000),
        hours: Math.floor((ms % 86_400_000) / 3_600_000),
        minutes: Math.floor((ms % 3_600_000) / 60_000),
        seconds: Math.floor((ms % 60_000) / 1000),
      };
      const keys = (['days', 'hours', 'minutes', 'seconds'] as const).filter((u) => duration[u] > 0).slice(0, 2);
      const formatDistance = (token: string, n: number) => `${n} ${units[locale][tokens.indexOf(token)]}`;
      return formatDuration(duration, { format: keys, locale: { formatDistance } as never });
    };
    const spans = fc.oneof(fc.integer({ min: 1000, max: 400 * 86_400_000 }), fc.constantFrom(1000, 60_000, 86_400_000));
    fc.assert(
      fc.property(spans, fc.constantFrom('en' as const, 'zh-CN' as const), (ms, locale) => {
        expect(formatSpan(ms, locale)).toBe(byDateFns(ms, locale));
      }),
      { numRuns: 2000 },
    );
    expect(formatSpan(2 * 86_400_000 + 5_000, 'en')).toBe('2 d 5 s');
  });

  it('formatAgo under a day says what date-fns formatDistanceStrict (rounded down) said before it was written out', () => {
    const words = { en: ['s', 'min', 'h'], 'zh-CN': ['秒', '分钟', '小时'] } as const;
    const tokens = ['xSeconds', 'xMinutes', 'xHours'];
    const byDateFns = (ms: number, locale: 'en' | 'zh-CN') => {
      const formatDistance = (token: string, n: number) => {
        const text = `${n} ${words[locale][tokens.indexOf(token)]}`;
        return locale === 'en' ? `${text} ago` : `${text}前`;
      };
      const options = { addSuffix: true, roundingMethod: 'floor' as const, locale: { formatDistance } as never };
      return formatDistanceStrict(0, ms, options);
    };
    const spans = fc.oneof(
      fc.integer({ min: 1000, max: 86_400_000 - 1 }),
      fc.constantFrom(1000, 59_999, 60_000, 3_599_999, 3_600_000, 86_399_999),
    );
    fc.assert(
      fc.property(spans, fc.constantFrom('en' as const, 'zh-CN' as const), (ms, locale) => {
        expect(formatAgo(ms, locale)).toBe(byDateFns(ms, locale));
      }),
      { numRuns: 2000 },
    );
    expect(formatAgo(86_400_000, 'en')).toBe('1 d ago');
  });

  it('survive absurd values', () => {
    expect(formatAgo(Number.MAX_VALUE, 'en')).toMatch(/ago$/);
    expect(formatSpan(Number.NaN, 'en')).toBe('under 1 s');
  });
});
