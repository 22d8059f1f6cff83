/** Error messages for CodeArts: every kind names CodeArts (never SWR) and says what to check for this API. */
import { describe, expect, it } from 'vitest';
import { CODEARTS_ID_EXAMPLE } from '../../src/backends/codearts/ids.js';
import { BACKEND_ERROR_KINDS, BackendError } from '../../src/domain/backend-error.js';
import { renderErrorMessage } from '../../src/render/error-message.js';
import { renderPlainText } from '../../src/render/plain-text.js';
import { checkMessage } from './block-kit-check.js';

const ID = 'c87ae95a4b96141590b1cc0707da4e77';
const say = (kind: (typeof BACKEND_ERROR_KINDS)[number], locale: 'en' | 'zh-CN' = 'en', id = ID) =>
  renderPlainText(renderErrorMessage(new BackendError(kind), { id, locale, backend: 'codearts' }));

describe('CodeArts error messages', () => {
  it('every kind, in both locales, is valid Block Kit and never says SWR or ContainerOps', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      for (const kind of BACKEND_ERROR_KINDS) {
        const message = renderErrorMessage(new BackendError(kind, { code: 'DEV_21_100169', requestId: 'r-1' }), {
          id: ID,
          locale,
          backend: 'codearts',
        });
        expect(checkMessage(message), `${kind} ${locale}`).toEqual([]);
        expect(JSON.stringify(message), `${kind} ${locale}`).not.toMatch(/SWR|ContainerOps/);
      }
    }
  });

  it('a project CodeArts does not know (unavailable) says to check CODEARTS_PROJECT_ID and the endpoint', () => {
    expect(say('unavailable')).toContain(
      'check CODEARTS_PROJECT_ID (the 32-character CodeArts project id, not the IAM project)',
    );
    expect(say('unavailable')).toContain('CodeArts endpoint');
    expect(say('unavailable', 'zh-CN')).toContain('CODEARTS_PROJECT_ID');
  });

  it('names CodeArts, and what to check, for credentials, permissions and unknown pipelines', () => {
    expect(say('unauthorized')).toContain(
      `CodeArts rejected the bot's credentials while reading pipeline ${ID} — ask whoever runs the bot to check its Huawei Cloud token, IAM password or access keys.`,
    );
    expect(say('forbidden')).toContain('permission to view pipelines in the CodeArts project');
    expect(say('not_found')).toContain(`Pipeline ${ID} was not found in the bot's CodeArts project`);
    expect(say('not_found', 'zh-CN')).toContain(`在机器人的 CodeArts 项目中找不到流水线 ${ID}`);
    expect(say('rate_limited')).toContain('CodeArts is rate-limiting the bot');
    expect(say('upstream')).toContain('CodeArts had an internal error');
    expect(say('timeout')).toContain('CodeArts did not answer in time');
    expect(say('network')).toContain('could not reach CodeArts');
    expect(say('invalid_response')).toContain('CodeArts sent an answer');
    expect(say('bad_request')).toContain('CodeArts refused the request');
  });

  it('an id of the wrong shape gets the CodeArts id shape', () => {
    expect(say('invalid_id', 'en', '29476')).toContain('29476 is not a pipeline id: an id is 32 letters and digits');
    expect(say('invalid_id', 'zh-CN', '29476')).toContain('32 位字母和数字');
    expect(CODEARTS_ID_EXAMPLE).toMatch(/^[0-9a-f]{32}$/);
  });

  it('ContainerOps keeps its own words', () => {
    const plain = renderPlainText(renderErrorMessage(new BackendError('unavailable'), { id: '1', locale: 'en' }));
    expect(plain).toContain("Pipelines (ContainerOps) is not available to the bot's account or region");
  });
});
