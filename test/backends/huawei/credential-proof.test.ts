/** Proving a person's credential against the SWR simulator's IAM and SWR, over real HTTP. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCodeArtsSimulator } from '../../../src/backends/codearts/simulator/server.js';
import { SIM_DOMAIN } from '../../../src/backends/codearts/simulator/users.js';
import { reviewerKeys, reviewerLogins } from '../../../src/backends/containerops/simulator/people.js';
import { type Simulator, startSimulator } from '../../../src/backends/containerops/simulator/server.js';
import { createCredentialProver } from '../../../src/backends/huawei/auth/credential-proof.js';
import type { CredentialProver } from '../../../src/domain/credential-proof.js';
import { createLogger, silentLogger } from '../../../src/log.js';
import { recordOutput, registerSecret } from '../../helpers/secret-audit.js';

let sim: Simulator;
let prover: CredentialProver;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  prover = createCredentialProver({
    iamEndpoint: sim.url,
    project: 'cn-north-4',
    probeUrl: `${sim.url}/v3/manage/pipelines?limit=1`,
    userAgent: 'test',
    logger: silentLogger,
  });
});
afterAll(() => sim.close());

describe('proving a credential', () => {
  it('the simulator lets every review user log in and sign (zhang.wei, alice, bob)', () => {
    expect(sim.iamUsers.map((u) => u.name)).toEqual(['alice', 'zhang.wei', 'bob']);
    expect(sim.accessKeys.map((k) => k.user)).toEqual(['alice', 'zhang.wei', 'bob']);
  });

  it('a password becomes a token of that user, with its expiry; the password is not kept', async () => {
    const bob = reviewerLogins().find((u) => u.name === 'bob');
    const proof = await prover.prove({
      method: 'password',
      user: 'bob',
      password: bob?.password ?? '',
      domain: 'simulator-demo',
    });
    expect(proof).toMatchObject({
      ok: true,
      huaweiUser: 'bob',
      huaweiDomain: 'simulator-demo',
      credential: { kind: 'token' },
    });
    expect(JSON.stringify(proof)).not.toContain(bob?.password);
    if (!proof.ok || proof.credential.kind !== 'token') throw new Error('expected a token');
    expect(proof.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    // The token works at SWR as bob.
    const read = await fetch(`${sim.url}/v3/manage/pipelines/29501`, {
      headers: { 'X-Auth-Token': proof.credential.token },
    });
    expect(read.status).toBe(200);
  });

  it('a wrong password, user or account is rejected', async () => {
    for (const c of [
      { user: 'bob', password: 'wrong', domain: 'simulator-demo' },
      { user: 'nobody', password: 'bob-demo-password', domain: 'simulator-demo' },
      { user: 'bob', password: 'bob-demo-password', domain: 'other' },
    ]) {
      expect(await prover.prove({ method: 'password', ...c })).toEqual({ ok: false, failure: 'rejected' });
    }
  });

  it('a pasted token is checked at IAM, which names its user and account', async () => {
    const login = await prover.prove({
      method: 'password',
      user: 'alice',
      password: 'simulator-demo-password',
      domain: 'simulator-demo',
    });
    if (!login.ok || login.credential.kind !== 'token') throw new Error('expected a token');
    const proof = await prover.prove({ method: 'token', token: login.credential.token });
    expect(proof).toMatchObject({ ok: true, huaweiUser: 'alice', huaweiDomain: 'simulator-demo' });
    expect(await prover.prove({ method: 'token', token: 'MIInot-a-token' })).toEqual({
      ok: false,
      failure: 'rejected',
    });
  });

  it('a key pair is proven by a signed SWR read; a wrong secret is rejected', async () => {
    const zhang = reviewerKeys().find((k) => k.user === 'zhang.wei');
    const keys = { accessKey: zhang?.accessKey ?? '', secretKey: zhang?.secretKey ?? '', projectId: null };
    const proof = await prover.prove({ method: 'aksk', user: 'zhang.wei', domain: 'simulator-demo', ...keys });
    expect(proof).toMatchObject({ ok: true, huaweiUser: 'zhang.wei', credential: { kind: 'aksk' }, expiresAt: null });
    // One signed read names nobody: the IAM user id stays unknown rather than guessed.
    expect(proof).toMatchObject({ huaweiUserId: null });
    const wrong = await prover.prove({
      method: 'aksk',
      user: 'zhang.wei',
      domain: 'simulator-demo',
      ...keys,
      secretKey: 'nope',
    });
    expect(wrong).toEqual({ ok: false, failure: 'rejected' });
  });

  it('IAM down or silent: unavailable, not rejected', async () => {
    sim.control.setFault('iam', { status: 503 });
    try {
      const proof = await prover.prove({
        method: 'password',
        user: 'bob',
        password: 'bob-demo-password',
        domain: 'simulator-demo',
      });
      expect(proof).toEqual({ ok: false, failure: 'unavailable' });
    } finally {
      sim.control.setFault('iam', null);
    }
  });
});

describe('on the CodeArts simulator', () => {
  it('a CodeArts user links by password; IAM’s token check names the owner (and their IAM user id, as approvers list it)', async () => {
    const codearts = await startCodeArtsSimulator({ port: 0 });
    try {
      const onCodeArts = createCredentialProver({
        iamEndpoint: codearts.url,
        project: 'cn-north-4',
        probeUrl: `${codearts.url}/v3/manage/pipelines?limit=1`,
        userAgent: 'test',
        logger: silentLogger,
      });
      const dave = codearts.users.find((u) => u.name === 'dave');
      const proof = await onCodeArts.prove({
        method: 'password',
        user: 'dave',
        password: dave?.password ?? '',
        domain: SIM_DOMAIN,
      });
      expect(dave?.id).toMatch(/^[0-9a-f]{32}$/);
      expect(proof).toMatchObject({ ok: true, huaweiUser: 'dave', huaweiUserId: dave?.id, huaweiDomain: SIM_DOMAIN });
      if (!proof.ok || proof.credential.kind !== 'token') throw new Error('expected a token');
      expect(await onCodeArts.prove({ method: 'token', token: proof.credential.token })).toMatchObject({
        ok: true,
        huaweiUser: 'dave',
        huaweiUserId: dave?.id,
      });
    } finally {
      await codearts.close();
    }
  });
});

describe('two proofs at once', () => {
  it('each redacts its own password: an IAM that echoes it puts neither in the log', async () => {
    const passwords = ['first-person-password-1', 'second-person-password-2'];
    for (const [i, p] of passwords.entries()) registerSecret(`link password ${i + 1}`, p);
    // An IAM that refuses both logins only once both are in flight, quoting each request's password in its message.
    const waiting: { body: string; res: ServerResponse }[] = [];
    const iam = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      req.on('end', () => {
        waiting.push({ body, res });
        if (waiting.length < 2) return;
        for (const w of waiting.splice(0)) {
          w.res.writeHead(401, { 'Content-Type': 'application/json' });
          w.res.end(
            JSON.stringify({
              error: { code: 'APIGW.0301', message: `bad login: ${/"password":"([^"]*)"/.exec(w.body)?.[1]}` },
            }),
          );
        }
      });
    });
    await new Promise<void>((resolve) => iam.listen(0, '127.0.0.1', resolve));
    const lines: string[] = [];
    const logger = createLogger({
      write: (line) => {
        lines.push(line);
        recordOutput('log', line);
      },
    });
    try {
      const url = `http://127.0.0.1:${(iam.address() as AddressInfo).port}`;
      const shared = createCredentialProver({
        iamEndpoint: url,
        project: 'cn-north-4',
        probeUrl: `${url}/v3/manage/pipelines?limit=1`,
        userAgent: 'test',
        logger,
      });
      const proofs = await Promise.all(
        passwords.map((password, i) =>
          shared.prove({ method: 'password', user: `user${i}`, password, domain: 'acme' }),
        ),
      );
      expect(proofs).toEqual([
        { ok: false, failure: 'rejected' },
        { ok: false, failure: 'rejected' },
      ]);
      // The echo reached the log line (so the test can see a leak), redacted.
      expect(lines.join('\n')).toContain('bad login');
      for (const password of passwords) expect(lines.join('\n')).not.toContain(password);
    } finally {
      await new Promise((resolve) => iam.close(resolve));
    }
  });
});
