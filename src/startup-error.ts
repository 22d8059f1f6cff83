/** A start-up failure with one sentence for the operator (no stack, no secret); `cli/bot.ts` prints it and exits 1. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
