/**
 * `npx tsx src/backends/codearts/simulator/main.ts`: starts the CodeArts simulator and prints how to use it.
 * Settings: `CODEARTS_SIMULATOR_PORT` (8098; 0 picks a free one), `CODEARTS_SIMULATOR_HOST` (127.0.0.1),
 * `CODEARTS_SIMULATOR_SPEED` (1), `LOG_LEVEL`.
 */
import { createLogger, LOG_LEVELS, type LogLevel } from '../../../log.js';
import { formatCodeArtsBanner } from './banner.js';
import { startCodeArtsSimulator } from './server.js';

function setting(name: string, fallback: string): string {
  const value = process.env[name]?.trim();
  return value ? value : fallback;
}

async function main(): Promise<void> {
  const port = Number(setting('CODEARTS_SIMULATOR_PORT', '8098'));
  const speed = Number(setting('CODEARTS_SIMULATOR_SPEED', '1'));
  const level = setting('LOG_LEVEL', 'info');
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('CODEARTS_SIMULATOR_PORT is not a port');
  if (!(speed > 0)) throw new Error('CODEARTS_SIMULATOR_SPEED must be a number above 0');
  const logger = createLogger({ level: LOG_LEVELS.includes(level as LogLevel) ? (level as LogLevel) : 'info' });
  const sim = await startCodeArtsSimulator({
    port,
    speed,
    host: setting('CODEARTS_SIMULATOR_HOST', '127.0.0.1'),
    logger,
  });
  process.stdout.write(formatCodeArtsBanner(sim, speed));
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const inUse = err instanceof Error && (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
  const reason = inUse
    ? 'its port is in use (set CODEARTS_SIMULATOR_PORT)'
    : err instanceof Error
      ? err.message
      : String(err);
  process.stderr.write(`The CodeArts simulator could not start: ${reason}\n`);
  process.exit(1);
});
