/** The text the CodeArts simulator prints at start: where it listens, the people and their credentials, the pipelines. */
import type { CodeArtsSimulator } from './server.js';

/** The start-up banner for `sim`. */
export function formatCodeArtsBanner(sim: CodeArtsSimulator, speed: number): string {
  const nameWidth = Math.max(...sim.scenarios.map((s) => s.name.length));
  const lines = [
    `CodeArts Pipeline simulator listening on ${sim.url}${speed === 1 ? '' : `  (speed ×${speed})`}`,
    `Project id: ${sim.projectId}   (paths: ${sim.url}/v5/${sim.projectId}/api/pipelines/…)`,
    '',
    'People (demo credentials; each acts as themself):',
    ...sim.users.map(
      (u) =>
        `  ${u.name.padEnd(6)} id ${u.id}  token ${u.token}  password ${u.password}  AK ${u.accessKey} / SK ${u.secretKey}`,
    ),
    '',
    'Pipelines (ids are stable; times are from the simulator start):',
    ...sim.scenarios.map((s) => `  ${s.id}  ${s.name.padEnd(nameWidth)}  ${s.summary}`),
    '',
    `Inject a fault: curl -X POST ${sim.url}/_simulator/faults/all -d '{"status":429,"retryAfterSeconds":5,"times":2}'`,
    `Clear it:       curl -X DELETE ${sim.url}/_simulator/faults/all`,
    'Ctrl-C stops it.',
  ];
  return `${lines.join('\n')}\n`;
}
