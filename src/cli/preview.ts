/**
 * Preview a pipeline card in the terminal (`npm run preview -- --help` says it all):
 *
 *   npm run preview -- <id>               fetch with the configured client (the simulator when SWR_ENDPOINT is unset)
 *   npm run preview -- --file <path>      a pipeline saved from SWR: YAML as SWR sends it, or JSON
 *   options: --now <ISO time>  --locale en|zh-CN  --json (print exactly { "text", "blocks" } and nothing else)
 *
 * It speaks as a command-line tool: a bad file or id exits non-zero with one sentence on stderr naming what to
 * change (never "try /pipeline <name>", which is Slack's). Logs go to stderr so `--json` stays clean.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import dotenv from 'dotenv';
import { parsePipeline, toPipelineRun } from '../backends/containerops/index.js';
import { tryDecodeBody } from '../backends/huawei/body.js';
import { type BackendSettings, openBackend } from '../backends/open-backend.js';
import { endpointWords } from '../backends/settings-words.js';
import { describeBackendFailure } from '../backends/startup-check.js';
import type { ToolConfig } from '../config.js';
import { ConfigError, loadToolConfig } from '../config.js';
import { BackendError, isBackendError } from '../domain/backend-error.js';
import { LOCALES, type Locale } from '../domain/locale.js';
import type { PipelineRun } from '../domain/pipeline.js';
import { createLogger } from '../log.js';
import { renderPipelineMessage } from '../render/pipeline-card.js';
import { renderPlainText } from '../render/plain-text.js';
import type { SlackMessage } from '../render/types.js';
import { stopQuietlyWhenStdoutCloses } from './closed-pipe.js';
import { PREVIEW_USAGE, previewHelp, SAVE_PIPELINE_LINE } from './help-texts.js';

stopQuietlyWhenStdoutCloses();

const USAGE = PREVIEW_USAGE;

/** A failure the CLI reports in one line on stderr, with its exit code. */
class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

interface CliArgs {
  id: string | null;
  file: string | null;
  now: Date;
  /** Whether `--now` was given (else `now` is the wall clock). */
  nowGiven: boolean;
  locale: Locale | null;
  json: boolean;
}

function readArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: {
        file: { type: 'string' };
        now: { type: 'string' };
        locale: { type: 'string' };
        json: { type: 'boolean' };
        help: { type: 'boolean'; short: 'h' };
      };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        file: { type: 'string' },
        now: { type: 'string' },
        locale: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (err) {
    throw new CliError(`${err instanceof Error ? err.message : String(err)}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) throw new CliError(previewHelp().trimEnd(), 0);
  const file = values.file ?? null;
  const id = positionals[0] ?? null;
  if (positionals.length > 1) throw new CliError(`expected one pipeline id, got ${positionals.length}\n${USAGE}`, 2);
  if ((file === null) === (id === null)) throw new CliError(`give either a pipeline id or --file <path>\n${USAGE}`, 2);
  const now = values.now === undefined ? new Date() : new Date(values.now);
  if (Number.isNaN(now.getTime()))
    throw new CliError(`--now must be an ISO time like 2024-05-01T12:00:00Z (got "${values.now}")`, 2);
  let locale: Locale | null = null;
  if (values.locale !== undefined) {
    const match = LOCALES.find((l) => l.toLowerCase() === values.locale?.toLowerCase());
    if (!match) throw new CliError(`--locale must be one of ${LOCALES.join(', ')} (got "${values.locale}")`, 2);
    locale = match;
  }
  return { id, file, now, nowGiven: values.now !== undefined, locale, json: values.json ?? false };
}

/** The tool config, or a default one when `--file` needs nothing from the environment and it is invalid. */
function toolConfig(needSwr: boolean): ToolConfig | null {
  try {
    return loadToolConfig(process.env);
  } catch (err) {
    if (needSwr && err instanceof ConfigError) throw new CliError(err.message);
    if (needSwr) throw err;
    return null;
  }
}

async function pipelineFromFile(path: string, consoleUrlTemplate: string | null): Promise<PipelineRun> {
  let body: string;
  try {
    body = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`);
  }
  // SWR answers YAML unless asked for JSON: a saved answer is read either way, as the client reads it.
  const raw = tryDecodeBody(body);
  if (raw === undefined) {
    throw new CliError(
      `${path} is neither YAML nor JSON. Save a pipeline as SWR sends it with:\n  ${SAVE_PIPELINE_LINE}`,
    );
  }
  try {
    return toPipelineRun(parsePipeline(raw), consoleUrlTemplate);
  } catch (err) {
    const why = isBackendError(err) ? (err.detail ?? err.message) : String(err);
    throw new CliError(
      `${path} is not a pipeline (the body of GET /v3/manage/pipelines/{id}): ${why}. Save one with:\n  ${SAVE_PIPELINE_LINE}`,
    );
  }
}

