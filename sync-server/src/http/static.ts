import { stat } from 'node:fs/promises';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { chooseEncoding, type ContentCoding } from './encoding';

/** Files a browser must re-check every time, or a new version of the app never takes over. */
const ALWAYS_REVALIDATE = new Set(['index.html', 'sw.js', 'registerSW.js', 'manifest.webmanifest']);
/** Vite hashes everything under assets/; vite-plugin-pwa hashes the workbox runtime's name. */
const CONTENT_HASHED = /^(?:assets\/.+|workbox-[0-9a-f]{8}\.js)$/;
const YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The build (scripts/precompress.ts) writes `<file>.br` and `<file>.gz` beside each text file, in
 * the order the server prefers them: brotli is about a fifth smaller than gzip on this app.
 */
const SIBLINGS: readonly { coding: ContentCoding; suffix: string }[] = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
];

const cacheControl = (relative: string): string => {
  if (ALWAYS_REVALIDATE.has(relative)) return 'no-cache';
  if (CONTENT_HASHED.test(relative)) return `public, max-age=${YEAR_SECONDS}, immutable`;
  return 'no-cache';
};

/** A request path as a file path inside the static dir, or null for anything suspicious. */
const relativeFile = (requestPath: string): string | null => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  // No climbing out, no dotfiles: express.static answers these the way it always has.
  if (relative === '' || relative.split('/').some((part) => part === '..' || part.startsWith('.')))
    return null;
  return relative;
};

const isFile = async (file: string): Promise<boolean> => {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
};

/** The precompressed siblings that exist for `file`, in the server's order of preference. */
const siblingsOf = async (file: string): Promise<ContentCoding[]> => {
  const present = await Promise.all(SIBLINGS.map(({ suffix }) => isFile(file + suffix)));
  return SIBLINGS.filter((_, i) => present[i]).map(({ coding }) => coding);
};

/**
 * Sends `relative` (a file known to exist), precompressed when the build made a variant the
 * browser accepts. The answer depends on Accept-Encoding whenever a variant exists, so caches
 * are told so (Vary) even when the plain file goes out.
 */
const sendBuilt = async (
  staticDir: string,
  relative: string,
  req: Request,
  res: Response,
  next: NextFunction,
): Promise<void> => {
  const file = path.join(staticDir, relative);
  const codings = await siblingsOf(file);
  const coding = chooseEncoding(req.get('accept-encoding'), codings);
  if (codings.length > 0) res.vary('Accept-Encoding');
  res.setHeader('Cache-Control', cacheControl(relative));
  // The type of the file itself, not of `.br`; send() keeps a Content-Type already set.
  res.type(path.extname(relative));
  const sibling = SIBLINGS.find((s) => s.coding === coding);
  if (sibling) res.setHeader('Content-Encoding', sibling.coding);
  const sent = sibling ? file + sibling.suffix : file;
  // Each variant has its own ETag (from its own size and mtime), as HTTP asks of representations.
  // Set here because the app turns Express's ETags off (app.ts); send() still answers 304 by it.
  const stats = await stat(sent).catch(() => undefined);
  if (stats)
    res.setHeader('ETag', `W/"${stats.size.toString(16)}-${stats.mtime.getTime().toString(16)}"`);
  res.sendFile(sent, { cacheControl: false }, (error) => {
    if (error && !res.headersSent) next(error);
  });
};

/** A path that names a file (`/robots.txt`, `/assets/x.js`) never falls back to the app's HTML. */
const looksLikeFile = (requestPath: string): boolean => /\.[a-z0-9]+$/i.test(requestPath);

/**
 * Serves the built PWA from `dist/`, precompressed (brotli or gzip, negotiated per request).
 * Vite puts content-hashed files under `/assets`, so they are cached forever; everything else is
 * revalidated. Any other GET that is not the API and does not name a file falls back to
 * index.html so deep links work (the client router takes over); a missing file is a 404, so a
 * stale chunk or robots.txt is never answered with HTML.
 */
export const staticApp = (staticDir: string): Router => {
  const router = express.Router();
  const indexFile = path.join(staticDir, 'index.html');
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const relative = relativeFile(req.path);
    if (relative === null) return next();
    isFile(path.join(staticDir, relative)).then(
      (found) => (found ? sendBuilt(staticDir, relative, req, res, next) : next()),
      next,
    );
  });
  // What the middleware above passes over (odd paths) gets express.static's careful answers.
  router.use(
    express.static(staticDir, {
      index: false,
      setHeaders(res, filePath) {
        res.setHeader(
          'Cache-Control',
          cacheControl(path.relative(staticDir, filePath).split(path.sep).join('/')),
        );
      },
    }),
  );
  router.get(/^(?!\/api(\/|$)).*/, (req, res, next) => {
    if (looksLikeFile(req.path)) return next();
    isFile(indexFile).then(
      (found) => (found ? sendBuilt(staticDir, 'index.html', req, res, next) : next()),
      next,
    );
  });
  return router;
};
