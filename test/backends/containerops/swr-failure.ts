import { expect } from 'vitest';
import { BackendError } from '../../../src/domain/backend-error.js';

/** Awaits `promise`, asserts it rejects with an `BackendError`, and returns it for closer assertions. */
export async function failure(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BackendError);
    return error as BackendError;
  }
  throw new Error('expected the call to fail');
}
