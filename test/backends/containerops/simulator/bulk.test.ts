import { describe, expect, it } from 'vitest';
import { startSimulator } from '../../../../src/backends/containerops/simulator/server.js';
import { call, getPipeline, simulatorPerTest } from './helpers.js';

const start = simulatorPerTest({ extraRunningPipelines: 2000 });

describe('bulk mode', () => {
  it('serves N always-running pipelines from id 100000, moving over time', async () => {
    const { sim, at } = await start();
    expect(sim.bulkRange).toEqual([100_000, 101_999]);
    const first = await getPipeline(sim, 100_000);
    expect(first).toMatchObject({ id: 100_000, name: 'load-test-00000', group_id: 900, group_name: 'load-test' });
    expect(first.status.status).toBe('running');
    expect(first.stages).toHaveLength(4);
    expect((await getPipeline(sim, 101_999)).status.status).toBe('running');
    expect((await call(sim, '/v3/manage/pipelines/102000')).status).toBe(404);

    const indexes = new Set<number>();
    for (let id = 100_000; id < 100_040; id += 1) indexes.add((await getPipeline(sim, id)).status.stage_index);
    expect(indexes.size).toBeGreaterThan(1);

    at(3 * 3600);
    const later = await getPipeline(sim, 100_000);
    expect(later.status.status).toBe('running');
    expect(later.status.start_time).not.toBe(first.status.start_time);
  });

  it('lists them with the group filter and pages', async () => {
    const { sim } = await start();
    const res = await call(
      sim,
      `/v3/manage/pipelines?filter=${encodeURIComponent('group_id::900')}&limit=50&offset=100`,
    );
    expect(res.headers.get('content-range')).toBe('100-50/2000');
    const items = (await res.json()) as { id: number }[];
    expect(items[0]?.id).toBe(100_100);
    const named = await call(sim, `/v3/manage/pipelines?filter=${encodeURIComponent('name::load-test-0199')}`);
    expect(named.headers.get('content-range')).toBe('0-10/10');
  });

  it('answers 2,000 GETs and keeps no per-pipeline state', async () => {
    const { sim } = await start();
    const records = sim.control.pipelineRecords();
    const ids = Array.from({ length: 2000 }, (_, i) => 100_000 + i);
    for (let i = 0; i < ids.length; i += 20) {
      const batch = ids.slice(i, i + 20).map(async (id) => {
        const res = await call(sim, `/v3/manage/pipelines/${id}`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      });
      await Promise.all(batch);
    }
    expect(sim.control.requestCount()).toBe(2000);
    // Each answer is derived from its id: serving them stored nothing (how fast is a benchmark's question).
    expect(sim.control.pipelineRecords()).toBe(records);
  });

  it('holds as many pipeline records with 50,000 bulk pipelines as with none', async () => {
    const none = await startSimulator({ port: 0 });
    const big = await startSimulator({ port: 0, extraRunningPipelines: 50_000 });
    try {
      expect(big.bulkRange).toEqual([100_000, 149_999]);
      expect(none.control.pipelineRecords()).toBe(none.scenarios.length);
      expect(big.control.pipelineRecords()).toBe(none.control.pipelineRecords());
      // Served, yet still not stored.
      expect((await getPipeline(big, 149_999)).status.status).toBe('running');
      expect(big.control.pipelineRecords()).toBe(none.control.pipelineRecords());
      // The counter is the real one: an installed pipeline is a record.
      big.control.setPipeline(149_999, { id: 149_999, name: 'installed' });
      expect(big.control.pipelineRecords()).toBe(none.control.pipelineRecords() + 1);
    } finally {
      await big.close();
      await none.close();
    }
  });
});
