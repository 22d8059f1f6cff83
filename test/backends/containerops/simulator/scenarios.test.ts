import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCENARIO_IDS } from '../../../../src/backends/containerops/simulator/scenarios.js';
import type { Simulator } from '../../../../src/backends/containerops/simulator/server.js';
import { getPipeline, ms, simulatorPerTest, T0, type TestSimulator } from './helpers.js';

const startSimulator = simulatorPerTest();
const start = (speed?: number): Promise<TestSimulator> => startSimulator(speed === undefined ? {} : { speed });

const param = (p: Awaited<ReturnType<typeof getPipeline>>, name: string) =>
  p.params.find((x) => x.name === name)?.value;

describe('review scenario (29501)', () => {
  it('waits on the test_review stage with one pass and two pending reviewers, for as long as nobody reviews', async () => {
    const { sim, at } = await start();
    for (const seconds of [0, 3600, 86_400]) {
      at(seconds);
      const p = await getPipeline(sim, SCENARIO_IDS.review);
      expect(p.name).toBe('payment-release');
      expect(p.status.status).toBe('running');
      expect(p.status.stage_index).toBe(3);
      expect(p.status.end_time).toBe('0001-01-01T00:00:00Z');
      expect(p.status.stages?.map((s) => s.status)).toEqual(['success', 'success', 'success', 'waiting']);
      expect(p.status.stages?.[3]?.state?.review_results).toEqual([
        { user_name: 'zhang.wei', result: 'pass' },
        { user_name: 'alice', result: 'waiting' },
        { user_name: 'bob', result: 'waiting' },
      ]);
      expect(p.status.stages?.[3]?.end_time).toBe('0001-01-01T00:00:00Z');
    }
    const p = await getPipeline(sim, SCENARIO_IDS.review);
    expect(p.stages[3]?.service_name).toBe('test_review');
    expect(p.stages[3]?.params.review_mode).toBe('all');
    expect(p.stages[3]?.params.review_users).toEqual([
      { user_name: 'zhang.wei', email: 'zhang.wei@example.com' },
      { user_name: 'alice', email: 'alice@example.com' },
      { user_name: 'bob', email: 'bob@example.com' },
    ]);
    expect(p.stages).toHaveLength(5);
    // Started 410 s (plus sub-second stage jitter) before the simulator.
    expect(T0 - ms(p.status.start_time)).toBe(410_000);
  });
});

describe('failing scenario (29502)', () => {
  it('runs, fails in the jenkins_build stage, never reaches the later stages, and reruns after 600 s', async () => {
    const { sim, at } = await start();
    at(30);
    let p = await getPipeline(sim, SCENARIO_IDS.failing);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 1 });
    expect(p.status.stages?.map((s) => s.status)).toEqual(['success', 'running']);
    expect(p.stages[1]?.service_name).toBe('jenkins_build');

    at(100);
    p = await getPipeline(sim, SCENARIO_IDS.failing);
    expect(p.status).toMatchObject({ status: 'runtime_exception', stage_index: 1 });
    expect(p.status.stages?.map((s) => s.status)).toEqual(['success', 'runtime_exception']);
    expect(p.stages).toHaveLength(4);
    const failedAt = ms(p.status.end_time);
    expect(failedAt - T0).toBeGreaterThan(65_000);
    expect(failedAt - T0).toBeLessThan(67_000);
    expect(ms(p.status.stages?.[1]?.end_time ?? '')).toBe(failedAt);
    expect(param(p, 'SYS_INCREMENT')).toBe('211');

    at(700);
    p = await getPipeline(sim, SCENARIO_IDS.failing);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 1 });
    expect(ms(p.status.start_time)).toBe(failedAt + 600_000);
    expect(param(p, 'SYS_INCREMENT')).toBe('212');
  });
});

