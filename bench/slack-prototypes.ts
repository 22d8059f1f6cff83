/**
 * Prototype copies of the compiled bot, for measuring a change to the acknowledgement path before it is made in
 * `src/`: copies `dist-bench/` (built by any benchmark run, or `npx tsc -p tsconfig.bench.json`) into a scratch
 * directory once per variant, edits the compiled JavaScript there, and prints the `--variant` arguments for
 * `bench/slack.ts`, which then measures each copy interleaved with the bot and the baselines. Nothing in the
 * repository is changed. Each edit must apply exactly once, or the script stops (the source moved on).
 *
 * `npx tsx bench/slack-prototypes.ts /tmp/proto` → `--variant defer=/tmp/proto/defer/dist-bench/bench/slack-bot.js …`
 *
 * - `defer`: `/pipeline` yields to the event loop (`setImmediate`) right after `ack()`, so the command's parsing
 *   and the SWR request are started after the acknowledgements of every request already read;
 * - `verify-once`: the request guard verifies the signature itself (one HMAC, `crypto.timingSafeEqual`, the
 *   5-minute window, 401 for a bad or stale one, `ssl_check` let through) and Bolt's `HTTPReceiver` gets
 *   `signatureVerification: false` — instead of two verifications, each an HMAC plus `tsscmp`'s two HMACs and a
 *   `randomBytes`; the body is turned into a string once;
 * - `no-convo`: `new App({ convoStore: false })`: no conversation-store middleware, whose `MemoryStore.get`
 *   rejects with a new `Error` for every request;
 * - `all`: the three together;
 * - `early-ack`: `verify-once` and `no-convo`, and the guard writes the (empty) acknowledgement itself as soon as
 *   a request passed its checks, handing the request to Bolt in `setImmediate` (see `EARLY_ACK`).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Edit {
  file: string;
  from: string;
  to: string;
}

const DEFER: Edit[] = [
  {
    file: 'src/slack/commands/pipeline-command.js',
    from: '        markAcked(context);\n',
    to: '        markAcked(context);\n        await new Promise((resolve) => setImmediate(resolve));\n',
  },
];

const VERIFY_ONCE: Edit[] = [
  {
    file: 'src/slack/request-guard.js',
    from: "import { HTTPModuleFunctions, isValidSlackRequest } from '@slack/bolt';",
    to: `import { createHmac, timingSafeEqual } from 'node:crypto';
import { HTTPModuleFunctions } from '@slack/bolt';
function verifyOnce(signingSecret, body, signature, timestampSec, nowMs) {
    if (timestampSec < Math.floor(nowMs / 1000) - MAX_CLOCK_SKEW_SECONDS) return false;
    const expected = Buffer.from(\`v0=\${createHmac('sha256', signingSecret).update(\`v0:\${timestampSec}:\${body}\`).digest('hex')}\`);
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
}`,
  },
  {
    file: 'src/slack/request-guard.js',
    from: `        const verified = signature !== undefined &&
            Number.isInteger(timestampSec) &&
            isValidSlackRequest({
                signingSecret,
                body: buffered.rawBody.toString(),
                headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestampSec },
                nowMilliseconds: nowMs,
            });
        if (verified) {`,
    to: `        const rawText = buffered.rawBody.toString();
        const verified = signature !== undefined &&
            Number.isInteger(timestampSec) &&
            verifyOnce(signingSecret, rawText, signature, timestampSec, nowMs);
        if (!verified && rawText !== 'ssl_check=1') return reject(res, 'bad signature or stale timestamp', req);
        if (verified) {`,
  },
  {
    file: 'src/slack/request-guard.js',
    from: 'const malformed = malformedPayload(buffered.rawBody.toString());',
    to: 'const malformed = malformedPayload(rawText);',
  },
  {
    file: 'src/app.js',
    from: '            signingSecret: config.slack.signingSecret,\n            endpoints: SLACK_EVENTS_PATH,',
    to: '            signingSecret: config.slack.signingSecret,\n            signatureVerification: false,\n            endpoints: SLACK_EVENTS_PATH,',
  },
];

const NO_CONVO: Edit[] = [
  {
    file: 'src/app.js',
    from: '        extendedErrorHandler: true,\n    });',
    to: '        extendedErrorHandler: true,\n        convoStore: false,\n    });',
  },
];

/**
 * The acknowledgement written by the request guard itself, right after the signature, replay and payload checks,
 * for a `/pipeline` command, a button click or a message shortcut (every listener of the bot acknowledges with an
 * empty body, so the answer is the same); Bolt then processes the request later, writing its own `ack()` into a
 * stand-in response — one request per turn of the event loop (`setImmediate`, rescheduled), so that requests
 * already received are acknowledged before the next one is processed. With `verify-once` and `no-convo`.
 */
