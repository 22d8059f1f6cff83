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

  it('survive absurd values', () => {
    expect(formatAgo(Number.MAX_VALUE, 'en')).toMatch(/ago$/);
    expect(formatSpan(Number.NaN, 'en')).toBe('under 1 s');
  });
});
