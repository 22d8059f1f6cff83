/**
 * Mutated SWR response bodies: a real body (the fixtures, the API reference's examples) with random fields deleted,
 * replaced or retyped, then written as JSON, YAML or a cut-off document. A mutation is data (path index, operation,
 * replacement), so fast-check can generate and shrink it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';

const FIXTURES = new URL('../fixtures/pipelines/', import.meta.url);
const API_EXAMPLES = new URL('../backends/containerops/fixtures/', import.meta.url);

/** Every real body the tests know: test/fixtures/pipelines/*.json and the API reference's two examples. */
export const BODIES: ReadonlyMap<string, unknown> = new Map([
  ...readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f): [string, unknown] => [f, JSON.parse(readFileSync(new URL(f, FIXTURES), 'utf8'))]),
  ...['pipeline-detail.json', 'pipeline-containerops.json'].map((f): [string, unknown] => [
    `api/${f}`,
    JSON.parse(readFileSync(new URL(f, API_EXAMPLES), 'utf8')),
  ]),
]);

export type Operation = 'delete' | 'replace' | 'retype' | 'wrap' | 'stringify' | 'empty';
export interface Mutation {
  /** Which node (modulo the number of nodes), in depth-first order. */
  at: number;
  op: Operation;
  replacement: unknown;
}

type Node = { parent: Record<string, unknown> | unknown[]; key: string | number; value: unknown };

/** Every node below the root, depth-first (at most `limit`). */
function nodesOf(root: unknown, limit = 5_000): Node[] {
  const out: Node[] = [];
  const visit = (value: unknown): void => {
    if (out.length >= limit || typeof value !== 'object' || value === null) return;
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value);
    for (const [key, child] of entries) {
      out.push({ parent: value as Record<string, unknown>, key, value: child });
      visit(child);
    }
  };
  visit(root);
  return out;
}

/** The same value as another JSON type. */
function retyped(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value.length;
  if (typeof value === 'boolean') return value ? 'true' : 0;
  if (Array.isArray(value)) return Object.fromEntries(value.map((v, i) => [String(i), v]));
  if (value === null) return {};
  return Object.values(value as object);
}

/** Applies `mutations` to a deep copy of `body`. */
export function mutate(body: unknown, mutations: readonly Mutation[]): unknown {
  let root = structuredClone(body);
  for (const m of mutations) {
    const nodes = nodesOf(root);
    if (nodes.length === 0) {
      root = m.op === 'delete' ? undefined : m.replacement;
      continue;
    }
    const node = nodes[m.at % nodes.length] as Node;
    // An own property even for a key like `__proto__` (which an assignment would turn into a prototype change).
    const set = (v: unknown): void => {
      Object.defineProperty(node.parent, node.key, { value: v, writable: true, enumerable: true, configurable: true });
    };
    switch (m.op) {
      case 'delete':
        if (Array.isArray(node.parent)) node.parent.splice(Number(node.key), 1);
        else delete node.parent[node.key as string];
        break;
      case 'replace':
        // A fresh copy: `fc.constantFrom` hands out the same object every run, and a later mutation must not
        // change (or make cyclic) the constant itself. JSON keeps an own `__proto__` key; structuredClone may not.
        set(m.replacement === undefined ? undefined : JSON.parse(JSON.stringify(m.replacement)));
        break;
      case 'retype':
        set(retyped(node.value));
        break;
      case 'wrap':
        set([node.value]);
        break;
      case 'stringify':
        set(JSON.stringify(node.value) ?? 'undefined');
        break;
      case 'empty':
        set(Array.isArray(node.value) ? [] : typeof node.value === 'object' && node.value !== null ? {} : '');
        break;
    }
  }
  return root;
}

/** Values that loose or broken servers send where another type belongs. */
export const replacement: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      null,
      '',
      0,
      -1,
      1.5,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      'NaN',
      'Infinity',
      '0001-01-01T00:00:00Z',
      '9999-99-99T99:99:99Z',
      '2019-01-21T03:31:27.3176481234567Z',
      '2019-01-21T03:31:27+25:00',
      '1548041487',
      '<!channel>',
      '<@U123>',
      '&amp;&lt;',
      '\u0000\u202e\ud800',
      'x'.repeat(5_000),
      [],
      {},
      [null],
      { '': null },
      JSON.parse('{"__proto__":{"polluted":true},"id":7}') as unknown,
      { constructor: 'x', toString: 1, valueOf: null, hasOwnProperty: 'no' },
      'constructor',
      '__proto__',
    ),
    weight: 3,
  },
);

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat({ max: 100_000 }),
  op: fc.constantFrom<Operation>('delete', 'replace', 'replace', 'retype', 'wrap', 'stringify', 'empty'),
  replacement,
});

// The 60- and 200-stage bodies cost ten times the others to copy, mutate and render: picked less often.
const bodyName = fc.oneof(
  ...[...BODIES.keys()].map((name) => ({ arbitrary: fc.constant(name), weight: name.startsWith('stages-') ? 1 : 5 })),
);

/** A real body with one to six mutations. */
export const mutatedBody: fc.Arbitrary<{ name: string; body: unknown }> = fc
  .tuple(bodyName, fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([name, mutations]) => ({ name, body: mutate(BODIES.get(name), mutations) }));

export type Encoding = 'json' | 'pretty' | 'yaml' | 'truncated' | 'bom' | 'trailing';

/**
 * `body` as a server might write it: JSON, YAML (small bodies), cut off at `cut` (0–1 of its length), with a BOM or
 * junk after.
 */
export function encode(body: unknown, encoding: Encoding, cut: number): string {
  const json = JSON.stringify(body) ?? '';
  switch (encoding) {
    case 'json':
      return json;
    case 'pretty':
      return JSON.stringify(body, null, 2) ?? '';
    case 'yaml':
      // YAML costs ~100× JSON to write and read: the 60- and 200-stage bodies stay JSON, or a run takes minutes.
      return json.length > 12_000 ? json : toYaml(body ?? null);
    case 'truncated':
      return json.slice(0, Math.floor(json.length * cut));
    case 'bom':
      return `\ufeff${json}`;
    case 'trailing':
      return `${json}\n{"id":1}`;
  }
}

export const encoding: fc.Arbitrary<Encoding> = fc.constantFrom<Encoding>(
  'json',
  'json',
  'json',
  'pretty',
  'yaml',
  'truncated',
  'bom',
  'trailing',
);
