/** `npm run simulator`: starts the SWR simulator from `SIMULATOR_*` settings and prints how to use it. */

import { formatBanner } from '../backends/containerops/simulator/banner.js';
import { startSimulator } from '../backends/containerops/simulator/server.js';
import { ConfigError, loadSimulatorConfig } from '../config.js';
import { createLogger } from '../log.js';
import { isAddressInUse } from '../startup-error.js';
import { stopQuietlyWhenStdoutCloses } from './closed-pipe.js';
import { asksForHelp, simulatorHelp } from './help-texts.js';

stopQuietlyWhenStdoutCloses();

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (asksForHelp(argv)) {
    process.stdout.write(simulatorHelp());
    return;
  }
  if (argv.length > 0) {
    process.stderr.write(
      `unknown argument ${argv[0]}: its settings are environment variables (npm run simulator -- --help)\n`,
    );
    process.exit(2);
  }
  const config = loadSimulatorConfig(process.env);
  const logger = createLogger({ level: config.logLevel, secrets: [] });
  const sim = await startSimulator({
    host: config.host,
    port: config.port,
    speed: config.speed,
    token: config.token,
    extraRunningPipelines: config.bulk,
    logger,
  });
  process.stdout.write(formatBanner(sim, config.speed));
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('simulator stopping', { signal });
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
  } else if (isAddressInUse(err)) {
    process.stderr.write(`The simulator's port is in use: set SIMULATOR_PORT to another port (0 picks a free one).\n`);
  } else {
    process.stderr.write(`The simulator could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
