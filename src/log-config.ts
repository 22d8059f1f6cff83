/** The log's one setting, `LOG_LEVEL`, for every entry point's logger (`createLogger({ level })`). */
import { configPart, oneOf, variable } from './config/env.js';
import { LOG_LEVELS, type LogLevel } from './log.js';

/** `LOG_LEVEL`: debug, info (default), warn, error. */
export const logLevelPart = configPart<LogLevel>(variable('LOG_LEVEL', oneOf(LOG_LEVELS, 'info')));
