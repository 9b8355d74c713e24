import { Button } from './govuk';

/** What the user reads when the app's code cannot be fetched. */
export const APP_LOAD_FAILED =
  'Fieldbook could not load. Check the connection, then try again. If it still does not load, reload Fieldbook.';

/** The app's code could not be fetched: trying again, or reloading, is the way out. */
export class AppLoadError extends Error {
  constructor(cause: unknown) {
    super(APP_LOAD_FAILED, { cause });
    this.name = 'AppLoadError';
  }
}

/** The browsers' words for an `import()` whose file could not be fetched or run (Chromium, Firefox, Safari; Vite's CSS preload). */
const IMPORT_FAILED = [
  'Failed to fetch dynamically imported module',
  'error loading dynamically imported module',
  'Importing a module script failed',
  'Unable to preload CSS',
];

/**
 * Whether an error means code of the app is missing rather than broken: the gate's load of the
 * app, or a screen's own `import()`. A tab left open across an update asks for files the update
 * removed, and only a reload, which takes the new version, mends that.
 */
export const isCodeLoadFailure = (error: unknown): boolean =>
  error instanceof AppLoadError ||
  (error instanceof Error && IMPORT_FAILED.some((words) => error.message.includes(words)));

/** Loads the app again, from the service worker or the server: the way out of code that is gone. */
export const ReloadButton = () => (
  <Button variant="secondary" onClick={() => window.location.reload()}>
    Reload Fieldbook
  </Button>
);
