import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

/** How many e2e files run at once: 2 unless E2E_WORKERS says otherwise (1 = one at a time). */
const e2eWorkers = Number(process.env.E2E_WORKERS ?? 2);
if (!Number.isInteger(e2eWorkers) || e2eWorkers < 1)
  throw new Error(`E2E_WORKERS must be a whole number from 1, not "${process.env.E2E_WORKERS}"`);

// Four projects: unit (beside the code, fake-indexeddb), server, integration (real servers and
// both stores) and e2e (Chromium against the built app). e2e runs after the other three, two files
// at a time (see its project below).
export default defineConfig({
  plugins: [react()],
  test: {
    // Vitest's default is one worker fewer than the cores, which on the two-core CI machine is
    // one: every unit, server and integration file then ran alone while the other core mostly
    // waited (a test file here waits on child processes, SQLite fsyncs and worker threads as much
    // as it computes). Two workers: unit 126 -> 91 s on that machine. e2e stays one file at a time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // A global a test stubs (vi.stubGlobal) is put back after it, so none outlives its test.
    unstubGlobals: true,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup/unit.ts'],
          environment: 'node',
          // Component tests render whole screens through real encrypted Dexie writes: a few
          // seconds each, more on a busy two-core machine, so the 5 s default is too close.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['sync-server/**/*.test.ts', 'scripts/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/setup/unit.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // After unit, server and integration have finished (group 1 starts when group 0 is
          // done), two files at a time: an e2e file spends much of its time waiting on Chromium,
          // its server and the page's timers, so on the two-core CI machine a second file uses
          // the idle core. With fileParallelism: false Vitest ran the 35 files one by one after
          // everything else: the whole e2e project took 588 s that way and 405 s two at a time,
          // back to back on the shared two-core machine (load 3-6, then 8-10). Every e2e server takes a free port (startServer's
          // default) and every file its own data, dist copy and profile, so two files never
          // share anything. E2E_WORKERS=1 runs them one at a time again, e.g. to rule load out.
          sequence: { groupOrder: 1 },
          maxWorkers: e2eWorkers,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
