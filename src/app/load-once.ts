import { AppLoadError } from '../features/shared/code-load';

/**
 * Loads something once and keeps it: later calls share the first call's promise. A failed load is
 * forgotten, so the next try fetches again rather than repeating the failure, and it fails with
 * words for the user (AppLoadError) rather than the browser's "Failed to fetch dynamically
 * imported module".
 */
export const loadOnce = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((cause: unknown) => {
      loading = null;
      throw new AppLoadError(cause);
    });
    return loading;
  };
};
