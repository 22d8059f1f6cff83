/**
 * Collects what would otherwise go unnoticed in a test file: promises rejected with no handler and exceptions
 * nobody caught. Install once per file (`beforeAll`), assert `errors` is empty after each test.
 */

export interface ProcessErrors {
  /** What reached `unhandledRejection` or `uncaughtException`, in order, as `kind: message`. */
  readonly errors: string[];
  /** Removes the listeners. */
  stop(): void;
}

/** Starts collecting unhandled rejections and uncaught exceptions of this process. */
export function collectProcessErrors(): ProcessErrors {
  const errors: string[] = [];
  const describe = (value: unknown): string =>
    value instanceof Error ? `${value.name}: ${value.message}` : String(value);
  const onRejection = (reason: unknown): void => {
    errors.push(`unhandledRejection: ${describe(reason)}`);
  };
  const onException = (error: unknown): void => {
    errors.push(`uncaughtException: ${describe(error)}`);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    errors,
    stop: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
