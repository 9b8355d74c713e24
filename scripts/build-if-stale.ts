import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clientSourceHash, readStamp } from './client-stamp';

/**
 * `npm start`'s first step: build the app only when dist/ was not built from the sources as they
 * are now (see client-stamp.ts). A server restart then costs a second, not a full Vite build.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');

const wanted = clientSourceHash(root);
if (readStamp(dist) === wanted) {
  console.log('The app in dist/ is up to date with its sources: not rebuilding');
} else {
  console.log('The app’s sources changed since the last build (or there is none): building');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
