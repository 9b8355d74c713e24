import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Builds tests/bench/pages into tests/.artifacts/bench-page: the app's data layer without the app,
// so a bench measures IndexedDB work and not React. Production mode, like the app.
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./pages'),
  logLevel: 'warn',
  build: {
    outDir: here('../.artifacts/bench-page'),
    emptyOutDir: true,
    sourcemap: false,
    // Readable names in a CPU profile (trace-screen-load.ts profile); never for measuring.
    ...(process.env.FIELDBOOK_BENCH_UNMINIFIED ? { minify: false } : {}),
  },
});
