/**
 * `npx tsx bench/slack.ts [--quick]`: the Slack load benchmark on its own — slash commands and Refresh bursts against
 * the bot's real HTTP receiver while SWR is slow, and the bot's memory over many commands (see
 * `bench/slack.bench.ts`). Markdown on stdout, progress on stderr; stops by itself.
 */
import { FULL, formatSlackBenchmark, QUICK, runSlackBenchmark } from './slack.bench.js';

const result = await runSlackBenchmark(process.argv.includes('--quick') ? QUICK : FULL);
process.stdout.write(`${formatSlackBenchmark(result)}\n`);
