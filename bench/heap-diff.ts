/**
 * Compares two V8 heap snapshots (e.g. the memory phase's after 5,000 and after 10,000 commands, written by
 * `npx tsx bench/slack.ts --phases memory --heap-snapshots DIR`) and says what grew: objects by kind
 * (`type:constructor`, count and bytes), then the largest single objects of the second snapshot (a `Map`'s
 * table, an array's backing store…) with the path that keeps them alive and their size in the first. Bench-only.
 *
 * `npx tsx bench/heap-diff.ts A.heapsnapshot B.heapsnapshot [--top 25] [--min-kb 16]`
 */
import { readFileSync } from 'node:fs';

interface RawSnapshot {
  snapshot: {
    meta: {
      node_fields: string[];
      node_types: [string[], ...unknown[]];
      edge_fields: string[];
      edge_types: [string[], ...unknown[]];
    };
  };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export interface Heap {
  count: number;
  type(i: number): string;
  name(i: number): string;
  id(i: number): number;
  size(i: number): number;
  /** Retainers of node `i`: [from node, edge type, edge name]. */
  retainers(i: number): [number, string, string][];
}

/** Reads a `.heapsnapshot` file into an index of its nodes and their retainers. */
export function readHeap(path: string): Heap {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as RawSnapshot;
  const nf = raw.snapshot.meta.node_fields;
  const ef = raw.snapshot.meta.edge_fields;
  const nodeTypes = raw.snapshot.meta.node_types[0];
  const edgeTypes = raw.snapshot.meta.edge_types[0];
  const N = nf.length;
  const E = ef.length;
  const [fType, fName, fId, fSize, fEdges] = ['type', 'name', 'id', 'self_size', 'edge_count'].map((f) =>
    nf.indexOf(f),
  );
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
  const count = raw.nodes.length / N;
  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0; i < count; i += 1) {
    firstEdge[i + 1] = (firstEdge[i] as number) + (raw.nodes[i * N + (fEdges as number)] as number);
  }
  // Reverse edges: for each node, who points at it.
  const retainerCount = new Uint32Array(count + 1);
  for (let e = 0; e < raw.edges.length; e += E) retainerCount[(raw.edges[e + (eTo as number)] as number) / N] += 1;
  const retainerStart = new Uint32Array(count + 1);
  for (let i = 0; i < count; i += 1) retainerStart[i + 1] = (retainerStart[i] as number) + (retainerCount[i] as number);
  const fill = retainerStart.slice();
  const retainerFrom = new Uint32Array(raw.edges.length / E);
  const retainerEdge = new Uint32Array(raw.edges.length / E);
  for (let i = 0; i < count; i += 1) {
    for (let k = firstEdge[i] as number; k < (firstEdge[i + 1] as number); k += 1) {
      const to = (raw.edges[k * E + (eTo as number)] as number) / N;
      const slot = fill[to] as number;
      fill[to] = slot + 1;
      retainerFrom[slot] = i;
      retainerEdge[slot] = k;
    }
  }
  const str = (k: number): string => raw.strings[k] ?? '';
  return {
    count,
    type: (i) => nodeTypes[raw.nodes[i * N + (fType as number)] as number] ?? '?',
    name: (i) => str(raw.nodes[i * N + (fName as number)] as number),
    id: (i) => raw.nodes[i * N + (fId as number)] as number,
    size: (i) => raw.nodes[i * N + (fSize as number)] as number,
    retainers: (i) => {
      const out: [number, string, string][] = [];
      for (let s = retainerStart[i] as number; s < (retainerStart[i + 1] as number); s += 1) {
        const k = retainerEdge[s] as number;
        const type = edgeTypes[raw.edges[k * E + (eType as number)] as number] ?? '?';
        const nameOrIndex = raw.edges[k * E + (eName as number)] as number;
        const name = type === 'element' || type === 'hidden' ? `[${nameOrIndex}]` : str(nameOrIndex);
        out.push([retainerFrom[s] as number, type, name]);
      }
      return out;
    },
  };
}

