/**
 * What a user sees when a pipeline cannot be shown: one sentence per `BackendError` kind naming the id, the API and
 * what to do, the API's error code and request id small underneath (for a support ticket), a Retry button when
 * trying again can help. Anything that is not a `BackendError` gets a generic sentence: no message, no stack,
 * nothing internal.
 */
import type { ActionsBlock, ContextBlock, KnownBlock } from '@slack/types';
import type { BackendKind } from '../domain/backend.js';
import { type BackendErrorKind, isBackendError } from '../domain/backend-error.js';
import type { Locale } from '../domain/locale.js';
import { ACTION_REFRESH } from './action-ids.js';
import { fitBuilt, fitEscaped } from './escape.js';
import { LIMITS } from './limits.js';
import { sentenceMessage } from './sentence-message.js';
import { type ServiceWords, serviceWords } from './service-words.js';
import type { SlackMessage } from './types.js';

/** What `renderErrorMessage` needs: the id the user asked for (as typed), and the locale. */
export interface ErrorMessageOptions {
  id?: string | undefined;
  locale: Locale;
  /**
   * Offer Try again where it can help (default `true`). The button refreshes the card, so a request that did more
   * than show the pipeline (starting a watch) turns it off: there it would show a card instead of retrying.
   */
  retry?: boolean | undefined;
  /** The backend that failed (its name in the sentence); `containerops` by default. */
  backend?: BackendKind | undefined;
}

/** One kind's sentence: `ref` is "pipeline 12345" (escaped) or the locale's "the pipeline"; `wait` how long to wait. */
type KindSentence = (ref: string, wait: string, rawRef: string, w: ServiceWords) => string;

interface ErrorStrings {
  kinds: Record<BackendErrorKind, KindSentence>;
  /** Where a backend needs other words than the shared sentence says (what to check differs per API). */
  byBackend: Partial<Record<BackendKind, Partial<Record<BackendErrorKind, KindSentence>>>>;
  ref: (id: string | null) => string;
  /** Stands for a value the user gave that is empty once trimmed ("That is not a pipeline id"). */
  that: string;
  inSeconds: (n: number) => string;
  aMoment: string;
  generic: string;
  code: string;
  requestId: string;
  retry: string;
}

const EN: ErrorStrings = {
  kinds: {
    invalid_id: (_ref, _wait, id, w) =>
      `${id} is not a pipeline id: an id is ${w.idShape}. To search by name, try /pipeline &lt;name&gt;.`,
    not_found: (ref, _wait, _id, _w) =>
      `${capitalise(ref)} was not found, or the bot's account cannot see it. Check the id with /pipeline &lt;name&gt;.`,
    unauthorized: (ref, _wait, _id, w) =>
      `${w.service} rejected the bot's credentials while reading ${ref} — ask whoever runs the bot to check its ${w.service} token, password or access keys.`,
    forbidden: (ref, _wait, _id, w) =>
      `The bot's account is not allowed to read ${ref}. Ask whoever runs the bot to grant it read access in ${w.service}.`,
    bad_request: (ref, _wait, _id, w) =>
      `${w.service} refused the request for ${ref}. Check the id; if it is right, tell whoever runs the bot.`,
    rate_limited: (ref, wait, _id, w) =>
      `${w.service} is rate-limiting the bot, so ${ref} could not be read. Wait ${wait} and try again.`,
    upstream: (ref, _wait, _id, w) => `${w.service} had an internal error while reading ${ref}. Try again in a moment.`,
    timeout: (ref, _wait, _id, w) => `${w.service} did not answer in time for ${ref}. Try again in a moment.`,
    network: (ref, _wait, _id, w) =>
      `The bot could not reach ${w.service} to read ${ref}. Try again in a moment; if it keeps failing, tell whoever runs the bot.`,
    invalid_response: (ref, _wait, _id, w) =>
      `${w.service} sent an answer about ${ref} that the bot could not read. Try again; if it keeps happening, tell whoever runs the bot.`,
    too_large: (ref, _wait, _id, w) =>
      `${w.service} sent an answer about ${ref} too large for the bot to read, so it stopped reading. Tell whoever runs the bot.`,
    unavailable: (_ref, _wait, _id, w) =>
      `${w.product} is not available to the bot's account or region: ask whoever runs the bot.`,
  },
  byBackend: {
    codearts: {
      not_found: (ref) =>
        `${capitalise(ref)} was not found in the bot's CodeArts project, or the bot's account cannot see it. Check the id with /pipeline &lt;name&gt;.`,
      unauthorized: (ref) =>
        `CodeArts rejected the bot's credentials while reading ${ref} — ask whoever runs the bot to check its Huawei Cloud token, IAM password or access keys.`,
      forbidden: (ref) =>
        `The bot's account is not allowed to read ${ref}. Ask whoever runs the bot to give it permission to view pipelines in the CodeArts project.`,
      unavailable: () =>
        "CodeArts does not know the bot's project, or the bot is talking to the wrong endpoint: ask whoever runs the bot to check CODEARTS_PROJECT_ID (the 32-character CodeArts project id, not the IAM project) and the CodeArts endpoint of the region.",
    },
  },
  ref: (id) => (id === null ? 'the pipeline' : `pipeline ${id}`),
  that: 'That',
  inSeconds: (n) => `${n} s`,
  aMoment: 'a moment',
  generic: 'Something went wrong while getting the pipeline. Try again in a moment.',
  code: 'Error code',
  requestId: 'request id',
  retry: 'Try again',
};