const EARLY_ACK: Edit[] = [
  {
    file: 'src/slack/request-guard.js',
    from: `        inner(buffered, res);
    };`,
    to: `        if (verified && /^(command=%2Fpipeline&|payload=)/.test(rawText)) {
            res.writeHead(200);
            res.end();
            const sink = { headersSent: true, statusCode: 200, writeHead() { return sink; }, setHeader() {}, getHeader() {}, end() {}, write() { return true; }, on() { return sink; }, once() { return sink; } };
            afterAcks(() => inner(buffered, sink));
            return;
        }
        inner(buffered, res);
    };`,
  },
  {
    file: 'src/slack/request-guard.js',
    from: 'function header(req, name) {',
    to: `// Work after an acknowledgement, one item per turn of the event loop: requests already waiting are read (and
// acknowledged) between two items, instead of after all of them.
const queued = [];
let draining = false;
function drainOne() {
    const job = queued.shift();
    if (job) job();
    if (queued.length > 0) setImmediate(drainOne);
    else draining = false;
}
function afterAcks(job) {
    queued.push(job);
    if (!draining) {
        draining = true;
        setImmediate(drainOne);
    }
}
function header(req, name) {`,
  },
];

export const PROTOTYPES: Record<string, Edit[]> = {
  defer: DEFER,
  'verify-once': VERIFY_ONCE,
  'no-convo': NO_CONVO,
  all: [...DEFER, ...VERIFY_ONCE, ...NO_CONVO],
  'early-ack': [...VERIFY_ONCE, ...NO_CONVO, ...EARLY_ACK],
};

/** The repository's compiled benchmark tree (src/, bench/, test/helpers/ under dist-bench/). */
export function compiledTree(): string {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const dist = join(root, 'dist-bench');
  if (!existsSync(join(dist, 'bench/slack-bot.js'))) throw new Error('build first: npx tsc -p tsconfig.bench.json');
  return dist;
}

/**
 * Copies dist-bench/ to `dir/name/dist-bench` and applies `edits` there (each must match exactly once); the copy
 * resolves packages through a `node_modules` link in `dir`. Returns the copy's dist-bench directory.
 */
export function copyWithEdits(dir: string, name: string, edits: readonly Edit[]): string {
  const dist = compiledTree();
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(dist, '../node_modules'), join(dir, 'node_modules'));
  const target = join(dir, name, 'dist-bench');
  rmSync(join(dir, name), { recursive: true, force: true });
  cpSync(dist, target, { recursive: true });
  writeFileSync(join(dir, name, 'package.json'), JSON.stringify({ type: 'module' }));
  for (const edit of edits) {
    const path = join(target, edit.file);
    const text = readFileSync(path, 'utf8');
    const at = text.indexOf(edit.from);
    if (at < 0 || text.indexOf(edit.from, at + 1) >= 0) throw new Error(`${name}: edit does not apply to ${edit.file}`);
    writeFileSync(path, text.replace(edit.from, edit.to));
  }
  return target;
}

/** Makes the copies under `dir`; returns `name=script` for each, as `--variant` takes them. */
export function makePrototypes(dir: string, names: readonly string[] = Object.keys(PROTOTYPES)): string[] {
  return names.map((name) => {
    const edits = PROTOTYPES[name];
    if (!edits) throw new Error(`unknown prototype ${name}`);
    return `${name}=${join(copyWithEdits(dir, name, edits), 'bench/slack-bot.js')}`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir = '/tmp/swr-bot-prototypes', ...names] = process.argv.slice(2);
  const made = makePrototypes(dir, names.length > 0 ? names : undefined);
  process.stdout.write(`${made.map((v) => `--variant ${v}`).join(' ')}\n`);
}
