/** Finding pipeline ids in what people write, without mistaking a year or a count for one. */
import { describe, expect, it } from 'vitest';
import { containerOpsIds } from '../../src/backends/containerops/ids.js';
import { findPipelineIdsInMessage as findInMessage, type MessageLike } from '../../src/slack/message-texts.js';

/** The ids ContainerOps' syntax finds in one text (`ids` with a console template, if given). */
const extractPipelineIds = (text: string, ids = containerOpsIds()): string[] => ids.find(text);
/** The ids a message mentions, by ContainerOps' syntax unless another is given. */
const findPipelineIdsInMessage = (message: MessageLike, ids = containerOpsIds()): string[] =>
  findInMessage(message, ids);

describe('extractPipelineIds', () => {
  it.each([
    ['see pipeline 29476', ['29476']],
    ['Pipeline #29476 failed', ['29476']],
    ['pipeline id: 29476', ['29476']],
    ['pipeline_id=29476', ['29476']],
    ['the pipeline 7 again', ['7']],
    ['#29476 is stuck', ['29476']],
    ['(#29476)', ['29476']],
    ['id 29476', ['29476']],
    ['ID: 29476', ['29476']],
    ['https://console.example.com/swr/pipelines/29476/detail', ['29476']],
    ['<https://console.example.com/x?region=cn&amp;pipelineId=29476|open>', ['29476']],
    ['pipeline 29476 and #29501 then pipeline 29476', ['29476', '29501']],
    ['pipeline 0029476', ['29476']],
  ])('%j → %j', (text, ids) => {
    expect(extractPipelineIds(text)).toEqual(ids);
  });

  it.each([
    'happy 2024!',
    'build 42 is green',
    'we have 3 pipelines',
    'issue #12 (too short for a #id)',
    'id 7',
    'my-pipeline 29476',
    'orderid 29476',
    '&#12345;',
    '<#C0123456|deploys>',
    'https://example.com/#/12345',
    'pipelines are great 29476',
  ])('%j → nothing', (text) => {
    expect(extractPipelineIds(text)).toEqual([]);
  });

  it('reads the configured console URL template first', () => {
    const template = 'https://console.huaweicloud.com/swr/?region=cn-north-4#/app/pipeline/{id}/detail';
    const text = 'look: <https://console.huaweicloud.com/swr/?region=cn-north-4#/app/pipeline/29476/detail|here>';
    expect(extractPipelineIds(text, containerOpsIds(template))).toEqual(['29476']);
    expect(extractPipelineIds(text)).toEqual(['29476']);
  });

  // How long the scan takes on such text is a benchmark's question (bench/), not a test's.
  it('finds nothing in a huge run of near misses, and the one id written among them', () => {
    const nearMisses = `${'pipeline '.repeat(20_000)}#`.repeat(3);
    expect(extractPipelineIds(nearMisses)).toEqual([]);
    const pad = 'pipeline '.repeat(2_000);
    expect(extractPipelineIds(`${pad}#\n.\nsee pipeline 29476 now\n.\n${pad}#`)).toEqual(['29476']);
    expect(extractPipelineIds(`${pad}29476`)).toEqual(['29476']);
  });
});

describe('findPipelineIdsInMessage', () => {
  it('reads text, rich-text blocks (split elements joined), sections, context and attachments', () => {
    const ids = findPipelineIdsInMessage({
      text: 'pipeline 1001',
      blocks: [
        {
          type: 'rich_text',
          elements: [
            {
              type: 'rich_text_section',
              elements: [
                { type: 'text', text: 'pipeline ' },
                { type: 'text', text: '1002', style: { bold: true } },
              ],
            },
            {
              type: 'rich_text_list',
              elements: [
                {
                  type: 'rich_text_section',
                  elements: [{ type: 'link', url: 'https://c.example.com/pipelines/1003' }],
                },
              ],
            },
          ],
        },
        { type: 'section', text: { type: 'mrkdwn', text: '#1004' }, fields: [{ type: 'mrkdwn', text: 'id 1005' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'pipelineId=1006' }] },
      ],
      attachments: [
        {
          title: 'x',
          title_link: 'https://c.example.com/pipeline/1007',
          fields: [{ title: 'a', value: 'pipeline 1008' }],
        },
      ],
    });
    expect(ids).toEqual(['1001', '1002', '1003', '1004', '1005', '1006', '1007', '1008']);
  });

  it('copes with a message with no text at all', () => {
    expect(findPipelineIdsInMessage({})).toEqual([]);
    expect(findPipelineIdsInMessage({ blocks: 'not an array', attachments: [null, 3] })).toEqual([]);
  });
});
