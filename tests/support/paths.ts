import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so tests and benches work from any cwd. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DIST_DIR = join(REPO_ROOT, 'dist');
/** Gitignored: bench results, built bench pages, scratch builds. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'tests', '.artifacts');
export const TSX_BIN = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

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
