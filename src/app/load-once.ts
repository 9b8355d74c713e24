/** What the user reads when the app's code cannot be fetched (a first visit whose connection dropped). */
export const APP_LOAD_FAILED = 'Fieldbook could not load. Check the connection, then try again.';

/**
 * Loads something once and keeps it: later calls share the first call's promise. A failed load is
 * forgotten, so the next try fetches again rather than repeating the failure, and it fails with
 * words for the user rather than the browser's "Failed to fetch dynamically imported module".
 */
export const loadOnce = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((cause: unknown) => {
      loading = null;
      throw new Error(APP_LOAD_FAILED, { cause });
    });
    return loading;
  };
};
