/**
 * Initial JavaScript, gzipped: what a tablet must fetch and parse before the first screen. The
 * floor is React + ReactDOM alone, built by the same Vite with the same settings, so the ratio
 * says how much the app adds on top of the framework it cannot do without.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { initialScripts } from '../support/first-visit';
import { ARTIFACTS_DIR, DIST_DIR, assertDistBuilt } from '../support/paths';
import type { BenchSuite } from './types';

const GZIP_LEVEL = 9; // what a well-configured server or CDN would serve
const BUNDLE_GOAL_KB = 180;

/** Each initial script with its gzipped size in KB, largest first. */
export const initialJsGzip = (distDir: string): { src: string; kb: number }[] => {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const scripts = initialScripts(html);
  if (scripts.length === 0) throw new Error(`${distDir}/index.html has no module script`);
  return scripts
    .map((src) => ({
      src,
      kb:
        gzipSync(readFileSync(join(distDir, src.replace(/^\//, ''))), { level: GZIP_LEVEL })
          .length / 1024,
    }))
    .sort((a, b) => b.kb - a.kb);
};

/** Sum of each initial script gzipped on its own, as each is a separate response. */
export const initialJsGzipKb = (distDir: string): number =>
  initialJsGzip(distDir).reduce((sum, script) => sum + script.kb, 0);

/** Builds a page that renders one element with React 19 and returns its initial JS, gzipped. */
export const reactFloorKb = async (): Promise<number> => {
  // Inside the repo so `react` resolves from node_modules; the folder is gitignored.
  const root = join(ARTIFACTS_DIR, 'bench-react-floor');
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html lang="en"><title>floor</title><div id="root"></div>' +
      '<script type="module" src="./main.ts"></script></html>\n',
  );
  writeFileSync(
    join(root, 'main.ts'),
    "import { createElement } from 'react';\nimport { createRoot } from 'react-dom/client';\n" +
      "createRoot(document.getElementById('root')!).render(createElement('p', null, 'floor'));\n",
  );
  await build({
    configFile: false,
    root,
    logLevel: 'silent',
    build: { outDir: join(root, 'dist'), emptyOutDir: true },
  });
  return initialJsGzipKb(join(root, 'dist'));
};

export const clientBundle: BenchSuite = {
  title: 'client bundle',
  run: async () => {
    assertDistBuilt();
    const scripts = initialJsGzip(DIST_DIR);
    // Where the kilobytes are, for whoever has to bring the figure down.
    for (const { src, kb } of scripts.slice(0, 5)) console.log(`  ${kb.toFixed(1)} KB  ${src}`);
    const app = scripts.reduce((sum, script) => sum + script.kb, 0);
    const floor = await reactFloorKb();
    return [
      {
        name: 'initial JavaScript, gzipped',
        value: app,
        unit: 'KB',
        floor: { name: 'React + ReactDOM alone', value: floor },
        goal: `≤ ${BUNDLE_GOAL_KB} KB`,
      },
    ];
  },
};
