/**
 * `npm run simulator:codearts`: starts the CodeArts Pipeline simulator from its `CODEARTS_SIMULATOR_*` settings and
 * prints how to use it (see src/backends/codearts/simulator/README.md).
 */
import { formatCodeArtsBanner } from '../backends/codearts/simulator/banner.js';
import { startCodeArtsSimulator } from '../backends/codearts/simulator/server.js';
import { ConfigError, loadCodeArtsSimulatorConfig } from '../config.js';
import { createLogger } from '../log.js';
import { isAddressInUse } from '../startup-error.js';
import { stopQuietlyWhenStdoutCloses } from './closed-pipe.js';
import { asksForHelp, codeArtsSimulatorHelp } from './help-texts.js';

stopQuietlyWhenStdoutCloses();

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (asksForHelp(argv)) {
    process.stdout.write(codeArtsSimulatorHelp());
    return;
  }
  if (argv.length > 0) {
    process.stderr.write(
      `unknown argument ${argv[0]}: its settings are environment variables (npm run simulator:codearts -- --help)\n`,
    );
    process.exit(2);
  }
  const config = loadCodeArtsSimulatorConfig(process.env);
  const logger = createLogger({ level: config.logLevel });
  const sim = await startCodeArtsSimulator({ port: config.port, speed: config.speed, host: config.host, logger });
  process.stdout.write(formatCodeArtsBanner(sim, config.speed));
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
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const inUse = isAddressInUse(err);
  const reason = inUse
    ? 'its port is in use (set CODEARTS_SIMULATOR_PORT to another port; 0 picks a free one)'
    : err instanceof Error
      ? err.message
      : String(err);
  process.stderr.write(`The CodeArts simulator could not start: ${reason}\n`);
  process.exit(1);
});
