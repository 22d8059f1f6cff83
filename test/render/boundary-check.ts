/**
 * What may not appear in a pure render module: Slack SDKs, HTTP and other I/O, the store, the Slack listeners,
 * the watch poller, the SWR client, and clock reads. `@slack/types` is allowed as a type-only import.
 */
const FORBIDDEN_MODULES: { pattern: RegExp; why: string }[] = [
  { pattern: /^@slack\/bolt/, why: 'Bolt' },
  { pattern: /^@slack\/web-api/, why: 'the Slack Web API' },
  { pattern: /^@slack\/socket-mode/, why: 'Socket Mode' },
  { pattern: /^axios/, why: 'axios' },
  { pattern: /^(node:)?(http|https|http2|net|tls|dgram|fs|fs\/promises|child_process)$/, why: 'I/O' },
  { pattern: /^(undici|node-fetch|pg|better-sqlite3)$/, why: 'I/O' },
  { pattern: /(^|\/)store(\/|$)|\/store\.js$/, why: 'the store' },
  { pattern: /(^|\.\.\/)slack\//, why: 'the Slack listeners' },
  { pattern: /(^|\.\.\/)watch(\/|$)/, why: 'the watch poller' },
  { pattern: /swr\/(client|http|auth)/, why: 'the SWR client' },
];

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every import or clock call in `source` that breaks the boundary. */
export function boundaryViolations(source: string): string[] {
  const code = stripComments(source);
  const problems: string[] = [];
  const imports =
    /\b(import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const m of code.matchAll(imports)) {
    const typeOnly = Boolean(m[2]);
    const spec = m[3] ?? m[4] ?? m[5] ?? m[6] ?? '';
    const bad = FORBIDDEN_MODULES.find((f) => f.pattern.test(spec));
    if (bad) problems.push(`imports ${spec} (${bad.why})`);
    if (spec.startsWith('@slack/types') && !typeOnly) problems.push(`imports ${spec} for values: use import type`);
  }
  if (/\bDate\.now\s*\(/.test(code)) problems.push('calls Date.now(): take the clock from options.now');
  if (/\bnew\s+Date\s*(\(\s*\)|(?!\s*\())/.test(code))
    problems.push('calls new Date() without arguments: take the clock from options.now');
  if (/\bperformance\.now\s*\(/.test(code)) problems.push('reads performance.now()');
  return problems;
}
