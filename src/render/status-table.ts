/**
 * Every status of the domain's vocabulary with its mark and its words in each locale, in one table; plus the
 * words for each kind of stage. A status the API sent that means nothing known still renders: by a neutral mark
 * and its raw (escaped) text; so does a kind of stage the card has no word for.
 */
import type { Locale } from '../domain/locale.js';
import type { StageKind } from '../domain/pipeline.js';
import type { Status, StatusValue } from '../domain/status.js';
import { fitEscaped } from './escape.js';

/** How a status looks: its mark and its word in each locale. */
export interface StatusLook {
  mark: string;
  en: string;
  'zh-CN': string;
}

/** Mark and words of each status. Failures share ❌ so a red mark always means "look here". */
export const STATUS_TABLE: Record<Status, StatusLook> = {
  not_started: { mark: '⚪', en: 'not started', 'zh-CN': '未开始' },
  waiting: { mark: '⏳', en: 'waiting', 'zh-CN': '等待中' },
  queued: { mark: '⏳', en: 'queued', 'zh-CN': '排队中' },
  paused: { mark: '⏸️', en: 'paused', 'zh-CN': '已暂停' },
  running: { mark: '🔄', en: 'running', 'zh-CN': '运行中' },
  rolling_back: { mark: '⏪', en: 'rolling back', 'zh-CN': '回滚中' },
  succeeded: { mark: '✅', en: 'succeeded', 'zh-CN': '成功' },
  skipped: { mark: '⏭️', en: 'skipped', 'zh-CN': '已跳过' },
  cancelled: { mark: '⏹️', en: 'cancelled', 'zh-CN': '已取消' },
  rolled_back: { mark: '↩️', en: 'rolled back', 'zh-CN': '已回滚' },
  failed: { mark: '❌', en: 'failed', 'zh-CN': '失败' },
  stage_error: { mark: '❌', en: 'stage error', 'zh-CN': '步骤异常' },
  runtime_error: { mark: '❌', en: 'runtime error', 'zh-CN': '运行异常' },
  timed_out: { mark: '❌', en: 'timed out', 'zh-CN': '超时' },
  unauthorised: { mark: '❌', en: 'not authorised', 'zh-CN': '未授权' },
  rollback_failed: { mark: '❌', en: 'rollback failed', 'zh-CN': '回滚失败' },
  rollback_error: { mark: '❌', en: 'rollback error', 'zh-CN': '回滚异常' },
  unknown: { mark: '❔', en: 'unknown', 'zh-CN': '未知' },
};

/** States the card shows that are not statuses. */
export const EXTRA_LOOKS = {
  awaitingReview: { mark: '✋', en: 'awaiting review', 'zh-CN': '等待审核' },
} as const satisfies Record<string, StatusLook>;

const UNKNOWN_STATUS_MAX = 40;

function lookOf(status: StatusValue): StatusLook {
  return STATUS_TABLE[status.state] ?? STATUS_TABLE.unknown;
}

/** The mark of `status`. */
export function statusMark(status: StatusValue): string {
  return lookOf(status).mark;
}

/** The status in words, escaped; one that means nothing known shows as the API's raw (escaped, cut) text. */
export function statusWord(status: StatusValue, locale: Locale): string {
  if (status.state !== 'unknown') return lookOf(status)[locale];
  const raw = fitEscaped(status.raw, UNKNOWN_STATUS_MAX);
  return raw === '' ? STATUS_TABLE.unknown[locale] : raw;
}

/** Kinds of stage in words. */
export const KIND_TABLE: Record<StageKind, { en: string; 'zh-CN': string }> = {
  source: { en: 'source', 'zh-CN': '代码源' },
  build: { en: 'build', 'zh-CN': '构建' },
  image_build: { en: 'image build', 'zh-CN': '镜像构建' },
  test: { en: 'test', 'zh-CN': '测试' },
  check: { en: 'check', 'zh-CN': '检查' },
  review: { en: 'manual review', 'zh-CN': '人工审核' },
  deploy: { en: 'deploy', 'zh-CN': '部署' },
  gray_deploy: { en: 'gray deploy', 'zh-CN': '灰度发布' },
};

const UNKNOWN_KIND_MAX = 40;

/** The kind of stage in words; one the card has no word for by the API's raw (escaped, cut) label, `''` if none. */
export function kindWord(kind: StageKind | null, label: string, locale: Locale): string {
  return kind !== null ? KIND_TABLE[kind][locale] : fitEscaped(label, UNKNOWN_KIND_MAX);
}
