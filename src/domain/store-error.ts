/**
 * The error a watch store throws when its database cannot be reached or stopped answering (not when a statement is
 * wrong): the Slack layer answers "the database is unavailable" and the poller backs off, instead of either
 * treating it as a bug. `message` is safe to log: host and port at most, never a password.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly code = 'store_unavailable';
}

/** `true` for a `StoreUnavailableError`. */
export function isStoreUnavailable(error: unknown): error is StoreUnavailableError {
  return error instanceof StoreUnavailableError;
}
