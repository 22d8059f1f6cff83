import { describe, expect, it } from 'vitest';
import { STATUSES, type StatusValue } from '../../src/domain/status.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { renderPlainText } from '../../src/render/plain-text.js';
import { KIND_TABLE, kindWord, STATUS_TABLE, statusMark, statusWord } from '../../src/render/status-table.js';
import { checkMessage } from './block-kit-check.js';
import { loadFixture, NOW } from './fixtures.js';

describe('the status table', () => {
  it('gives every status of the vocabulary a mark and a word in both locales', () => {
    for (const state of STATUSES.filter((s) => s !== 'unknown')) {
      const status = { state, raw: state };
      expect(STATUS_TABLE[state].mark, state).not.toBe('');
      expect(statusWord(status, 'en'), state).toMatch(/^[a-z ]+$/);
      expect(statusWord(status, 'zh-CN'), state).toMatch(/^\p{Script=Han}+$/u);
    }
  });

  it('renders an unknown status by its escaped raw value with a neutral mark', () => {
    const unknown = (raw: string): StatusValue => ({ state: 'unknown', raw });
    expect(statusMark(unknown('paused_by_moon'))).toBe('❔');
    expect(statusWord(unknown('paused_by_moon'), 'en')).toBe('paused_by_moon');
    expect(statusWord(unknown('<b>'), 'en')).toBe('&lt;b&gt;');
    expect(statusWord(unknown(''), 'zh-CN')).toBe('未知');
  });

  it('names each kind of stage, kinds without a word by the API’s raw label', () => {
    expect(Object.keys(KIND_TABLE)).toEqual([
      'source',
      'build',
      'image_build',
      'test',
      'check',
      'review',
      'deploy',
      'gray_deploy',
    ]);
    expect(kindWord('image_build', '', 'en')).toBe('image build');
    expect(kindWord('review', '', 'zh-CN')).toBe('人工审核');
    expect(kindWord(null, 'helm_deploy', 'en')).toBe('helm_deploy');
    expect(kindWord(null, '', 'en')).toBe('');
  });

  it('a card renders for every status, pipeline-wide and per stage', () => {
    const base = loadFixture('running');
    const statuses: StatusValue[] = [
      ...STATUSES.map((state) => ({ state, raw: state })),
      { state: 'unknown', raw: 'brand_new_status' },
    ];
    for (const status of statuses) {
      const [firstStage, ...rest] = base.stages;
      if (!firstStage) throw new Error('fixture has a stage');
      const pipeline = { ...base, status, stages: [{ ...firstStage, status }, ...rest] };
      for (const locale of ['en', 'zh-CN'] as const) {
        const message = renderPipelineMessage(pipeline, { now: NOW, locale });
        expect(checkMessage(message), `${status.raw} ${locale}`).toEqual([]);
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
