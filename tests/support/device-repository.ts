import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { BrowserContext, Page } from 'playwright-core';
import type { DeviceRepository, NewNote, NoteEdit } from './pages/device-repository';
import { REPO_ROOT } from './paths';

export type { NewNote, NoteEdit } from './pages/device-repository';

let bundled: string | undefined;

/**
 * tests/support/pages/device-repository.ts as one classic script, built once per test process
 * (esbuild, a few hundred ms). Evaluated through CDP, so the app's strict CSP does not apply to it.
 * With no `import.meta.url` the sealing worker cannot start, and the repository seals on the
 * page's thread, as it does wherever there is no worker.
 */
const script = (): string =>
  (bundled ??= buildSync({
    entryPoints: [join(REPO_ROOT, 'tests', 'support', 'pages', 'device-repository.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    define: { 'import.meta.env': '{"PROD":true,"DEV":false}' },
  }).outputFiles[0]!.text);

export type DeviceTab = {
  page: Page;
  inspections: () => Promise<{ id: string; area: string }[]>;
  createNotes: (inspectionId: string, notes: readonly NewNote[]) => Promise<string[]>;
  editNotes: (edits: readonly NoteEdit[]) => Promise<void>;
  outbox: () => Promise<{ unsent: number; all: number }>;
  /** Lets every write finish, closes the database and the tab. */
  close: () => Promise<void>;
};

/**
 * A second tab of the app on this device (`context`, at `origin`), with the app's own repository
 * unlocked by the device password: bulk records written the way the editor writes them, for a
 * test that needs hundreds of notes faster than typing them. The app's tabs learn of the writes
 * as they do of another tab's.
 */
export const openDeviceTab = async (
  context: BrowserContext,
  origin: string,
  password: string,
): Promise<DeviceTab> => {
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.evaluate(script());
  await page.evaluate((p) => window.fieldbookDevice!.unlock(p), password);
  const call = <K extends keyof DeviceRepository>(
    name: K,
    ...args: Parameters<DeviceRepository[K]>
  ) =>
    page.evaluate(
      ([n, a]) => (window.fieldbookDevice![n] as (...x: unknown[]) => unknown)(...(a as unknown[])),
      [name, args] as const,
    ) as Promise<Awaited<ReturnType<DeviceRepository[K]>>>;
  return {
    page,
    inspections: () => call('inspections'),
    createNotes: (inspectionId, notes) => call('createNotes', inspectionId, notes),
    editNotes: (edits) => call('editNotes', edits),
    outbox: () => call('outbox'),
    close: async () => {
      await call('close');
      await page.close();
    },
  };
};
