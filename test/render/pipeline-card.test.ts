import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import {
  ACTION_OPEN_CONSOLE,
  ACTION_REFRESH,
  ACTION_SHARE,
  ACTION_UNWATCH,
  ACTION_WATCH,
} from '../../src/render/action-ids.js';
import { renderPipelineMessage } from '../../src/render/pipeline-card.js';
import { renderPlainText } from '../../src/render/plain-text.js';
import type { RenderOptions, SlackMessage } from '../../src/render/types.js';
import { checkMessage } from './block-kit-check.js';
import { FIXTURE_NAMES, loadFixture, NOW } from './fixtures.js';

const CONSOLE = 'https://console.example.com/swr/?region=cn-north-4#/app/pipeline/{id}';

/** Render options, and the console link template the fixture's backend would be configured with. */
type CardOptions = Partial<RenderOptions> & { consoleUrl?: string | null | undefined };

function render(name: string, { consoleUrl, ...options }: CardOptions = {}): SlackMessage {
  const pipeline = loadFixture(name, consoleUrl ?? null);
  return renderPipelineMessage(pipeline, { now: NOW, locale: 'en', refreshedAt: NOW, ...options });
}

function plain(name: string, options: CardOptions = {}): string {
  return renderPlainText(render(name, options));
}

function json(message: SlackMessage): string {
  return JSON.stringify(message);
}

function buttons(message: SlackMessage): { action_id: string; value?: string; url?: string; text: string }[] {
  const actions = message.blocks.find((b) => b.type === 'actions');
  if (actions?.type !== 'actions') return [];
  return actions.elements.map((e) => {
    const b = e as { action_id: string; value?: string; url?: string; text: { text: string } };
    return { action_id: b.action_id, value: b.value, url: b.url, text: b.text.text };
  });
}

describe('every fixture', () => {
  for (const locale of ['en', 'zh-CN'] as Locale[]) {
    for (const name of FIXTURE_NAMES) {
      it(`${name} (${locale}) fits Block Kit and matches its snapshot`, () => {
        const message = render(name, { locale, consoleUrl: CONSOLE });
        expect(checkMessage(message)).toEqual([]);
        expect(message.text.length).toBeGreaterThan(0);
        // Progress is always there, in words.
        expect(plain(name, { locale })).toMatch(
          locale === 'en' ? /Progress: (stage \d+ of|not started ·) \d+/ : /(第 \d+ 步|未开始)，共 \d+ 步/,
        );
        expect(message).toMatchSnapshot();
      });
    }
  }

  it('never shows params values, stage params, scripts, Dockerfiles or webhook URLs', () => {
    for (const name of FIXTURE_NAMES) {
      const out = json(render(name, { consoleUrl: CONSOLE }));
      for (const secret of [
        'SECRET',
        'SYS_TIMESTAMP',
        'jenkins_shell',
        'mvn package',
        'go build',
        'FROM ',
        'dockerfile',
        'webhook',
        '/v2/manage/webhooks',
        'gitee.com',
        'github.com',
        '201901211131274006',
        'kubeconfig',
      ]) {
        expect(out, `${name} shows ${secret}`).not.toContain(secret);
      }
    }
  });
});

describe('running pipeline', () => {
  it('says stage 2 of 4, started 12 min ago, and what runs now', () => {
    const text = plain('running');
    expect(text).toContain('Progress: stage 2 of 4');
    expect(text).toContain('Started 12 min ago');
    expect(text).toContain('updated 1 min ago');
    expect(text).toMatch(/2\. compile · build — running for 3 min {2}← current/);
    expect(text).toContain('1. checkout · source — succeeded in 8 min 59 s');
    expect(text).toContain('3. image · image build — not started');
    expect(render('running').text).toBe("🔄 build-api is running · stage 2 of 4 'compile'");
  });

  it('lets Slack keep counting: a live {ago} date with the date-fns text as fallback', () => {
    const message = render('running');
    const rich = message.blocks.find((b) => b.type === 'rich_text');
    expect(JSON.stringify(rich)).toContain(
      `{"type":"date","timestamp":${Math.floor(Date.parse('2024-05-01T11:47:59.876Z') / 1000)},"format":"{ago}","fallback":"12 min ago"}`,
    );
  });

  it('makes the current stage stand out in bold', () => {
    expect(json(render('running'))).toContain('🔄 *2. compile* · build');
  });

  it('lists folded stages as not started when status.stages is shorter', () => {
    const text = plain('stages-shorter');
    expect(text).toContain('Progress: stage 2 of 5');
    expect(text).toContain('4. canary · gray deploy — not started');
    expect(text).toContain('5. deploy-prod · deploy — not started');
  });
});

