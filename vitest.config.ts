import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Four projects: unit (beside the code, fake-indexeddb), server, integration (real servers and
// both stores) and e2e (Chromium against the built app). The machine has two cores, so e2e runs
// one file at a time.
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
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
