/**
 * The entry point (`npm start`, `npm run dev`): reads `.env` and the environment once, starts the bot, and stops
 * it gracefully on SIGTERM / SIGINT. Configuration problems end the process with one message and exit code 1;
 * no secret value is ever printed.
 */
import { config as loadDotenv } from 'dotenv';
import { type Bot, createBot, HEALTH_PATH, SLACK_EVENTS_PATH, StartupError } from '../app.js';
import { type Config, ConfigError, loadConfig, secretValues } from '../config.js';
import { createLogger, redact } from '../log.js';
import { describeSlackMode } from '../slack/config.js';

/** The secret values of the environment, removed from anything printed. */
let secrets: readonly string[] = [];

function fail(message: string): never {
  process.stderr.write(`${redact(message, secrets)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  // Only here (once): the rest of the code reads a Config, never process.env. `quiet` keeps dotenv's banner out of logs.
  loadDotenv({ quiet: true });
  const env = { ...process.env };
  secrets = secretValues(env);
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, secrets });

  let bot: Bot;
  try {
    bot = await createBot(config, { logger });
  } catch (error) {
    if (error instanceof StartupError) fail(`Cannot start: ${error.message}`);
    throw error;
  }

  let signals = 0;
  const shutdown = (signal: NodeJS.Signals): void => {
    signals += 1;
    if (signals > 1) {
      logger.warn('second signal: exiting without waiting', { signal });
      process.exit(1);
    }
    logger.info('shutting down', { signal });
    void bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);

  try {
    const { port } = await bot.start();
    if (bot.mode === 'http') {
      logger.info('listening for Slack over HTTP', {
        port,
        events: `http://localhost:${port}${SLACK_EVENTS_PATH}`,
        health: `http://localhost:${port}${HEALTH_PATH}`,
        mode: describeSlackMode(config.slack),
        simulator: bot.simulatorUrl,
      });
    } else {
      logger.info('connected to Slack in Socket Mode', {
        mode: describeSlackMode(config.slack),
        simulator: bot.simulatorUrl,
      });
    }
  } catch (error) {
    await bot.stop();
    const reason = error instanceof Error ? error.message : String(error);
    fail(`Cannot start: ${reason}`);
  }
}

main().catch((error: unknown) => {
  const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  fail(`Unexpected error: ${reason}`);
});
