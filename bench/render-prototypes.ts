/**
 * Prototype copies of the compiled renderer, measured against it: each copy is dist-bench/ with a few edits (see
 * `bench/slack-prototypes.ts`); every round renders the 10-stage and the 200-stage card in a fresh `node` process
 * per variant, the variants taking turns, and counts renders per second of the process's CPU time after a 1.5 s
 * warm-up (so the optimising compiler's threads are done), which is less sensitive than wall time to the other
 * work on a shared machine. It first checks that each copy renders both cards (in both locales) exactly as the
 * original does. Nothing in the repository is changed.
 *
 * `npx tsx bench/render-prototypes.ts [/tmp/swr-render-prototypes] [--rounds 5]`
 *
 * - `format-span`: `formatSpan` without date-fns (`formatDuration` builds option objects and runs its locale's
 *   formatter for each of the two units; the card calls it once per stage line);
 * - `look-cache`: `stageLook` returns a shared `{ mark, word }` per status and locale instead of a new object
 *   (the 200-stage card calls it ~400 times: once per stage for the progress row, once per folded stage);
 * - `class-map`: `classifyStatus` reads a `Map` instead of `Object.hasOwn` plus a property lookup;
 * - `render-all`: the three together.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { compiledTree, copyWithEdits, type Edit } from './slack-prototypes.js';

const FORMAT_SPAN: Edit[] = [
  {
    file: 'src/render/durations.js',
    from: `    const duration = {
        days: Math.floor(ms / DAY),
        hours: Math.floor((ms % DAY) / HOUR),
        minutes: Math.floor((ms % HOUR) / MINUTE),
        seconds: Math.floor((ms % MINUTE) / SECOND),
    };
    const units = ['days', 'hours', 'minutes', 'seconds'].filter((u) => (duration[u] ?? 0) > 0).slice(0, 2);
    return formatDuration(duration, { format: units, locale: SHORT_LOCALES[locale] });`,
    to: `    const values = [Math.floor(ms / DAY), Math.floor((ms % DAY) / HOUR), Math.floor((ms % HOUR) / MINUTE), Math.floor((ms % MINUTE) / SECOND)];
    const names = locale === 'zh-CN' ? ['天', '小时', '分钟', '秒'] : ['d', 'h', 'min', 's'];
    let out = '';
    let parts = 0;
    for (let i = 0; i < 4 && parts < 2; i += 1) {
        if (values[i] > 0) {
            out += \`\${parts === 0 ? '' : ' '}\${values[i]} \${names[i]}\`;
            parts += 1;
        }
    }
    return out;`,
  },
];

const LOOK_CACHE: Edit[] = [
  {
    file: 'src/render/stage-lines.js',
    from: `export function stageLook(stage, summary, locale) {
    if (summary.awaitingReview?.index === stage.index) {
        return { mark: EXTRA_LOOKS.awaitingReview.mark, word: EXTRA_LOOKS.awaitingReview[locale] };
    }
    if (!stage.hasStatus)
        return { mark: EXTRA_LOOKS.notStarted.mark, word: EXTRA_LOOKS.notStarted[locale] };
    return { mark: statusMark(stage.status), word: statusWord(stage.status, locale) };
}`,
    to: `const LOOKS = { en: new Map(), 'zh-CN': new Map() };
const fixedLook = (look) => ({ en: { mark: look.mark, word: look.en }, 'zh-CN': { mark: look.mark, word: look['zh-CN'] } });
const AWAITING = fixedLook(EXTRA_LOOKS.awaitingReview);
const NOT_STARTED = fixedLook(EXTRA_LOOKS.notStarted);
export function stageLook(stage, summary, locale) {
    if (summary.awaitingReview?.index === stage.index) return AWAITING[locale];
    if (!stage.hasStatus) return NOT_STARTED[locale];
    const cache = LOOKS[locale];
    let look = cache.get(stage.status);
    if (look === undefined) {
        look = { mark: statusMark(stage.status), word: statusWord(stage.status, locale) };
        if (cache.size < 64) cache.set(stage.status, look);
    }
    return look;
}`,
  },
];

const CLASS_MAP: Edit[] = [
  {
    file: 'src/render/summary.js',
    from: `export function classifyStatus(status) {
    // Own keys only: a status of \`constructor\` or \`__proto__\` is data, not a path into Object.prototype.
    return Object.hasOwn(STATUS_CLASS, status) ? (STATUS_CLASS[status] ?? 'unknown') : 'unknown';
}`,
    to: `const CLASS_MAP = new Map(Object.entries(STATUS_CLASS));
export function classifyStatus(status) {
    return CLASS_MAP.get(status) ?? 'unknown';
}`,
  },
];

export const RENDER_PROTOTYPES: Record<string, Edit[]> = {
  'format-span': FORMAT_SPAN,
  'look-cache': LOOK_CACHE,
  'class-map': CLASS_MAP,
  'render-all': [...FORMAT_SPAN, ...LOOK_CACHE, ...CLASS_MAP],
};

const FIXTURE = fileURLToPath(new URL('../test/fixtures/pipelines/stages-200.json', import.meta.url));

/** The child's program: renders one card in a loop; prints renders per CPU second, or the cards as JSON. */
const CHILD = `
const [tree, original, fixture, which, mode, ms] = process.argv.slice(1);
const { readFileSync } = await import('node:fs');
const { renderPipelineMessage } = await import(tree + '/src/render/pipeline-card.js');
const { parsePipeline } = await import(original + '/src/swr/parse.js');
const { tenStagePipeline } = await import(original + '/bench/render.bench.js');
const pipeline = which === '200' ? parsePipeline(JSON.parse(readFileSync(fixture, 'utf8'))) : tenStagePipeline();
const now = new Date('2024-05-01T12:00:00Z');
if (mode === 'check') {
  console.log(JSON.stringify(['en', 'zh-CN'].map((locale) => renderPipelineMessage(pipeline, { now, locale }))));
} else {
  const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  let sink = 0;
  const run = (limit) => { let n = 0; const t = cpu(); let e = 0; do { for (let i = 0; i < 50; i += 1) sink += renderPipelineMessage(pipeline, { now, locale: 'en' }).blocks.length; n += 50; e = cpu() - t; } while (e < limit); return (n * 1000) / e; };
  run(1500);
  console.log(String(run(Number(ms))) + (sink < 0 ? '!' : ''));
}`;

