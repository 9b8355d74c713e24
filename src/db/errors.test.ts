import { describe, expect, it } from 'vitest';
import { isQuotaError, StorageFullError } from './errors';

describe('isQuotaError', () => {
  const openFailed = new DOMException(
    'Internal error opening backing store for indexedDB.open.',
    'UnknownError',
  );

  it('knows the quota and its own StorageFullError, through Dexie’s inner and a cause', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(isQuotaError(quota)).toBe(true);
    expect(isQuotaError(Object.assign(new Error('DexieError'), { inner: quota }))).toBe(true);
    expect(isQuotaError(new StorageFullError(quota))).toBe(true);
    expect(isQuotaError(new Error('network', { cause: new Error('reset') }))).toBe(false);
  });

  it('knows Chromium’s full disk (an UnknownError), and the store that will not open on it', () => {
    const noSpace = new DOMException(
      'Connection is closing because of: IO error: .../000003.log: FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)',
      'UnknownError',
    );
    expect(isQuotaError(Object.assign(new Error('UnknownError'), { inner: noSpace }))).toBe(true);
    expect(isQuotaError(Object.assign(new Error('OpenFailedError'), { inner: openFailed }))).toBe(
      true,
    );
    expect(isQuotaError(new DOMException('Some other failure', 'UnknownError'))).toBe(false);
    expect(isQuotaError(new Error('no space left on the form'))).toBe(false);
  });
});
