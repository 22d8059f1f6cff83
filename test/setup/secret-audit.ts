/**
 * Runs before every test file (vitest `setupFiles`): turns the secret audit on, declares the secrets every bot
 * under test may hold (harnesses add their own), records what the test process prints, and fails the file when it
 * ends if a secret appeared in any log line, Slack request body or printed line. See `../helpers/secret-audit.ts`.
 */
import { afterAll } from 'vitest';
import { DEFAULT_SIMULATOR_TOKEN } from '../../src/backends/containerops/simulator/config.js';
import { DEMO_ACCESS_KEY } from '../../src/backends/huawei/simulator/aksk.js';
import { DEMO_IAM_USER } from '../../src/backends/huawei/simulator/iam.js';
import { enableSecretAudit, findLeaks, recordOutput, registerSecret, takeRecorded } from '../helpers/secret-audit.js';

enableSecretAudit();
registerSecret('SWR_AUTH_TOKEN (the simulator’s)', DEFAULT_SIMULATOR_TOKEN);
registerSecret('SWR_PASSWORD (the simulator’s IAM user)', DEMO_IAM_USER.password);
registerSecret('HUAWEI_SECRET_KEY (the simulator’s)', DEMO_ACCESS_KEY.secretKey);

for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  const where = stream === process.stdout ? 'stdout' : 'stderr';
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    recordOutput(where, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

afterAll(() => {
  const { outputs, secrets } = takeRecorded();
  const leaks = findLeaks(outputs, secrets);
  if (leaks.length > 0) {
    const where = leaks.map((leak) => `${leak.secret} in ${leak.where}`).join('; ');
    throw new Error(`secret audit: a secret left the bot (${where})`);
  }
});
