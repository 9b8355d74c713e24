import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so tests and benches work from any cwd. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_DIR = join(REPO_ROOT, 'dist');
/** Gitignored: bench results, built bench pages, scratch builds. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'tests', '.artifacts');
/**
 * Node's own arguments to run a TypeScript entry point (`sync-server/src/main.ts`, the admin CLI)
 * as a child: `node --import tsx <file>`, one process with tsx's loader. The `tsx` command itself
 * starts a second Node to run that same loader in. On the two-core CI machine a server's start to
 * /healthz took 781 -> 631 ms (median of 6 each, alternated, machine idle) and the admin CLI
 * 2.8-3.4 -> 2.0-2.5 s with other work running; e2e starts about 75 of them.
 * Spawn `process.execPath` with these, from REPO_ROOT (where `tsx` resolves).
 */
export const tsxArgs = (script: string, ...args: readonly string[]): string[] => [
  '--import',
  'tsx',
  script,
  ...args,
];

/**
 * End-to-end tests and benches run against the built app, which `npm test` and `npm run bench`
 * build first. Fail with the fix in the message rather than with a confusing 404 from the server.
 */
export const assertDistBuilt = (): void => {
  for (const file of ['index.html', 'sw.js', 'manifest.webmanifest']) {
    if (!existsSync(join(DIST_DIR, file))) {
      throw new Error(
        `dist/${file} is missing: build the app first (\`npm run build\`; \`npm test\` and ` +
          '`npm run bench` do this for you).',
      );
    }
  }
};
