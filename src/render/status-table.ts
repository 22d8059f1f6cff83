/**
 * Every status the API documents, with its mark and its words in each locale, in one table; plus the words for
 * each kind of stage. A status or a kind the table does not know still renders: by a neutral mark and its raw
 * (escaped) name.
 */
import type { Locale } from '../config.js';
import type { KnownStatus, ServiceName } from '../swr/types.js';
import { fitEscaped } from './escape.js';

/** How a status looks: its mark and its word in each locale. */
export interface StatusLook {
  mark: string;
  en: string;
  'zh-CN': string;
}

/** Mark and words of each documented status. Failures share ❌ so a red mark always means "look here". */
export const STATUS_TABLE: Record<KnownStatus, StatusLook> = {
  waiting: { mark: '⏳', en: 'waiting', 'zh-CN': '等待中' },
  running: { mark: '🔄', en: 'running', 'zh-CN': '运行中' },
  success: { mark: '✅', en: 'succeeded', 'zh-CN': '成功' },
  cancel: { mark: '⏹️', en: 'cancelled', 'zh-CN': '已取消' },
  rollbacking: { mark: '⏪', en: 'rolling back', 'zh-CN': '回滚中' },
  rollback_success: { mark: '↩️', en: 'rolled back', 'zh-CN': '已回滚' },
  stage_exception: { mark: '❌', en: 'stage error', 'zh-CN': '步骤异常' },
  runtime_exception: { mark: '❌', en: 'runtime error', 'zh-CN': '运行异常' },
  timeout: { mark: '❌', en: 'timed out', 'zh-CN': '超时' },
  unauthorized: { mark: '❌', en: 'not authorised', 'zh-CN': '未授权' },
  rollback_failed: { mark: '❌', en: 'rollback failed', 'zh-CN': '回滚失败' },
  rollback_exception: { mark: '❌', en: 'rollback error', 'zh-CN': '回滚异常' },
};

/** States the card shows that are not API statuses. */
export const EXTRA_LOOKS = {
  notStarted: { mark: '⚪', en: 'not started', 'zh-CN': '未开始' },
  awaitingReview: { mark: '✋', en: 'awaiting review', 'zh-CN': '等待审核' },
  unknown: { mark: '❔', en: 'unknown', 'zh-CN': '未知' },
} as const satisfies Record<string, StatusLook>;

const UNKNOWN_STATUS_MAX = 40;

function isKnown(status: string): status is KnownStatus {
  return Object.hasOwn(STATUS_TABLE, status);
}

/** The mark of `status`; `❔` for one the API does not document. */
export function statusMark(status: string): string {
  return isKnown(status) ? STATUS_TABLE[status].mark : EXTRA_LOOKS.unknown.mark;
}

/** The status in words, escaped; an undocumented status shows as its raw (escaped, cut) value. */
export function statusWord(status: string, locale: Locale): string {
  if (isKnown(status)) return STATUS_TABLE[status][locale];
  const raw = fitEscaped(status, UNKNOWN_STATUS_MAX);
  return raw === '' ? EXTRA_LOOKS.unknown[locale] : raw;
}

/** Kinds of stage (`service_name`) in words. */
export const KIND_TABLE: Record<string, { en: string; 'zh-CN': string }> = {
  code_source: { en: 'source', 'zh-CN': '代码源' },
  jenkins_build: { en: 'build', 'zh-CN': '构建' },
  dockerfile_build: { en: 'image build', 'zh-CN': '镜像构建' },
  test_review: { en: 'manual review', 'zh-CN': '人工审核' },
  official_deploy: { en: 'deploy', 'zh-CN': '部署' },
  gray_deploy: { en: 'gray deploy', 'zh-CN': '灰度发布' },
};

const UNKNOWN_KIND_MAX = 40;

/** The kind of stage in words; an unknown `service_name` by its raw (escaped, cut) name, `''` when empty. */
export function kindWord(serviceName: ServiceName, locale: Locale): string {
  const known = Object.hasOwn(KIND_TABLE, serviceName) ? KIND_TABLE[serviceName] : undefined;
  return known ? known[locale] : fitEscaped(serviceName, UNKNOWN_KIND_MAX);
}
