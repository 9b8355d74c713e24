import { describe, expect, it } from 'vitest';
import { TransportError } from '../../sync';
import { explainSignInError, SIGN_IN_STORAGE_FULL } from './SignInForm';

/** DESIGN.md §4.2: the server's wait runs from a second (a slowed username) to 15 minutes. */
describe('a rate-limited sign-in', () => {
  const limited = (retryAfterMs: number) =>
    explainSignInError(
      new TransportError({
        kind: 'rate-limited',
        retryAfterMs,
        message: 'Too many failed sign-ins',
      }),
    );

  it.each([
    [1_000, 'Too many attempts. Try again in 1 second.'],
    [8_000, 'Too many attempts. Try again in 8 seconds.'],
    [60_000, 'Too many attempts. Try again in 1 minute.'],
    [61_000, 'Too many attempts. Try again in 2 minutes.'],
    [900_000, 'Too many attempts. Try again in 15 minutes.'],
  ])('says how long to wait for a Retry-After of %i ms', (ms, text) => {
    expect(limited(ms)).toBe(text);
  });
});

describe('a sign-in whose keys cannot be written', () => {
  it('says the tablet is full and what to do, not the browser’s error', () => {
    const full = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(explainSignInError(full)).toBe(SIGN_IN_STORAGE_FULL);
    expect(explainSignInError(new Error('Transaction aborted', { cause: full }))).toBe(
      SIGN_IN_STORAGE_FULL,
    );
  });
});
