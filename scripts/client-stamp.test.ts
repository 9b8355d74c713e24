import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { clientSourceHash, readStamp } from './client-stamp';

/** Issue 11 point 6: `npm start` rebuilds the app only when its sources changed. */
const run = promisify(execFile);
const REPO_ROOT = path.resolve(import.meta.dirname, '..');

describe('the client source stamp', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'fieldbook-stamp-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };

  it('changes with any byte, name or input the build reads, and with nothing else', () => {
    write('src/app/App.tsx', 'export const App = 1;');
    write('src/domain/merge.ts', 'export const merge = 2;');
    write('public/favicon.svg', '<svg/>');
    write('index.html', '<title>Fieldbook</title>');
    write('vite.config.ts', 'export default {};');
    write('package-lock.json', '{}');
    const first = clientSourceHash(root);

    // A checkout touches mtimes without changing a byte; tests and notes never reach the bundle.
    utimesSync(path.join(root, 'src/app/App.tsx'), new Date(0), new Date(0));
    write('src/app/App.test.tsx', 'test');
    write('src/app/README.md', 'notes');
    write('tests/e2e/x.test.ts', 'elsewhere');
    expect(clientSourceHash(root)).toBe(first);

    write('src/app/App.tsx', 'export const App = 3;');
    const edited = clientSourceHash(root);
    expect(edited).not.toBe(first);
    renameSync(path.join(root, 'src/domain/merge.ts'), path.join(root, 'src/domain/merged.ts'));
    expect(clientSourceHash(root)).not.toBe(edited);
    const renamed = clientSourceHash(root);
    write('package-lock.json', '{"lockfileVersion":3}');
    expect(clientSourceHash(root)).not.toBe(renamed);
  });

  // dist/ is built by `npm test` (vite build) just before the tests, so in CI its stamp matches.
  // Run alone after editing the app, dist/ is honestly stale: then there is nothing to show
  // (running the script would rebuild the dist/ other tests are reading), but a build that left
  // no stamp at all still fails.
  it.skipIf(!existsSync(path.join(REPO_ROOT, 'dist', 'index.html')))(
    'the build stamps dist/, and a start with unchanged sources skips the build',
    async (context) => {
      const dist = path.join(REPO_ROOT, 'dist');
      const stamp = readStamp(dist);
      expect(stamp, 'the build wrote no stamp into dist/').toMatch(/^[0-9a-f]{64}$/);
      if (stamp !== clientSourceHash(REPO_ROOT))
        context.skip('the sources changed since dist/ was built');
      const builtAt = statSync(path.join(dist, 'index.html')).mtimeMs;
      const { stdout } = await run(
        path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
        ['scripts/build-if-stale.ts'],
        {
          cwd: REPO_ROOT,
        },
      );
      expect(stdout).toContain('up to date');
      expect(statSync(path.join(dist, 'index.html')).mtimeMs).toBe(builtAt);
    },
  );
});
