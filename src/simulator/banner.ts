/** The text `npm run simulator` prints: where it listens, which token to use, the pipelines, the env lines. */
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
    '',
    `Inject a fault: curl -X POST ${sim.url}/_simulator/faults/29503 -d '{"status":500,"times":2}'`,
    `Clear it:       curl -X DELETE ${sim.url}/_simulator/faults/29503`,
    'Ctrl-C stops it.',
  );
  return `${lines.join('\n')}\n`;
}