/** A failed read in a command-line user's words: what to type or set instead. */
function cliFailure(error: BackendError, id: string, settings: BackendSettings, simulated: boolean): string {
  const list = simulated ? ' `npm run preview -- --help` lists the simulator’s pipelines.' : '';
  if (error.kind === 'invalid_id') {
    const shape = settings.kind === 'codearts' ? '32 letters and digits' : 'a number, like 29501';
    return `${id} is not a pipeline id: an id is ${shape}.${list}`;
  }
  if (error.kind === 'not_found') {
    return `Pipeline ${id} was not found at ${endpointWords(settings)}, or its account cannot see it.${list}`;
  }
  return describeBackendFailure(settings, error);
}

async function main(argv: string[]): Promise<void> {
  const args = readArgs(argv);
  const config = toolConfig(args.file === null);
  const locale = args.locale ?? config?.locale ?? 'en';
  const print = (message: SlackMessage) => {
    process.stdout.write(
      args.json
        ? `${JSON.stringify({ text: message.text, blocks: message.blocks }, null, 2)}\n`
        : `${renderPlainText(message)}\n`,
    );
  };
  const options = {
    now: args.now,
    locale,
    mentions: config?.slackUserMap ?? {},
    refreshedAt: args.now,
  };
  if (args.file !== null) {
    const consoleUrlTemplate = config?.backend.kind === 'containerops' ? config.backend.consoleUrlTemplate : null;
    print(renderPipelineMessage(await pipelineFromFile(args.file, consoleUrlTemplate), options));
    return;
  }
  const id = args.id ?? '';
  if (!config) throw new CliError('no configuration');
  // Logs to stderr, warnings only: stdout belongs to the card.
  const logger = createLogger({ level: 'warn', write: (line) => process.stderr.write(`${line}\n`) });
  // Port 0: the CLI's own simulator must not collide with one the bot or `npm run simulator` already holds.
  // `--now` is the simulator's clock too: its pipelines are where they would be then, not where they are now.
  const simulatorNow = args.nowGiven ? () => args.now.getTime() : undefined;
  const opened = await openBackend({ ...config.backend, simulatorPort: 0 }, logger, { simulatorNow });
  if (opened.simulatorUrl !== null && !args.json) {
    const endpoint = config.backend.kind === 'codearts' ? 'CODEARTS_ENDPOINT' : 'SWR_ENDPOINT';
    process.stderr.write(`(${endpoint} is not set: pipeline ${id} comes from the built-in simulator)\n`);
  }
  try {
    const pipelineId = opened.backend.ids.parse(id);
    const pipeline = await (pipelineId === null
      ? Promise.reject(new BackendError('invalid_id'))
      : opened.backend.getRun(pipelineId));
    print(renderPipelineMessage(pipeline, options));
  } catch (err) {
    if (!isBackendError(err)) throw err;
    throw new CliError(cliFailure(err, id, config.backend, opened.simulatorUrl !== null));
  } finally {
    await opened.close();
  }
}

dotenv.config({ quiet: true });
main(process.argv.slice(2)).then(
  () => {
    process.exitCode = 0;
  },
  (err: unknown) => {
    if (err instanceof CliError) {
      (err.exitCode === 0 ? process.stdout : process.stderr).write(`${err.message}\n`);
      process.exitCode = err.exitCode;
      return;
    }
    process.stderr.write(`preview failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