describe('pending review', () => {
  it('names the pending reviewers at the top, in bold, with the tally and the mode', () => {
    const message = render('running-review');
    const top = message.blocks[3];
    expect(top?.type).toBe('section');
    expect(JSON.stringify(top)).toContain('✋ waiting on *bob*, *carol* · 1 of 3 approved · all must approve');
    expect(plain('running-review')).toContain('1 of 3 approved · waiting on bob, carol · approved by alice');
    expect(message.text).toBe(
      "✋ deploy-web is waiting for review at stage 3 'approve release' · waiting on bob, carol",
    );
    expect((message.blocks[0] as { text: { text: string } }).text.text).toBe('✋ deploy-web');
  });

  it('mentions pending reviewers the user map knows', () => {
    const out = json(render('running-review', { mentions: { bob: 'U0BOB1234', carol: 'not-an-id' } }));
    expect(out).toContain('waiting on <@U0BOB1234>, *carol*');
  });

  it('shows who refused a review that failed', () => {
    const text = plain('refused-review');
    expect(text).toContain('Failed at stage 3 of 4 · approve release — review refused (stage error)');
    expect(text).toContain('refused by carol');
    expect(text).not.toContain('waiting on');
    expect(render('refused-review').text).toBe("❌ deploy-web failed at stage 3 'approve release'");
  });
});

describe('finished pipelines', () => {
  it('a failure is at the top, with the stage and its status in words', () => {
    const message = render('failed');
    expect(message.text).toBe("❌ build-api failed at stage 2 'compile'");
    const first = message.blocks.findIndex((b) => JSON.stringify(b).includes('Failed at stage 2 of 4 · compile'));
    const progress = message.blocks.findIndex((b) => JSON.stringify(b).includes('*Progress:* stage 2 of 4'));
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(progress);
    expect(plain('failed')).toContain('2. compile · build — runtime error after 4 min 12 s');
    expect(plain('failed')).toContain('Took 5 min 17 s');
  });

  it('a success says how long it took, overall and per stage', () => {
    const text = plain('succeeded');
    expect(text).toContain('Took 4 min 12 s');
    expect(text).toContain('succeeded in 8 s');
    expect(render('succeeded').text).toBe('✅ build-api succeeded in 4 min 12 s');
  });

  it('never shows a negative duration: the ContainerOps 8-hour zone slip leaves the real seconds', () => {
    const text = plain('containerops-example');
    expect(text).toContain('1. 源代码仓库 · source — succeeded in 7 s');
    expect(text).toContain('2. Jenkins构建-云上 · build — succeeded in 11 s');
    expect(text).toContain('3. 镜像构建 · image build — succeeded in 15 s');
    expect(text).toContain('Took 36 s');
    expect(text).not.toMatch(/(^|\s)[-−]\d/m);
  });
});

