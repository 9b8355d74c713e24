import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { BrotliOptions, ZlibOptions } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Text formats worth compressing. PNG and woff2 are compressed already; source maps are left
 * out because no tablet downloads them and brotli at its best level on megabytes of maps would
 * slow every build.
 */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|webmanifest|json|txt|xml)$/i;

/**
 * The sibling files the server looks for (sync-server/src/http/static.ts), the same convention
 * as nginx's gzip_static and brotli_static. Built once, so each is compressed at its best level:
 * the time is paid at build, never per request.
 */
const brotliOptions = (bytes: Buffer): BrotliOptions => ({
  params: {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
  },
});
const GZIP_OPTIONS: ZlibOptions = { level: 9 };

export const PRECOMPRESSED = [
  {
    suffix: '.br',
    compress: (bytes: Buffer) => brotli(bytes, brotliOptions(bytes)),
    compressSync: (bytes: Buffer) => brotliCompressSync(bytes, brotliOptions(bytes)),
  },
  {
    suffix: '.gz',
    compress: (bytes: Buffer) => gzipAsync(bytes, GZIP_OPTIONS),
    compressSync: (bytes: Buffer) => gzipSync(bytes, GZIP_OPTIONS),
  },
] as const;

/**
 * A variant must save more than the headers it adds (`Content-Encoding: gzip` and
 * `Vary: Accept-Encoding` are 47 bytes on the wire): a 185-byte chunk that gzips to 181 is
 * better sent as it is.
 */
const ENCODING_HEADERS_BYTES = 64;
const worthIt = (packed: Buffer, plain: Buffer): boolean =>
  packed.length + ENCODING_HEADERS_BYTES < plain.length;

const filesUnder = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
};

export type PrecompressSummary = { files: number; bytes: number; brotliBytes: number };

/**
 * Writes `<file>.br` and `<file>.gz` beside every compressible file under `dir`, keeping a
 * variant only when it saves more than the headers it costs (a tiny file can even grow). The
 * zlib calls run on libuv's thread pool, so starting them all at once uses every core.
 */
export const precompressDir = async (dir: string): Promise<PrecompressSummary> => {
  const files = (await filesUnder(dir)).filter((file) => COMPRESSIBLE.test(file));
  const sizes = await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file);
      const [br] = await Promise.all(
        PRECOMPRESSED.map(async ({ suffix, compress }) => {
          const packed = await compress(bytes);
          if (!worthIt(packed, bytes)) return bytes.length;
          await writeFile(file + suffix, packed);
          return packed.length;
        }),
      );
      return { bytes: bytes.length, brotliBytes: br ?? bytes.length };
    }),
  );
  return {
    files: files.length,
    bytes: sizes.reduce((sum, s) => sum + s.bytes, 0),
    brotliBytes: sizes.reduce((sum, s) => sum + s.brotliBytes, 0),
  };
};

/**
 * Rewrites the siblings of one file after it changed (tests that make "a new version" of a
 * build): a stale `.br` would otherwise be served in its place.
 */
export const precompressFileSync = (file: string): void => {
  const bytes = readFileSync(file);
  for (const { suffix, compressSync } of PRECOMPRESSED) {
    const packed = compressSync(bytes);
    if (worthIt(packed, bytes)) writeFileSync(file + suffix, packed);
    else rmSync(file + suffix, { force: true });
  }
};

/**
 * Vite plugin: precompress the finished build. It must run after vite-plugin-pwa writes sw.js
 * and the workbox runtime in its own closeBundle, so it is listed after it and runs `post`.
 * Workbox's precache globs name plain extensions, so the .br/.gz files never enter the precache
 * list: the service worker fetches the plain URLs and the browser negotiates the encoding.
 */
export const precompress = (): Plugin => {
  let config: ResolvedConfig | undefined;
  return {
    name: 'fieldbook:precompress',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        if (!config || config.build.ssr) return;
        const outDir = path.resolve(config.root, config.build.outDir);
        const summary = await precompressDir(outDir);
        config.logger.info(
          `precompressed ${summary.files} files: ${(summary.bytes / 1024).toFixed(0)} KiB → ` +
            `${(summary.brotliBytes / 1024).toFixed(0)} KiB brotli (and gzip beside)`,
        );
      },
    },
  };
};
