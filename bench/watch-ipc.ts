/**
 * The watch benchmark's processes talk over Node's IPC channel: a child prints one line on stdout when it is
 * ready (a prefix, then its URLs, its RSS… as JSON), then answers `{ id, op, … }` requests with `{ id, result }` or `{ id, error }`.
 * `startChild` is the parent's side, `serveRequests` the child's. A child exits when its parent lets go.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface IpcRequest {
  id: number;
  op: string;
  [key: string]: unknown;
}

/** Starts the line a child prints, with its `ready` value as JSON, once it serves requests. */
const READY_PREFIX = 'watch-bench-ready ';

interface IpcResponse {
  id: number;
  result?: unknown;
  error?: string;
}

export interface Child<Ready> {
  ready: Ready;
  call<T>(op: string, payload?: Record<string, unknown>): Promise<T>;
  /** Sends `close` (the child answers once it has shut down), lets go of the channel and waits for the exit. */
  close<T>(): Promise<T | null>;
}

/** Extra Node flags (e.g. `--cpu-prof`) and environment variables for one child. */
export interface ChildOptions {
  execArgv?: readonly string[];
  env?: Record<string, string>;
}

/**
 * Forks `script` with an IPC channel and waits for its first line on stdout: a `.ts` script under tsx, a `.js`
 * one (compiled, as production runs) with plain node.
 */
export async function startChild<Ready>(
  script: string,
  args: readonly string[],
  options: ChildOptions = {},
): Promise<Child<Ready>> {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child: ChildProcess = fork(script, [...args], {
    // `WATCH_BENCH_NODE_OPTIONS="--trace-gc"`: Node flags for the children only (when looking into their memory).
    execArgv: [
      ...loader,
      ...(process.env.WATCH_BENCH_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []),
      ...(options.execArgv ?? []),
    ],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  child.on('message', (m: IpcResponse) => {
    const waiter = pending.get(m.id);
    pending.delete(m.id);
    if (m.error !== undefined) waiter?.reject(new Error(`${script}: ${m.error}`));
    else waiter?.resolve(m.result ?? null);
  });
  void exited.then((code) => {
    for (const w of pending.values()) w.reject(new Error(`${script} exited (${code})`));
    pending.clear();
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    // Anything else the child prints (e.g. `--trace-gc`) goes on to stderr, so its pipe never fills up.
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    let waiting = true;
    lines.on('line', (line) => {
      if (!waiting || !line.startsWith(READY_PREFIX)) {
        process.stderr.write(`${line}\n`);
        return;
      }
      waiting = false;
      try {
        resolve(JSON.parse(line.slice(READY_PREFIX.length)) as Ready);
      } catch (error) {
        reject(error);
      }
    });
    void exited.then((code) => reject(new Error(`${script} exited before it was ready (${code})`)));
  });
  const call = <T>(op: string, payload: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      nextId += 1;
      pending.set(nextId, { resolve: (v) => resolve(v as T), reject });
      child.send({ ...payload, id: nextId, op });
    });
  return {
    ready,
    call,
    close: async <T>() => {
      let result: T | null = null;
      if (child.exitCode === null && child.connected) {
        result = await call<T>('close').catch(() => null);
        if (child.connected) child.disconnect();
      }
      const timer = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

/**
 * The child's side: prints `ready` as the first line on stdout, then answers requests with `handle`. `close`
 * runs `onClose`, answers with its result and exits; so does a parent that goes away (without answering).
 */
export function serveRequests(
  ready: unknown,
  handle: (request: IpcRequest) => Promise<unknown>,
  onClose: () => Promise<unknown>,
): void {
  let closing: Promise<unknown> | null = null;
  const close = (): Promise<unknown> => {
    closing ??= onClose();
    return closing;
  };
  process.on('message', (request: IpcRequest) => {
    const reply = (message: IpcResponse): void => {
      if (process.connected) process.send?.(message);
    };
    const work = request.op === 'close' ? close() : handle(request);
    work.then(
      (result) => {
        reply({ id: request.id, result: result ?? null });
        if (request.op === 'close') process.disconnect?.();
      },
      (error: unknown) => reply({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('disconnect', () => {
    void close().finally(() => process.exit(0));
  });
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(ready)}\n`);
}

/** The channel and card of seeded watch `i` (`bench/watch.bench.ts` stores them, `bench/watch-peers.ts` posts them). */
export function seededCard(i: number, perChannel: number): { channel: string; ts: string } {
  return {
    channel: `C${String(Math.floor(i / perChannel)).padStart(8, '0')}`,
    ts: `1600000000.${String(i).padStart(6, '0')}`,
  };
}