describe('not started', () => {
  it('the document example: zero times read "not started", missing entries are not started', () => {
    const text = plain('doc-example');
    expect(text).toContain('Not started');
    expect(text).toContain('1. 代码获取 · source — waiting');
    expect(text).toContain('2. 代码编译 · build — not started');
    expect(render('doc-example').text).toBe('⏳ test4 has not started');
  });

  it('is at no stage: no "stage 1 of 3", no "← current" beside "Not started"', () => {
    for (const name of ['doc-example', 'stages-null']) {
      const text = plain(name);
      expect(text).toMatch(/Progress: not started · \d+ stages/);
      expect(text).not.toContain('← current');
      expect(text).not.toMatch(/stage \d+ of/);
    }
    expect(plain('doc-example', { locale: 'zh-CN' })).toContain('进度： 未开始，共 3 步');
  });

  it('a start after `now` (a clock behind the API) says when it started, never "Not started"', () => {
    const text = plain('running', { now: new Date(NOW.getTime() - 48 * 3_600_000) });
    expect(text).not.toContain('Not started');
    expect(text).toMatch(/⏱ Started \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  });

  it('status.stages null: every stage not started', () => {
    const text = plain('stages-null');
    expect(text.match(/— not started/g)).toHaveLength(4);
  });
});

describe('long pipelines fold', () => {
  it('60 stages keep the first, current and last, and fold the rest', () => {
    const message = render('stages-60');
    const text = renderPlainText(message);
    expect(text).toContain('Progress: stage 42 of 60');
    expect(text).toContain('1. step-001');
    expect(text).toContain('42. step-042');
    expect(text).toContain('60. step-060');
    expect(text).toMatch(/⋯ \d+ more succeeded/);
    expect(text).toMatch(/⋯ \d+ more not started/);
    expect(text).toContain('✅×41 🔄 ⚪×18');
    expect(checkMessage(message)).toEqual([]);
  });

  it('200 stages keep the failed stage', () => {
    const text = plain('stages-200');
    expect(text).toContain('Failed at stage 151 of 200 · step-151 — timed out');
    expect(text).toContain('151. step-151');
    expect(text).toContain('200. step-200');
    expect(text).toMatch(/⋯ 14\d more succeeded/);
  });
});

describe('hostile names', () => {
  const message = render('hostile', { consoleUrl: CONSOLE });
  const out = json(message);

  it('escapes every name so nothing pings or links', () => {
    expect(out).not.toMatch(/<!(channel|here|everyone|subteam)/);
    expect(out).not.toContain('<https://evil');
    expect(out).not.toContain('<@U024BE7LH>');
    expect(out).toContain('&lt;!channel&gt;');
    expect(out).toContain('build &amp; test');
    expect(message.text).toContain('&lt;!channel&gt; deploy &amp;');
  });

  it('cuts a 3,000-character name and keeps emoji and Chinese', () => {
    const header = message.blocks[0] as { text: { text: string } };
    expect(header.text.text.length).toBeLessThanOrEqual(150);
    expect(header.text.text.endsWith('…')).toBe(true);
    expect(out).toContain('镜像构建 🐳');
    expect(out).toContain('王伟');
  });

  it('shows an unknown status and an unknown kind by their raw names', () => {
    expect(out).toContain('❔ 4. 镜像构建 🐳 · custom_&lt;b&gt;kind&amp; — weird&lt;status&gt;&amp; after 1 min');
  });

  it('keeps a name on one line', () => {
    expect(plain('hostile')).toContain('6. deploy newline tab · deploy');
  });
});

describe('buttons', () => {
  it('private: Refresh, Share, Watch, Open in console; each value is the id', () => {
    const b = buttons(render('running', { consoleUrl: CONSOLE }));
    expect(b.map((x) => x.action_id)).toEqual([ACTION_REFRESH, ACTION_SHARE, ACTION_WATCH, ACTION_OPEN_CONSOLE]);
    expect(b.every((x) => x.value === '41001')).toBe(true);
    expect(b[3]?.url).toBe('https://console.example.com/swr/?region=cn-north-4#/app/pipeline/41001');
  });

  it('channel: Refresh, Watch, Open in console', () => {
    const b = buttons(render('running', { consoleUrl: CONSOLE, variant: 'channel' }));
    expect(b.map((x) => x.action_id)).toEqual([ACTION_REFRESH, ACTION_WATCH, ACTION_OPEN_CONSOLE]);
  });

  it('watch: Refresh, Stop watching, Open in console, and says the card is live', () => {
    const message = render('running', { consoleUrl: CONSOLE, variant: 'watch' });
    expect(buttons(message).map((x) => x.action_id)).toEqual([ACTION_REFRESH, ACTION_UNWATCH, ACTION_OPEN_CONSOLE]);
    expect(renderPlainText(message)).toContain('[Refresh] [Stop watching] [Open in console]');
    expect(renderPlainText(message)).toContain('Live card');
  });

  it('watch of a finished run: says it changes no more, not "Live card"', () => {
    for (const name of ['succeeded', 'failed']) {
      const text = plain(name, { variant: 'watch' });
      expect(text).not.toContain('Live card');
      expect(text).toContain('This run has finished: the card no longer changes.');
    }
  });

  it('no console button without a usable template', () => {
    for (const consoleUrl of [null, undefined, 'https://console.example.com/no-id', 'javascript:alert({id})']) {
      expect(buttons(render('running', { consoleUrl })).map((x) => x.action_id)).not.toContain(ACTION_OPEN_CONSOLE);
    }
  });
});

describe('zh-CN', () => {
  it('speaks Chinese, durations included', () => {
    const text = plain('running-review', { locale: 'zh-CN' });
    expect(text).toContain('第 3 步，共 4 步');
    expect(text).toContain('开始于 30 分钟前');
    expect(text).toContain('等待 bob、carol 审核');
    expect(text).toContain('3 人中 1 人已通过');
    expect(text).toContain('需全部通过');
    expect(text).toContain('成功，用时 1 分钟 10 秒');
    expect(text).toContain('[刷新]');
    expect(render('failed', { locale: 'zh-CN' }).text).toBe('❌ build-api 在第 2 步「compile」失败');
  });
});

describe('purity', () => {
  it('the same input renders the same payload', () => {
    expect(render('stages-60')).toEqual(render('stages-60'));
  });

  it('does not change the pipeline it is given', () => {
    const pipeline = loadFixture('running-review');
    const before = JSON.stringify(pipeline);
    renderPipelineMessage(pipeline, { now: NOW, locale: 'en' });
    expect(JSON.stringify(pipeline)).toBe(before);
  });
});