const kind = (h: Heap, i: number): string => {
  const t = h.type(i);
  const n = h.name(i);
  return t === 'object' || t === 'closure' || t === 'native' ? `${t}:${n}` : t === 'string' ? 'string' : `${t}:${n}`;
};

/** Objects by kind: count and bytes. */
export function byKind(h: Heap): Map<string, { count: number; bytes: number }> {
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < h.count; i += 1) {
    const k = kind(h, i);
    const e = out.get(k) ?? { count: 0, bytes: 0 };
    out.set(k, e);
    e.count += 1;
    e.bytes += h.size(i);
  }
  return out;
}

/** A readable path from a GC root to node `i` (first strong retainer each step, at most `depth` steps). */
export function retainerPath(h: Heap, i: number, depth = 10): string {
  const parts: string[] = [];
  const seen = new Set<number>([i]);
  let at = i;
  for (let d = 0; d < depth; d += 1) {
    const next = h.retainers(at).find(([from, type]) => type !== 'weak' && !seen.has(from));
    if (!next) break;
    const [from, type, name] = next;
    seen.add(from);
    parts.push(`${type === 'context' ? `(closure var) ${name}` : name} ← ${kind(h, from)}`);
    at = from;
    if (h.type(from) === 'synthetic') break;
  }
  return parts.join(' ← ');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [pathA, pathB] = process.argv.slice(2);
  if (!pathA || !pathB) throw new Error('usage: heap-diff.ts A.heapsnapshot B.heapsnapshot');
  const arg = (name: string, fallback: number): number => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  const top = arg('--top', 25);
  const minBytes = arg('--min-kb', 16) * 1024;
  const a = readHeap(pathA);
  const b = readHeap(pathB);
  const ka = byKind(a);
  const kb = byKind(b);
  const total = (m: Map<string, { bytes: number }>) => [...m.values()].reduce((s, e) => s + e.bytes, 0);
  const lines = [
    `Heap: ${(total(ka) / 1048576).toFixed(2)} MB (${a.count.toLocaleString('en')} objects) → ${(total(kb) / 1048576).toFixed(2)} MB (${b.count.toLocaleString('en')} objects).`,
    '',
    '| kind | count A | count B | Δ count | Δ bytes |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  const kinds = [...new Set([...ka.keys(), ...kb.keys()])]
    .map((k) => {
      const ea = ka.get(k) ?? { count: 0, bytes: 0 };
      const eb = kb.get(k) ?? { count: 0, bytes: 0 };
      return { k, ea, eb, d: eb.bytes - ea.bytes };
    })
    .sort((x, y) => Math.abs(y.d) - Math.abs(x.d))
    .slice(0, top);
  for (const { k, ea, eb, d } of kinds) {
    lines.push(
      `| ${k.replace(/\|/g, '\\|').slice(0, 80)} | ${ea.count.toLocaleString('en')} | ${eb.count.toLocaleString('en')} | ${(eb.count - ea.count).toLocaleString('en')} | ${d.toLocaleString('en')} |`,
    );
  }
  // The largest single objects of B, with what keeps them and the same path's object size in A.
  const pathSizes = new Map<string, number>();
  for (let i = 0; i < a.count; i += 1) {
    if (a.size(i) >= minBytes / 4) pathSizes.set(`${kind(a, i)} ${retainerPath(a, i)}`, a.size(i));
  }
  const big = Array.from({ length: b.count }, (_, i) => i)
    .filter((i) => b.size(i) >= minBytes)
    .sort((x, y) => b.size(y) - b.size(x))
    .slice(0, top);
  lines.push('', '| largest objects in B | bytes in B | same path in A | retained by |', '| --- | ---: | ---: | --- |');
  for (const i of big) {
    const path = retainerPath(b, i);
    const inA = pathSizes.get(`${kind(b, i)} ${path}`);
    lines.push(
      `| ${kind(b, i).replace(/\|/g, '\\|').slice(0, 60)} | ${b.size(i).toLocaleString('en')} | ${inA === undefined ? '–' : inA.toLocaleString('en')} | ${path.replace(/\|/g, '\\|').slice(0, 400)} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
