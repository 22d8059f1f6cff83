#!/usr/bin/env node
// CI: `npm audit --omit=dev --audit-level=high` on what production installs, printed in full. It fails CI only on a
// real high or critical finding; when the registry's audit endpoint cannot be reached (offline, a mirror without
// /-/npm/v1/security, a 405 or 5xx) it says so and passes: an unreachable endpoint is no finding.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = null;
}
const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const why = report?.message ?? report?.error?.summary ?? (run.error ? run.error.message : run.stderr.trim());
  console.log(`== npm audit: the registry's audit endpoint could not be reached (${why || 'no answer'}); skipped`);
  process.exit(0);
}
const human = spawnSync('npm', ['audit', '--omit=dev'], { encoding: 'utf8', timeout: 120_000 });
process.stdout.write(human.stdout);
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(
  `== npm audit (production dependencies): ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ` +
    `${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`,
);
process.exit(serious > 0 ? 1 : 0);
