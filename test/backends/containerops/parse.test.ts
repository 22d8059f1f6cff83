import { describe, expect, it } from 'vitest';
import { MISSING_STATUS, parsePipeline } from '../../../src/backends/containerops/parse.js';
import { parseTime } from '../../../src/backends/huawei/time.js';
import { BackendError } from '../../../src/domain/backend-error.js';
import { fixture } from './local-server.js';

describe('parseTime', () => {
  it.each([
    ['2019-01-21T03:31:27Z', '2019-01-21T03:31:27.000Z'],
    ['2019-01-21T03:31:27.3Z', '2019-01-21T03:31:27.300Z'],
    ['2019-01-21T03:31:27.31Z', '2019-01-21T03:31:27.310Z'],
    ['2019-01-21T03:31:27.317Z', '2019-01-21T03:31:27.317Z'],
    ['2019-01-21T03:31:27.3176Z', '2019-01-21T03:31:27.317Z'],
    ['2019-01-21T03:31:27.31765Z', '2019-01-21T03:31:27.317Z'],
    ['2019-01-21T03:31:27.317648Z', '2019-01-21T03:31:27.317Z'],
    ['2019-01-21T03:31:27.3176481Z', '2019-01-21T03:31:27.317Z'],
    ['2019-01-21T03:31:27.31764812Z', '2019-01-21T03:31:27.317Z'],
    ['2019-01-21T03:31:27.317648123Z', '2019-01-21T03:31:27.317Z'],
    ['2019-01-21T11:31:27.5+08:00', '2019-01-21T03:31:27.500Z'],
    ['2019-01-21T03:31:27', '2019-01-21T03:31:27.000Z'],
  ])('reads %s', (input, iso) => {
    expect(parseTime(input)?.toISOString()).toBe(iso);
  });

  it.each([
    '0001-01-01T00:00:00Z',
    '0001-01-01T00:00:00.000000Z',
    '',
    'yesterday',
    '2019-01-21T03:31:27.3176481234Z',
    '2019-13-45T03:31:27Z',
    null,
    undefined,
    1548041487,
  ])('gives null for %s', (input) => {
    expect(parseTime(input)).toBeNull();
  });
});

describe('parsePipeline on the API reference examples', () => {
  it('reads every field of the detail example', () => {
    const p = parsePipeline(fixture('pipeline-detail'));
    expect(p).toMatchObject({ id: 29476, name: 'test4', groupId: 812, groupName: 'default', description: '' });
    expect(p.source).toBeNull();
    expect(p.params).toEqual([
      { name: 'SYS_TIMESTAMP', value: '201901211131274006', description: '流水线时间戳' },
      { name: 'test', value: '', description: 'test' },
      { name: 'SYS_INCREMENT', value: '0', description: '流水线自增量' },
    ]);
    expect(p.preOperation?.operator).toBe('and');
    expect(p.preOperation?.triggers[0]?.webhookUrl).toBe(
      'https://registry.southchina.huaweicloud.com/v2/manage/webhooks/7648d0fe-93f4-440e-ad0f-0e095b60066d',
    );
    expect(p.stages.map((s) => [s.index, s.id, s.name, s.serviceName])).toEqual([
      [0, 31646, '代码获取', 'code_source'],
      [1, 31647, '代码编译', 'jenkins_build'],
      [2, 31648, '镜像构建', 'dockerfile_build'],
    ]);
    const build = p.stages[1];
    expect(build?.exceptionHandler).toEqual({ type: 'timeout_reset', params: { timespan: 72 } });
    expect(build?.inputResources).toEqual([
      { name: 'codeSource', type: 'code_source', description: '代码源', params: { stage_index: '0' } },
    ]);
    expect(build?.outputResources[0]?.params.local_file_path).toBe('target/SpringBoot-0.0.1-SNAPSHOT.war');
    expect(build?.review).toBeNull();

    expect(p.status.status).toBe('waiting');
    expect(p.status.stageIndex).toBe(0);
    expect(p.status.createdTime?.toISOString()).toBe('2019-01-21T03:31:27.317Z');
    expect(p.status.updatedTime?.toISOString()).toBe('2019-01-21T03:31:27.317Z');
    expect(p.status.startTime).toBeNull();
    expect(p.status.endTime).toBeNull();
    expect(p.status.preOperation?.triggersStatus).toEqual([
      { isSatisfied: false, raw: { is_satisfied: false, webhook: { input_params: {} } } },
    ]);
    // Three stages, one status entry: the shorter list is kept as sent.
    expect(p.status.stages).toHaveLength(1);
    expect(p.status.stages[0]).toEqual({
      status: 'waiting',
      startTime: null,
      endTime: null,
      preOperation: { triggersStatus: [] },
      state: {},
      reviewResults: [],
    });
  });

  it('reads the ContainerOps example: pre_operation {}, extra fields, a source, unpadded times', () => {
    const p = parsePipeline(fixture('pipeline-containerops'));
    expect(p.id).toBe(1498);
    expect(p.source).toBe('swr');
    expect(p.preOperation).toBeNull();
    expect(p.postOperation).toEqual({ media_type: '', version: '', notification: { notifications: [] } });
    expect(p.status.preOperation).toEqual({ triggersStatus: [] });
    expect(p.status.status).toBe('success');
    expect(p.status.stageIndex).toBe(2);
    expect(p.status.stages.map((s) => s.endTime?.toISOString())).toEqual([
      '2019-09-21T03:41:23.000Z',
      '2019-09-21T03:41:35.000Z',
      '2019-09-21T03:41:51.000Z',
    ]);
    expect(p.stages[2]?.params.build_way).toBe('system_custom');
  });

  it('does not change its input', () => {
    const raw = fixture('pipeline-detail');
    const copy = structuredClone(raw);
    parsePipeline(raw);
    expect(raw).toEqual(copy);
  });
});

