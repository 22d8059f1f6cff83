import { describe, expect, it } from 'vitest';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { renderPlainText } from '../../src/render/plain-text.js';
import { KIND_TABLE, kindWord, STATUS_TABLE, statusMark, statusWord } from '../../src/render/status-table.js';
import { KNOWN_STATUSES } from '../../src/swr/types.js';
import { checkMessage } from './block-kit-check.js';
import { loadFixture, NOW } from './fixtures.js';

describe('the status table', () => {
  it('gives every documented status a mark and a word in both locales', () => {
    for (const status of KNOWN_STATUSES) {
      expect(STATUS_TABLE[status].mark, status).not.toBe('');
      expect(statusWord(status, 'en'), status).toMatch(/^[a-z ]+$/);
      expect(statusWord(status, 'zh-CN'), status).toMatch(/^\p{Script=Han}+$/u);
    }
  });

  it('renders an unknown status by its escaped raw value with a neutral mark', () => {
    expect(statusMark('paused_by_moon')).toBe('❔');
    expect(statusWord('paused_by_moon', 'en')).toBe('paused_by_moon');
    expect(statusWord('<b>', 'en')).toBe('&lt;b&gt;');
    expect(statusWord('', 'zh-CN')).toBe('未知');
  });

  it('names each kind of stage, unknown kinds by their raw name', () => {
    expect(Object.keys(KIND_TABLE)).toEqual([
      'code_source',
      'jenkins_build',
      'dockerfile_build',
      'test_review',
      'official_deploy',
      'gray_deploy',
    ]);
    expect(kindWord('dockerfile_build', 'en')).toBe('image build');
    expect(kindWord('test_review', 'zh-CN')).toBe('人工审核');
    expect(kindWord('helm_deploy', 'en')).toBe('helm_deploy');
  });

  it('a card renders for every status, pipeline-wide and per stage', () => {
    const base = loadFixture('running');
    for (const status of [...KNOWN_STATUSES, 'brand_new_status']) {
      const firstStage = base.status.stages[0];
      if (!firstStage) throw new Error('fixture has a stage status');
      const pipeline = {
        ...base,
        status: { ...base.status, status, stages: [{ ...firstStage, status }, ...base.status.stages.slice(1)] },
      };
      for (const locale of ['en', 'zh-CN'] as const) {
        const message = renderPipelineMessage(pipeline, { now: NOW, locale });
        expect(checkMessage(message), `${status} ${locale}`).toEqual([]);
        expect(renderPlainText(message)).toContain(statusWord(status, locale));
      }
    }
  });

  it('a pipeline without stages still says so', () => {
    const pipeline = { ...loadFixture('running'), stages: [] };
    const message = renderPipelineMessage(pipeline, { now: NOW, locale: 'en' });
    expect(checkMessage(message)).toEqual([]);
    expect(renderPlainText(message)).toContain('No stages');
  });
});
