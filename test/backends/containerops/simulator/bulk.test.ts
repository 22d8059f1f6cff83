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

  it('answers 2,000 GETs quickly and keeps no per-pipeline state', async () => {
    const { sim } = await start();
    const started = performance.now();
    const ids = Array.from({ length: 2000 }, (_, i) => 100_000 + i);
    for (let i = 0; i < ids.length; i += 20) {
      const batch = ids.slice(i, i + 20).map(async (id) => {
        const res = await call(sim, `/v3/manage/pipelines/${id}`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      });
      await Promise.all(batch);
    }
    // Generous for a shared 2-core machine; locally it takes a few hundred ms.
    expect(performance.now() - started).toBeLessThan(8000);
    expect(sim.control.requestCount()).toBe(2000);
  });

  it('costs about the same memory for 50,000 bulk pipelines as for none', async () => {
    global.gc?.();
    const before = process.memoryUsage().heapUsed;
    const big = await startSimulator({ port: 0, extraRunningPipelines: 50_000 });
    const after = process.memoryUsage().heapUsed;
    await big.close();
    expect(after - before).toBeLessThan(5 * 1024 * 1024);
  });
});
