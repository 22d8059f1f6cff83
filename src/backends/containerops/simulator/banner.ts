/**
 * The text `npm run simulator` prints: where it listens, which token, login and access keys to use, the pipelines,
 * and the env lines to paste.
 */
import type { Simulator } from './server.js';

/** The start-up banner for `sim`. */
export function formatBanner(sim: Simulator, speed: number): string {
  const idWidth = Math.max(...sim.scenarios.map((s) => String(s.id).length));
  const nameWidth = Math.max(...sim.scenarios.map((s) => s.name.length));
  const lines = [
    `SWR pipeline simulator listening on ${sim.url}${speed === 1 ? '' : `  (speed ×${speed})`}`,
    '',
    `Token: ${sim.token}  (belongs to SWR user "${sim.tokenUser}")`,
    ...sim.iamUsers.map((u) => `IAM login: user ${u.name} / password ${u.password} / domain ${u.domain}`),
    ...sim.accessKeys.map(
      (k) => `AK/SK:     access key ${k.accessKey} / secret key ${k.secretKey}  (belongs to SWR user "${k.user}")`,
    ),
    '',
    'Pipelines (ids are stable; times are from the simulator start):',
    ...sim.scenarios.map((s) => `  ${String(s.id).padEnd(idWidth)}  ${s.name.padEnd(nameWidth)}  ${s.summary}`),
  ];
  if (sim.bulkRange) {
    lines.push(`  ${sim.bulkRange[0]}–${sim.bulkRange[1]}  load-test-NNNNN  bulk pipelines, always running`);
  }
  lines.push(
    '',
    'Point the bot at it (paste into .env):',
    `  SWR_ENDPOINT=${sim.url}`,
    `  SWR_AUTH_TOKEN=${sim.token}`,
  );
  const key = sim.accessKeys[0];
  if (key) {
    lines.push(
      'or, to sign requests with AK/SK instead (no SWR_AUTH_TOKEN then):',
      `  SWR_ENDPOINT=${sim.url}`,
      `  HUAWEI_ACCESS_KEY=${key.accessKey}`,
      `  HUAWEI_SECRET_KEY=${key.secretKey}`,
    );
  }
  lines.push(
    '',
    `Inject a fault: curl -X POST ${sim.url}/_simulator/faults/29503 -d '{"status":500,"times":2}'`,
    `Clear it:       curl -X DELETE ${sim.url}/_simulator/faults/29503`,
    'Ctrl-C stops it.',
  );
  return `${lines.join('\n')}\n`;
}
