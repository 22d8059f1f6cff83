import { expect } from 'vitest';
import { SwrError } from '../../src/swr/errors.js';

/** Awaits `promise`, asserts it rejects with an `SwrError`, and returns it for closer assertions. */
export async function failure(promise: Promise<unknown>): Promise<SwrError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SwrError);
    return error as SwrError;
  }
  throw new Error('expected the call to fail');
}
