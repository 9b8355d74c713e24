import { describe, expect, it, vi } from 'vitest';
import { APP_LOAD_FAILED, AppLoadError, isCodeLoadFailure } from '../features/shared/code-load';
import { loadOnce } from './load-once';

describe('loadOnce (the app behind the gate)', () => {
  it('loads once, however often it is asked for', async () => {
    const load = vi.fn(() => Promise.resolve('app'));
    const app = loadOnce(load);
    expect(await Promise.all([app(), app()])).toEqual(['app', 'app']);
    expect(await app()).toBe('app');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('fails in words the user can act on, and fetches again on the next try', async () => {
    const lost = new TypeError('Failed to fetch dynamically imported module');
    const load = vi.fn().mockRejectedValueOnce(lost).mockResolvedValueOnce('app');
    const app = loadOnce<string>(load);
    const failure = await app().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppLoadError);
    expect(isCodeLoadFailure(failure)).toBe(true);
    expect((failure as Error).message).toBe(APP_LOAD_FAILED);
    expect((failure as Error).cause).toBe(lost);
    expect(await app()).toBe('app');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('tells code that is missing from code that failed', () => {
    expect(
      isCodeLoadFailure(new TypeError('Failed to fetch dynamically imported module: /assets/x.js')),
    ).toBe(true);
    expect(isCodeLoadFailure(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(
      isCodeLoadFailure(new TypeError("Cannot read properties of undefined (reading 'id')")),
    ).toBe(false);
    expect(isCodeLoadFailure('Failed to fetch dynamically imported module')).toBe(false);
  });
});