describe('parsePipeline on loose bodies', () => {
  const base = { id: 7, name: 'p', stages: [{ id: 1, name: 's0', service_name: 'code_source' }] };

  it('treats status.stages null as empty', () => {
    const p = parsePipeline({ ...base, status: { status: 'running', stages: null } });
    expect(p.status.stages).toEqual([]);
    expect(p.stages).toHaveLength(1);
  });

  it('reads a string stage_index and a missing one', () => {
    expect(parsePipeline({ ...base, status: { stage_index: '2' } }).status.stageIndex).toBe(2);
    expect(parsePipeline({ ...base, status: {} }).status.stageIndex).toBeNull();
    expect(parsePipeline({ ...base, status: { stage_index: 'first' } }).status.stageIndex).toBeNull();
  });

  it('passes unknown statuses and service names through as data', () => {
    const p = parsePipeline({
      ...base,
      stages: [{ name: 'x', service_name: 'quantum_deploy' }],
      status: { status: 'paused_by_operator', stages: [{ status: 'teleporting' }] },
    });
    expect(p.stages[0]?.serviceName).toBe('quantum_deploy');
    expect(p.status.status).toBe('paused_by_operator');
    expect(p.status.stages[0]?.status).toBe('teleporting');
  });

  it('reads a missing status object and missing lists as empty, never crashing', () => {
    const p = parsePipeline({ id: 9 });
    expect(p).toMatchObject({ id: 9, name: '', groupId: null, params: [], stages: [], preOperation: null });
    expect(p.status).toEqual({
      status: MISSING_STATUS,
      stageIndex: null,
      createdTime: null,
      updatedTime: null,
      startTime: null,
      endTime: null,
      stages: [],
      preOperation: null,
    });
  });

  it('keeps stage indexes aligned when an entry is not an object', () => {
    const p = parsePipeline({ id: 1, stages: [null, { name: 'b' }], status: { stages: ['x', { status: 'running' }] } });
    expect(p.stages.map((s) => [s.index, s.name])).toEqual([
      [0, ''],
      [1, 'b'],
    ]);
    expect(p.status.stages.map((s) => s.status)).toEqual([MISSING_STATUS, 'running']);
  });

  it('tolerates fields the docs do not list and loose types', () => {
    const p = parsePipeline({
      id: '42',
      group_id: '812',
      shiny_new_field: { nested: true },
      params: [{ name: 'N', value: 5, description: null, is_template: true }, 'junk'],
      stages: [{ id: 'x', name: 'a', is_task: false, exception_handler: 'none' }],
    });
    expect(p.id).toBe(42);
    expect(p.groupId).toBe(812);
    expect(p.params).toEqual([{ name: 'N', value: '5', description: '' }]);
    expect(p.stages[0]?.id).toBeNull();
    expect(p.stages[0]?.exceptionHandler).toBeNull();
  });

  it('reads a review stage: mode and users from params, results from state', () => {
    const p = parsePipeline({
      id: 3,
      stages: [
        { name: 'build', service_name: 'jenkins_build', params: { review_mode: 'one' } },
        {
          name: '人工审核',
          service_name: 'test_review',
          params: {
            review_mode: 'all',
            review_users: [{ user_name: 'alice', email: 'alice@example.com' }, { user_name: 'bob' }, 'carol', {}],
          },
        },
      ],
      status: {
        stages: [
          { status: 'success' },
          {
            status: 'running',
            state: {
              review_results: [
                { user_name: 'alice', result: 'pass' },
                { user_name: 'bob', result: 'waiting' },
              ],
            },
          },
        ],
      },
    });
    expect(p.stages[0]?.review).toBeNull();
    expect(p.stages[1]?.review).toEqual({
      mode: 'all',
      users: [
        { userName: 'alice', email: 'alice@example.com' },
        { userName: 'bob', email: null },
        { userName: 'carol', email: null },
      ],
    });
    expect(p.status.stages[1]?.reviewResults).toEqual([
      { userName: 'alice', result: 'pass' },
      { userName: 'bob', result: 'waiting' },
    ]);
    expect(p.status.stages[0]?.reviewResults).toEqual([]);
  });

  it('gives a review stage without params an empty review', () => {
    const p = parsePipeline({ id: 3, stages: [{ service_name: 'test_review' }] });
    expect(p.stages[0]?.review).toEqual({ mode: null, users: [] });
  });

  it.each([
    ['null', null],
    ['an array', [{ id: 1 }]],
    ['a string', 'not found'],
    ['an object without id', { name: 'x' }],
    ['a non-numeric id', { id: 'abc' }],
    ['a fractional id', { id: 1.5 }],
  ])('throws invalid_response for %s', (_label, raw) => {
    try {
      parsePipeline(raw);
      expect.unreachable('parsePipeline accepted a non-pipeline');
    } catch (error) {
      expect(error).toBeInstanceOf(BackendError);
      expect((error as BackendError).kind).toBe('invalid_response');
      expect((error as BackendError).detail).toMatch(/^not a pipeline/);
    }
  });
});