const ZH: ErrorStrings = {
  kinds: {
    invalid_id: (_ref, _wait, id, w) =>
      `${id} 不是流水线 ID：ID 是${w.idShape}。按名称查找请用 /pipeline &lt;名称&gt;。`,
    not_found: (ref, _wait, _id, _w) => `找不到${ref}，或机器人的账号无权查看。请用 /pipeline &lt;名称&gt; 核对 ID。`,
    unauthorized: (ref, _wait, _id, w) =>
      `读取${ref} 时 ${w.service} 拒绝了机器人的凭据——请联系机器人的管理员检查 ${w.service} 令牌、密码或访问密钥。`,
    forbidden: (ref, _wait, _id, w) => `机器人的账号无权读取${ref}。请让机器人的管理员在 ${w.service} 中授予读取权限。`,
    bad_request: (ref, _wait, _id, w) =>
      `${w.service} 拒绝了读取${ref} 的请求。请核对 ID；若无误，请告知机器人的管理员。`,
    rate_limited: (ref, wait, _id, w) =>
      `${w.service} 正在限制机器人的请求频率，暂时无法读取${ref}。请等待 ${wait}后重试。`,
    upstream: (ref, _wait, _id, w) => `${w.service} 读取${ref} 时发生内部错误。请稍后重试。`,
    timeout: (ref, _wait, _id, w) => `${w.service} 未能及时响应读取${ref} 的请求。请稍后重试。`,
    network: (ref, _wait, _id, w) =>
      `机器人无法连接 ${w.service} 读取${ref}。请稍后重试；若持续失败，请告知机器人的管理员。`,
    invalid_response: (ref, _wait, _id, w) =>
      `${w.service} 返回的${ref} 数据无法读取。请重试；若反复出现，请告知机器人的管理员。`,
    too_large: (ref, _wait, _id, w) => `${w.service} 返回的${ref} 数据过大，机器人已停止读取。请告知机器人的管理员。`,
    unavailable: (_ref, _wait, _id, w) => `机器人的账号或区域无法使用${w.product}功能：请联系机器人的管理员。`,
  },
  byBackend: {
    codearts: {
      not_found: (ref) =>
        `在机器人的 CodeArts 项目中找不到${ref}，或机器人的账号无权查看。请用 /pipeline &lt;名称&gt; 核对 ID。`,
      unauthorized: (ref) =>
        `读取${ref} 时 CodeArts 拒绝了机器人的凭据——请联系机器人的管理员检查华为云令牌、IAM 密码或访问密钥。`,
      forbidden: (ref) => `机器人的账号无权读取${ref}。请让机器人的管理员在 CodeArts 项目中授予它查看流水线的权限。`,
      unavailable: () =>
        'CodeArts 找不到机器人配置的项目，或机器人连接的服务地址有误：请让机器人的管理员检查 CODEARTS_PROJECT_ID（32 位 CodeArts 项目 ID，不是 IAM 项目）以及所在区域的 CodeArts 服务地址。',
    },
  },
  ref: (id) => (id === null ? '该流水线' : `流水线 ${id}`),
  that: '这',
  inSeconds: (n) => `${n} 秒`,
  aMoment: '片刻',
  generic: '获取流水线时出错了。请稍后重试。',
  code: '错误码',
  requestId: '请求 ID',
  retry: '重试',
};

/** Kinds where the same request may well work a moment later. */
const RETRYABLE: ReadonlySet<BackendErrorKind> = new Set([
  'rate_limited',
  'upstream',
  'timeout',
  'network',
  'invalid_response',
]);

const ID_MAX = 40;

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
const DETAIL_MAX = 120;

/** Renders `error` as a message for the user who asked for pipeline `options.id` (pure). */
export function renderErrorMessage(error: unknown, options: ErrorMessageOptions): SlackMessage {
  const s = options.locale === 'zh-CN' ? ZH : EN;
  const rawId = options.id?.trim() ?? '';
  const id = rawId ? fitEscaped(rawId, ID_MAX) : null;
  if (!isBackendError(error)) {
    return sentenceMessage(`⚠️ ${s.generic}`);
  }
  const wait =
    error.retryAfterSeconds !== undefined && Number.isFinite(error.retryAfterSeconds) && error.retryAfterSeconds > 0
      ? s.inSeconds(Math.ceil(error.retryAfterSeconds))
      : s.aMoment;
  const backend = options.backend ?? 'containerops';
  const words = serviceWords(backend, options.locale);
  const say = s.byBackend[backend]?.[error.kind] ?? s.kinds[error.kind];
  const sentence = fitBuilt(`⚠️ ${say(s.ref(id), wait, id ?? s.that, words)}`, LIMITS.sectionText);
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: sentence } }];
  const details: string[] = [];
  // Identifiers for a support ticket, in code spans (where Slack links nothing): kept as written.
  const verbatim = (text: string) => fitEscaped(text.replace(/`/g, "'"), DETAIL_MAX, { keepLinks: true });
  if (error.code) details.push(`${s.code} \`${verbatim(error.code)}\``);
  if (error.requestId) details.push(`${s.requestId} \`${verbatim(error.requestId)}\``);
  if (details.length > 0) {
    const small: ContextBlock = { type: 'context', elements: [{ type: 'mrkdwn', text: details.join(' · ') }] };
    blocks.push(small);
  }
  if (options.retry !== false && RETRYABLE.has(error.kind) && /^[0-9A-Za-z]{1,64}$/.test(rawId)) {
    const retry: ActionsBlock = {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION_REFRESH,
          text: { type: 'plain_text', text: s.retry, emoji: true },
          value: rawId,
        },
      ],
    };
    blocks.push(retry);
  }
  return { text: sentence, blocks };
}
