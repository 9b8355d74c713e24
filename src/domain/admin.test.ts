import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import {
  CreateUserRequestSchema,
  ResetPasswordRequestSchema,
  isValidPassword,
  isValidUsername,
  normaliseUsername,
} from './admin';

/** The account rules are stated once; the API's schemas must agree with what the CLI checks. */
describe('account rules', () => {
  const base = { name: 'A', inspectorate: 'ofsted', admin: false, password: 'ten chars!' };
  it.each([
    ['alice', true],
    ['Alice.Smith', true],
    ['a_b-c@ofsted', true],
    [' bob ', true],
    ['.alice', false],
    ['', false],
    ['al ice', false],
    ['al\u0000ice', false],
    ['x'.repeat(100), true],
    ['x'.repeat(101), false],
  ])('username %j valid: %s, in the CLI and the API alike', (username, valid) => {
    expect(isValidUsername(username)).toBe(valid);
    expect(z.safeParse(CreateUserRequestSchema, { ...base, username }).success).toBe(valid);
  });

  it('passwords need 10 to 1000 characters, in the CLI and the API alike', () => {
    for (const [password, valid] of [
      ['123456789', false],
      ['1234567890', true],
      ['x'.repeat(1000), true],
      ['x'.repeat(1001), false],
    ] as const) {
      expect(isValidPassword(password)).toBe(valid);
      expect(z.safeParse(ResetPasswordRequestSchema, { password }).success).toBe(valid);
    }
  });

  it('compares usernames trimmed and lower case', () => {
    expect(normaliseUsername('  Alice ')).toBe('alice');
  });
});
