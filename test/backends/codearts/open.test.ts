/**
 * Opening the CodeArts backend: the built-in simulator when no endpoint is set (its project and token handed to the
 * client), the client alone with an endpoint, and a failed client closing the simulator it started.
 */
import { describe, expect, it } from 'vitest';
import type { CodeArtsSettings } from '../../../src/backends/codearts/config.js';
import { type CodeArtsConnection, openCodeArts } from '../../../src/backends/codearts/open.js';
import { SIM_PROJECT_ID } from '../../../src/backends/codearts/simulator/sim-ids.js';
import { openBackend } from '../../../src/backends/open-backend.js';
import type { PipelineBackend } from '../../../src/domain/backend.js';
import { type Logger, silentLogger } from '../../../src/log.js';
import { StartupError } from '../../../src/startup-error.js';

const PROJECT_ID = 'c0ffee0ddba11f00d5eedfacade12345';
const simulated: CodeArtsSettings = {
  kind: 'codearts',
  endpoint: null,
  projectId: null,
  auth: { kind: 'simulator' },
  simulatorPort: 0,
  limits: { maxBodyBytes: 2 * 1024 * 1024, maxConcurrentRequests: 8 },
};

/** A client factory that records its connection. */
function recording(): { connections: CodeArtsConnection[]; create: (c: CodeArtsConnection) => PipelineBackend } {
  const connections: CodeArtsConnection[] = [];
  return {
    connections,
    create: (connection) => {
      connections.push(connection);
      return {} as PipelineBackend;
    },
  };
}

describe('openCodeArts', () => {
  it('no endpoint: starts the built-in simulator and connects the client to it; close stops it', async () => {
    const factory = recording();
    const opened = await openCodeArts(simulated, silentLogger, factory.create);
    try {
      expect(opened.simulatorUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(factory.connections).toEqual([
        {
          endpoint: opened.simulatorUrl,
          projectId: SIM_PROJECT_ID,
          auth: { kind: 'token', token: 'codearts-token-alice' },
          simulated: true,
          logger: expect.anything(),
          limits: simulated.limits,
        },
      ]);
      expect((await fetch(`${opened.simulatorUrl}/_simulator/faults`)).status).toBe(200);
    } finally {
      await opened.close();
    }
    await expect(fetch(`${opened.simulatorUrl}/_simulator/faults`)).rejects.toThrow();
  });

  it('no endpoint, a project id: the simulator serves that project', async () => {
    const factory = recording();
    const opened = await openCodeArts({ ...simulated, projectId: PROJECT_ID }, silentLogger, factory.create);
    await opened.close();
    expect(factory.connections[0]?.projectId).toBe(PROJECT_ID);
  });

  it('an endpoint: the client alone, with the configured project and credentials', async () => {
    const factory = recording();
    const opened = await openCodeArts(
      {
        kind: 'codearts',
        endpoint: 'https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com',
        projectId: PROJECT_ID,
        auth: { kind: 'aksk', accessKey: 'ak', secretKey: 'sk', projectId: null },
        simulatorPort: 0,
        limits: { maxBodyBytes: 2 * 1024 * 1024, maxConcurrentRequests: 8 },
      },
      silentLogger,
      factory.create,
    );
    expect(opened.simulatorUrl).toBeNull();
    expect(factory.connections[0]).toMatchObject({
      endpoint: 'https://cloudpipeline-ext.cn-north-4.myhuaweicloud.com',
      projectId: PROJECT_ID,
      auth: { kind: 'aksk', accessKey: 'ak' },
      simulated: false,
      limits: { maxBodyBytes: 2 * 1024 * 1024, maxConcurrentRequests: 8 },
    });
    await opened.close();
  });

  it('through openBackend: the real client against the built-in simulator reads a run; close stops the simulator', async () => {
    const opened = await openBackend(simulated, silentLogger);
    try {
      expect(opened.backend.info).toEqual({ kind: 'codearts', simulated: true });
      const id = opened.backend.ids.parse('c87ae95a4b96141590b1cc0707da4e77');
      if (id === null) throw new Error('a CodeArts id');
      const run = await opened.backend.getRun(id);
      expect(run.name).toBe('web-portal-ci');
      expect(run.consoleUrl).toMatch(/^http:/);
    } finally {
      await opened.close();
    }
    await expect(fetch(`${opened.simulatorUrl}/_simulator/faults`)).rejects.toThrow();
  });

  it('a client that cannot be built (a project id of the wrong shape) closes the simulator it started', async () => {
    let simulatorUrl = '';
    const logger: Logger = {
      ...silentLogger,
      info: (_msg: string, fields?: Record<string, unknown>) => {
        if (typeof fields?.url === 'string') simulatorUrl = fields.url;
      },
      child: () => logger,
    };
    const failing = () => {
      throw new StartupError('codearts', 'no client');
    };
    await expect(openCodeArts(simulated, logger, failing)).rejects.toThrow(/no client/);
    expect(simulatorUrl).toMatch(/^http:/);
    await expect(fetch(`${simulatorUrl}/_simulator/faults`)).rejects.toThrow();
  });
});
