/** A start-up failure with one sentence for the operator (no stack, no secret); `cli/bot.ts` prints it and exits 1. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** Whether `error` is a listen on a port another process holds. */
export function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

/** `PORT=3456 is in use (set another port)`, Node's raw `EADDRINUSE` in the operator's words. */
export function portInUseError(variable: string, port: number, cause: unknown): StartupError {
  return new StartupError('port_in_use', `${variable}=${port} is in use (set another port)`, { cause });
}

/** What a built-in simulator's busy port means, and what to set instead. */
export interface SimulatorPortInUse {
  service: 'SWR' | 'CodeArts';
  portVariable: string;
  port: number;
  /** Whether `npm run simulator` (or its CodeArts twin) answers there: then the bot can use it. */
  simulatorAnswers: boolean;
}

/** The start-up error for a built-in simulator whose port is taken, pointing at the simulator already there. */
export function simulatorPortInUseError(busy: SimulatorPortInUse, cause: unknown): StartupError {
  const url = `http://127.0.0.1:${busy.port}`;
  const elsewhere = `or set ${busy.portVariable} to another port (0 picks a free one)`;
  const use =
    busy.service === 'SWR'
      ? `SWR_ENDPOINT=${url} and SWR_AUTH_TOKEN=simulator-demo-token`
      : `CODEARTS_ENDPOINT=${url} with the CODEARTS_PROJECT_ID and CODEARTS_AUTH_TOKEN it printed`;
  const message = busy.simulatorAnswers
    ? `${busy.portVariable}=${busy.port} is in use by an ${busy.service} simulator already running (npm run simulator${busy.service === 'SWR' ? '' : ':codearts'}): to use it, set ${use}; ${elsewhere}`
    : `${busy.portVariable}=${busy.port} is in use, so the built-in ${busy.service} simulator cannot start: set another port (0 picks a free one), or set ${busy.service === 'SWR' ? 'SWR_ENDPOINT' : 'CODEARTS_ENDPOINT'} to use a running ${busy.service}`;
  return new StartupError('simulator_port_in_use', message, { cause });
}
