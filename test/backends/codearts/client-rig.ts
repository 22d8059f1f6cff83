/**
 * The CodeArts client against the CodeArts simulator over real HTTP: one simulator per test file (reset before
 * each test), a hand-driven clock both read, clients with short timeouts and no cache unless asked, and a logger
 * whose lines are kept for assertions and handed to the secret audit.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type CodeArtsClientOptions, createCodeArtsClient } from '../../../src/backends/codearts/client.js';
import { type CodeArtsSimulator, startCodeArtsSimulator } from '../../../src/backends/codearts/simulator/server.js';
import { SIM_DOMAIN, type SimUser } from '../../../src/backends/codearts/simulator/users.js';
import type { HuaweiAuth } from '../../../src/backends/huawei/auth/authenticator.js';
import type { PersonalCredential, PipelineBackend } from '../../../src/domain/backend.js';
import { createLogger } from '../../../src/log.js';
import { recordOutput, registerSecret } from '../../helpers/secret-audit.js';
import { T0 } from './helpers.js';

/** The IAM token call's path (the simulator serves it too). */
export const IAM_PATH = '/v3/auth/tokens';

/** The running simulator and its clock. */
export interface Rig {
  sim(): CodeArtsSimulator;
  /** Sets both clocks to `T0 + seconds`. */
  at(seconds: number): void;
  now(): number;
  /** Every log line the clients of this test wrote, parsed. */
  lines(): Record<string, unknown>[];
  /** A client on the simulator (alice's token, no cache, no retries, 2 s timeout unless `options` say otherwise). */
  client(options?: Partial<CodeArtsClientOptions>): PipelineBackend;
  user(name: string): SimUser;
}

/** Starts one simulator for the file; resets it and the clock before each test. */
export function codeArtsRig(): Rig {
  let sim: CodeArtsSimulator | null = null;
  let now = T0;
  let lines: string[] = [];
  beforeAll(async () => {
    sim = await startCodeArtsSimulator({ port: 0, now: () => now });
    for (const user of sim.users) {
      registerSecret(`CodeArts token of ${user.name}`, user.token);
      registerSecret(`CodeArts password of ${user.name}`, user.password);
      registerSecret(`CodeArts secret key of ${user.name}`, user.secretKey);
    }
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    now = T0;
    lines = [];
    sim?.control.reset();
  });
  const running = (): CodeArtsSimulator => {
    if (!sim) throw new Error('the simulator is not running');
    return sim;
  };
  const logger = createLogger({
    level: 'debug',
    write: (line) => {
      lines.push(line);
      recordOutput('log', line);
    },
  });
  return {
    sim: running,
    at: (seconds) => {
      now = T0 + seconds * 1000;
    },
    now: () => now,
    lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    client: (options = {}) =>
      createCodeArtsClient({
        endpoint: running().url,
        projectId: running().projectId,
        auth: { kind: 'token', token: running().token },
        timeoutMs: 2_000,
        retries: 0,
        cacheMs: 0,
        retryBaseDelayMs: 5,
        logger,
        now: () => now,
        ...options,
      }),
    user: (name) => {
      const user = running().users.find((u) => u.name === name);
      if (!user) throw new Error(`no simulated user ${name}`);
      return user;
    },
  };
}

/** IAM password login as `user` (`password` to override it) against the simulator's IAM. */
export function iamAuth(sim: CodeArtsSimulator, user: SimUser, password = user.password): HuaweiAuth {
  return { kind: 'iam', endpoint: sim.url, username: user.name, password, domain: SIM_DOMAIN, project: 'cn-north-4' };
}

/** AK/SK signing as `user`, with an IAM project id sent (and signed) as `X-Project-Id`. */
export function akskAuth(user: SimUser, secretKey = user.secretKey): HuaweiAuth {
  return { kind: 'aksk', accessKey: user.accessKey, secretKey, projectId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0' };
}

/** A person's own credential: their token, or their access keys. */
export function personal(user: SimUser, kind: 'token' | 'aksk' = 'token'): PersonalCredential {
  return kind === 'token'
    ? { kind: 'token', token: user.token }
    : { kind: 'aksk', accessKey: user.accessKey, secretKey: user.secretKey, projectId: null };
}