describe('succeeding scenario (29503)', () => {
  it('goes source → build → image → deploy → success, then starts a new run after the idle pause', async () => {
    const { sim, at } = await start();
    let p = await getPipeline(sim, SCENARIO_IDS.succeeding);
    expect(p.stages.map((s) => s.service_name)).toEqual([
      'code_source',
      'jenkins_build',
      'dockerfile_build',
      'official_deploy',
    ]);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 1 });
    const firstStart = p.status.start_time;
    expect(T0 - ms(firstStart)).toBe(30_000);
    const updatedEarly = p.status.updated_time;

    at(60);
    p = await getPipeline(sim, SCENARIO_IDS.succeeding);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 3 });
    expect(p.status.updated_time).not.toBe(updatedEarly);

    at(100);
    p = await getPipeline(sim, SCENARIO_IDS.succeeding);
    expect(p.status).toMatchObject({ status: 'success', stage_index: 3, start_time: firstStart });
    expect(p.status.stages?.map((s) => s.status)).toEqual(['success', 'success', 'success', 'success']);
    const end = ms(p.status.end_time);
    expect(end - T0).toBeGreaterThan(70_000);
    expect(end - T0).toBeLessThan(74_000);
    expect(ms(p.status.updated_time)).toBe(end);
    expect(param(p, 'SYS_INCREMENT')).toBe('5');

    at(200);
    p = await getPipeline(sim, SCENARIO_IDS.succeeding);
    expect(p.status.status).toBe('running');
    expect(ms(p.status.start_time)).toBe(end + 60_000);
    expect(p.status.end_time).toBe('0001-01-01T00:00:00Z');
    expect(param(p, 'SYS_INCREMENT')).toBe('6');
  });

  it('moves `speed` times faster', async () => {
    const { sim, at } = await start(10);
    at(8);
    const p = await getPipeline(sim, SCENARIO_IDS.succeeding);
    expect(p.status.status).toBe('success');
    expect(T0 - ms(p.status.start_time)).toBe(3000);
  });

  it('carries realistic definitions: params with values, scripts, Dockerfile, webhook trigger, group', async () => {
    const { sim } = await start();
    const p = await getPipeline(sim, SCENARIO_IDS.succeeding);
    expect(p).toMatchObject({ group_id: 812, group_name: 'default' });
    expect(param(p, 'SYS_TIMESTAMP')).toMatch(/^\d{18}$/);
    expect(p.params.map((x) => x.name)).toContain('SYS_INCREMENT');
    expect(p.stages[1]?.params.jenkins_shell).toBe('npm ci\nnpm run build');
    expect(String(p.stages[2]?.params.dockerfile_content)).toMatch(/^FROM nginx/);
    expect(p.pre_operation.triggers[0]?.webhook?.url).toMatch(
      /^https:\/\/swr\.cn-north-4\.myhuaweicloud\.com\/v2\/manage\/webhooks\/[0-9a-f-]{36}$/,
    );
  });
});

describe('the document example (29476)', () => {
  it('is served exactly as the document gives it, whatever the time', async () => {
    const { sim, at } = await start();
    const expected: unknown = JSON.parse(readFileSync('/work/shared/api/example-response.json', 'utf8'));
    expect(await getPipeline(sim, 29476)).toEqual(expected);
    at(86_400);
    const p = await getPipeline(sim, 29476);
    expect(p).toEqual(expected);
    expect(p.status.stages).toHaveLength(1);
    expect(p.status.start_time).toBe('0001-01-01T00:00:00Z');
  });
});

describe('Chinese names (29504)', () => {
  it('is running with Chinese stage and group names', async () => {
    const { sim, at } = await start();
    let p = await getPipeline(sim, SCENARIO_IDS.chinese);
    expect(p.stages.map((s) => s.name)).toEqual(['代码获取', '代码编译', '镜像构建', '部署到测试环境']);
    expect(p).toMatchObject({ name: 'order-service', group_name: '电商平台' });
    expect(p.status).toMatchObject({ status: 'running', stage_index: 1 });
    at(700);
    p = await getPipeline(sim, SCENARIO_IDS.chinese);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 2 });
  });
});

describe('sixty stages (29505)', () => {
  it('is running at stage 10 at start and only lists the stages reached', async () => {
    const { sim, at } = await start();
    let p = await getPipeline(sim, SCENARIO_IDS.sixtyStages);
    expect(p.stages).toHaveLength(60);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 10 });
    expect(p.status.stages).toHaveLength(11);
    at(1500);
    p = await getPipeline(sim, SCENARIO_IDS.sixtyStages);
    expect(p.status).toMatchObject({ status: 'running', stage_index: 59 });
    at(1600);
    p = await getPipeline(sim, SCENARIO_IDS.sixtyStages);
    expect(p.status.status).toBe('success');
    expect(p.status.stages).toHaveLength(60);
  });
});

describe('banner facts', () => {
  it('lists every scenario with a one-line summary', async () => {
    const { sim } = await start();
    const s: Simulator = sim;
    expect(s.scenarios.map((x) => x.id)).toEqual([29501, 29502, 29503, 29476, 29504, 29505]);
    for (const x of s.scenarios) expect(x.summary).not.toContain('\n');
  });
});