function child(tree: string, original: string, which: string, mode: 'check' | 'rate', ms = 700): string {
  return execFileSync(
    process.execPath,
    ['--input-type=module', '-e', CHILD, tree, original, FIXTURE, which, mode, String(ms)],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  ).trim();
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : '/tmp/swr-render-prototypes';
  const roundsAt = process.argv.indexOf('--rounds');
  const rounds = roundsAt >= 0 ? Number(process.argv[roundsAt + 1]) : 5;
  const original = compiledTree();
  const trees: [string, string][] = [
    ['original', original],
    ...Object.entries(RENDER_PROTOTYPES).map(([name, edits]): [string, string] => [
      name,
      copyWithEdits(dir, name, edits),
    ]),
  ];
  for (const which of ['10', '200']) {
    const expected = child(original, original, which, 'check');
    for (const [name, tree] of trees.slice(1)) {
      if (child(tree, original, which, 'check') !== expected)
        throw new Error(`${name} renders the ${which}-stage card differently`);
    }
  }
  process.stderr.write('every prototype renders both cards, in both locales, exactly as the original\n');
  const lines = [
    `Renders per CPU second, ${rounds} rounds, each variant in its own process per round (taking turns); the ratio is to the original in the same round, median (lowest–highest).`,
    '',
    '| variant | 10 stages: renders/s | ratio | 200 stages: renders/s | ratio |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  const rates = new Map(trees.map(([name]) => [name, { '10': [] as number[], '200': [] as number[] }]));
  for (let r = 0; r < rounds; r += 1) {
    for (const which of ['10', '200'] as const) {
      for (const [name, tree] of trees) rates.get(name)?.[which].push(Number(child(tree, original, which, 'rate')));
    }
    process.stderr.write(`round ${r + 1} of ${rounds}\n`);
  }
  const base = rates.get('original') as { '10': number[]; '200': number[] };
  for (const [name] of trees) {
    const mine = rates.get(name) as { '10': number[]; '200': number[] };
    const cell = (which: '10' | '200') => {
      const ratios = mine[which].map((v, i) => v / (base[which][i] ?? NaN));
      return `${Math.round(median(mine[which])).toLocaleString('en')} | ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
    };
    lines.push(`| ${name} | ${cell('10')} | ${cell('200')} |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
