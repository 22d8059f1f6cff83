/**
 * What `--help` prints for the command-line tools: every option with what it does, and the simulators' pipelines
 * (their ids are what a newcomer types first). Built from the scenario tables, so the help never lists a pipeline
 * the simulator does not have.
 */
import { builtInScenarios as codeArtsScenarios } from '../backends/codearts/simulator/scenarios.js';
import { DEFAULT_SIMULATOR_TOKEN } from '../backends/containerops/simulator/config.js';
import { builtInScenarios, scenarioId, scenarioName } from '../backends/containerops/simulator/scenarios.js';

/** The SWR simulator's pipelines, one line each: id, name, what it shows. */
export function swrScenarioLines(): string[] {
  const scenarios = builtInScenarios();
  const width = Math.max(...scenarios.map((s) => scenarioName(s).length));
  return scenarios.map((s) => `  ${scenarioId(s)}  ${scenarioName(s).padEnd(width)}  ${s.summary}`);
}

function codeArtsScenarioLines(): string[] {
  const scenarios = codeArtsScenarios();
  const width = Math.max(...scenarios.map((s) => s.name.length));
  return scenarios.map((s) => `  ${s.id}  ${s.name.padEnd(width)}  ${s.summary}`);
}

/** `curl` that saves a pipeline as SWR sends it (YAML), from `npm run simulator` on its default port. */
export const SAVE_PIPELINE_LINE = `curl -s -H 'X-Auth-Token: ${DEFAULT_SIMULATOR_TOKEN}' http://127.0.0.1:8099/v3/manage/pipelines/29501 > pipeline.yaml`;

/** A one-line reminder, printed with argument errors. */
export const PREVIEW_USAGE =
  'usage: npm run preview -- <id> | --file <pipeline.yaml|json> [--now <ISO time>] [--locale en|zh-CN] [--json]   (--help for more)';

export function previewHelp(): string {
  return `${[
    'npm run preview — draw a pipeline card in the terminal, as the bot would post it in Slack.',
    '',
    'usage:',
    '  npm run preview -- <id> [options]          the card of pipeline <id>, read from SWR_ENDPOINT',
    '                                             (unset: from the built-in simulator, no account needed)',
    '  npm run preview -- --file <path> [options] the card of a pipeline saved from SWR (YAML as SWR sends it, or JSON)',
    '',
    'options:',
    '  --file <path>      read the pipeline from a file: the body of GET /v3/manage/pipelines/{id}',
    '  --now <ISO time>   draw the card as of this time (default: now), e.g. --now 2026-01-01T12:00:00Z; with the',
    '                     built-in simulator its clock starts there too, so the same --now draws the same card',
    '  --locale en|zh-CN  the card’s language (default: BOT_LOCALE, else en)',
    '  --json             print exactly the Slack payload { "text", "blocks" } and nothing else',
    '  -h, --help         this help',
    '',
    'The built-in simulator’s pipelines:',
    ...swrScenarioLines(),
    '',
    'Save a pipeline as SWR sends it, then preview the file:',
    '  npm run simulator                      # in another terminal',
    `  ${SAVE_PIPELINE_LINE}`,
    '  npm run preview -- --file pipeline.yaml',
    '',
    'With PIPELINE_BACKEND=codearts, <id> is a CodeArts pipeline (npm run simulator:codearts -- --help lists them).',
  ].join('\n')}\n`;
}

export function simulatorHelp(): string {
  return `${[
    'npm run simulator — the SWR pipeline API on your machine, with pipelines that move: no Huawei account needed.',
    '',
    'usage: npm run simulator [-- --help]',
    '',
    'settings (environment variables):',
    '  SIMULATOR_PORT=8099        port to listen on (0 picks a free one)',
    '  SIMULATOR_HOST=127.0.0.1   address to bind (0.0.0.0 to reach it from elsewhere)',
    '  SIMULATOR_SPEED=1          how many times faster than real time the pipelines move (60: a minute a second)',
    `  SIMULATOR_TOKEN=${DEFAULT_SIMULATOR_TOKEN}   the X-Auth-Token it accepts`,
    '  SIMULATOR_BULK=0           extra always-running load-test pipelines (ids from 100000)',
    '',
    'Its pipelines (times are from the simulator’s start):',
    ...swrScenarioLines(),
    '',
    'Then point the bot or the preview at it:',
    '  SWR_ENDPOINT=http://127.0.0.1:8099',
    `  SWR_AUTH_TOKEN=${DEFAULT_SIMULATOR_TOKEN}`,
    `Save a pipeline as SWR sends it: ${SAVE_PIPELINE_LINE}`,
    'Faults on demand: curl -X POST localhost:8099/_simulator/faults/29503 -d \'{"status":500,"times":2}\'',
    '(the whole control API: src/backends/containerops/simulator/README.md)',
  ].join('\n')}\n`;
}

export function codeArtsSimulatorHelp(): string {
  return `${[
    'npm run simulator:codearts — the CodeArts Pipeline API on your machine, with pipelines that move.',
    '',
    'usage: npm run simulator:codearts [-- --help]',
    '',
    'settings (environment variables):',
    '  CODEARTS_SIMULATOR_PORT=8098       port to listen on (0 picks a free one)',
    '  CODEARTS_SIMULATOR_HOST=127.0.0.1  address to bind',
    '  CODEARTS_SIMULATOR_SPEED=1         how many times faster than real time the pipelines move',
    '',
    'Its pipelines (times are from the simulator’s start):',
    ...codeArtsScenarioLines(),
    '',
    'At start it prints its project id and the people’s tokens; point the bot at it with',
    '  PIPELINE_BACKEND=codearts CODEARTS_ENDPOINT=http://127.0.0.1:8098 CODEARTS_PROJECT_ID=… CODEARTS_AUTH_TOKEN=…',
    '(the whole API: src/backends/codearts/simulator/README.md)',
  ].join('\n')}\n`;
}

/** Whether the arguments ask for help (the simulators take no other argument). */
export function asksForHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h' || a === 'help');
}
