import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';

/** Files a browser must re-check every time, or a new version of the app never takes over. */
const ALWAYS_REVALIDATE = new Set(['index.html', 'sw.js', 'registerSW.js', 'manifest.webmanifest']);
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * Serves the built PWA from `dist/`. Vite puts content-hashed files under `/assets`, so they can
 * be cached forever; everything else is revalidated. Any other GET that is not the API falls back
 * to index.html so deep links work (the client router takes over).
 */
export const staticApp = (staticDir: string): Router => {
  const router = express.Router();
  const indexFile = path.join(staticDir, 'index.html');
  router.use(
    express.static(staticDir, {
      index: false,
      setHeaders(res, filePath) {
        const relative = path.relative(staticDir, filePath).split(path.sep);
        if (ALWAYS_REVALIDATE.has(relative.join('/'))) {
          res.setHeader('Cache-Control', 'no-cache');
        } else if (relative[0] === 'assets') {
          res.setHeader('Cache-Control', `public, max-age=${YEAR_SECONDS}, immutable`);
        } else {
          res.setHeader('Cache-Control', 'no-cache');
        }
      },
    }),
  );
  router.get(/^(?!\/api(\/|$)).*/, (_req, res, next) => {
    if (!existsSync(indexFile)) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
};
