import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the built app in dist/ was built from: a SHA-256 over every file the client build reads
 * (src/, public/, index.html, vite.config.ts and the lockfile), stored in dist/ by the build
 * itself (a plugin in vite.config.ts). `npm start` rebuilds only when it no longer matches.
 * Contents, not mtimes: a fresh clone or a `git checkout` touches every mtime without changing
 * a byte. Tests and notes beside the code are left out: they never reach the bundle.
 */
export const CLIENT_INPUTS = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  // The plugin vite.config.ts runs last: what it writes into dist/ is part of the build.
  'scripts/precompress.ts',
  'package-lock.json',
];
export const STAMP_FILE = '.client-sources.sha256';

const leftOut = (name: string) => /\.test\.tsx?$/.test(name) || name.endsWith('.md');

const filesUnder = (root: string, relative: string): string[] => {
  const full = path.join(root, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full)
    .sort()
    .flatMap((name) => (leftOut(name) ? [] : filesUnder(root, path.join(relative, name))));
};

export const clientSourceHash = (root: string): string => {
  const hash = createHash('sha256');
  for (const file of CLIENT_INPUTS.flatMap((input) => filesUnder(root, input))) {
    // The name too, so moving a file is a change; NUL cannot occur in a path.
    hash.update(file.split(path.sep).join('/')).update('\0');
    hash.update(readFileSync(path.join(root, file))).update('\0');
  }
  return hash.digest('hex');
};

export const readStamp = (distDir: string): string | undefined => {
  const file = path.join(distDir, STAMP_FILE);
  return existsSync(file) && existsSync(path.join(distDir, 'index.html'))
    ? readFileSync(file, 'utf8').trim()
    : undefined;
};

export const writeStamp = (distDir: string, hash: string): void =>
  writeFileSync(path.join(distDir, STAMP_FILE), `${hash}\n`);
