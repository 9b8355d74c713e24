import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { precompressFileSync } from '../../scripts/precompress';
import { DIST_DIR } from './paths';

/**
 * A copy of the built app in a temp dir, to serve with `STATIC_DIR`: the test keeps the same
 * files for its whole run even if `dist/` is rebuilt meanwhile. The caller removes it.
 */
export const copyDist = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-dist-'));
  cpSync(DIST_DIR, dir, { recursive: true });
  return dir;
};

/**
 * "A new version": a copy of the built app whose index.html carries
 * `<meta name="fieldbook-build" content="<marker>">`, with the precache revision of index.html
 * in sw.js changed to match (and both files' .br/.gz siblings rebuilt), so the browser finds a
 * changed service worker and precaches the new shell — what a real release looks like to a tablet.
 */
export const copyDistAsNewVersion = (from: string, marker: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-dist-next-'));
  cpSync(from, dir, { recursive: true });
  const indexPath = join(dir, 'index.html');
  const index = readFileSync(indexPath, 'utf8').replace(
    '</head>',
    `<meta name="fieldbook-build" content="${marker}"></head>`,
  );
  writeFileSync(indexPath, index);
  const swPath = join(dir, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  const revision = createHash('md5').update(index).digest('hex');
  const updated = sw.replace(/(\{url:"index\.html",revision:")[0-9a-f]+(")/, `$1${revision}$2`);
  if (updated === sw) throw new Error('sw.js has no precache entry for index.html to update');
  writeFileSync(swPath, updated);
  // The server sends the precompressed siblings when the browser accepts them: they change too.
  for (const file of [indexPath, swPath]) precompressFileSync(file);
  return dir;
};
