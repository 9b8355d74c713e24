import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { precompressDir } from '../../scripts/precompress';
import { createApp } from '../src/app';
import { chooseEncoding } from '../src/http/encoding';
import { rawRequest } from './raw-http';
import { START_MS, openTestStore, type OpenedStore } from './world';

/** Issue 10 point 4: a first visit downloads the app compressed, and caches what it can forever. */

const SECRET = 'not-for-the-web';

/** What Chromium sends on every request. */
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd' };

/** Something the size and shape of a real chunk, so compression pays. */
const SCRIPT = Array.from(
  { length: 400 },
  (_, i) => `export const field${i} = () => render("govuk-body", ${i});`,
).join('\n');

describe('serving the built app precompressed', () => {
  const clock = fixedClock(START_MS, 1);
  let opened: OpenedStore;
  let dist: string;
  let server: Server;
  let base: string;
  const get = (urlPath: string, headers: Record<string, string> = {}) =>
    rawRequest(`${base}${urlPath}`, headers);

  beforeAll(async () => {
    opened = await openTestStore('sqlite', clock);
    dist = mkdtempSync(path.join(tmpdir(), 'fieldbook-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    mkdirSync(path.join(dist, 'icons'));
    const html = `<!doctype html><title>Fieldbook</title>${'<meta name="x" content="y">'.repeat(40)}`;
    writeFileSync(path.join(dist, 'index.html'), html);
    writeFileSync(path.join(dist, 'sw.js'), SCRIPT);
    writeFileSync(path.join(dist, 'workbox-0123abcd.js'), SCRIPT);
    writeFileSync(
      path.join(dist, 'manifest.webmanifest'),
      JSON.stringify({ name: 'x'.repeat(300) }),
    );
    writeFileSync(path.join(dist, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js.map'), SCRIPT);
    writeFileSync(
      path.join(dist, 'assets', 'index-def456.css'),
      '.govuk-body{margin:0}'.repeat(200),
    );
    writeFileSync(path.join(dist, 'icons', 'icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    await precompressDir(dist);
    const app = createApp({ store: opened.store, clock, staticDir: dist });
    await new Promise<void>((resolve) => {
      server = app.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await opened?.close();
    rmSync(dist, { recursive: true, force: true });
    rmSync(`${dist}-secret.txt`, { force: true });
  });

  it('the build writes .br and .gz beside text files, never beside maps, images or tiny files', () => {
    for (const file of [
      'index.html',
      'sw.js',
      'assets/index-abc123.js',
      'assets/index-def456.css',
    ]) {
      expect(existsSync(path.join(dist, `${file}.br`)), `${file}.br`).toBe(true);
      expect(existsSync(path.join(dist, `${file}.gz`)), `${file}.gz`).toBe(true);
    }
    // 26 bytes of robots.txt would only grow; maps are never fetched by a tablet; PNG is packed.
    for (const file of ['robots.txt', 'assets/index-abc123.js.map', 'icons/icon-192.png']) {
      expect(existsSync(path.join(dist, `${file}.br`)), `${file}.br`).toBe(false);
      expect(existsSync(path.join(dist, `${file}.gz`)), `${file}.gz`).toBe(false);
    }
  });

  it('sends brotli to a browser, with its own type, length and Vary, decompressing to the file', async () => {
    const res = await get('/assets/index-abc123.js', BROWSER);
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/^text\/javascript/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.body.length).toBeLessThan(SCRIPT.length / 4);
    expect(brotliDecompressSync(res.body).toString()).toBe(SCRIPT);
  });

  it('sends gzip to a client that takes only gzip, and the plain file to one that names none', async () => {
    const gzipped = await get('/assets/index-def456.css', { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gzipped.headers['content-type']).toMatch(/^text\/css/);
    expect(gunzipSync(gzipped.body)).toEqual(
      readFileSync(path.join(dist, 'assets', 'index-def456.css')),
    );
    const plain = await get('/assets/index-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it('honours q-values: br;q=0 refuses brotli, a higher gzip weight wins, identity alone is plain', async () => {
    expect(
      (await get('/sw.js', { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding'],
    ).toBe('gzip');
    expect(
      (await get('/sw.js', { 'accept-encoding': 'gzip;q=1, br;q=0.5' })).headers[
        'content-encoding'
      ],
    ).toBe('gzip');
    expect(
      (await get('/sw.js', { 'accept-encoding': 'identity' })).headers['content-encoding'],
    ).toBeUndefined();
    expect((await get('/sw.js', { 'accept-encoding': '*' })).headers['content-encoding']).toBe(
      'br',
    );
  });

  it('gives each encoding its own ETag and answers a matching revalidation with 304', async () => {
    const br = await get('/sw.js', BROWSER);
    const plain = await get('/sw.js');
    expect(br.headers.etag).toBeTruthy();
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    const again = await get('/sw.js', { ...BROWSER, 'if-none-match': br.headers.etag ?? '' });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('answers HEAD with the headers of the compressed file and no body', async () => {
    const res = await rawRequest(`${base}/assets/index-abc123.js`, BROWSER, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBe(
      readFileSync(path.join(dist, 'assets', 'index-abc123.js.br')).length,
    );
    expect(res.body.length).toBe(0);
  });

  it('caches hashed files for a year, immutable; revalidates the shell, sw.js, the manifest and the rest', async () => {
    for (const file of [
      '/assets/index-abc123.js',
      '/assets/index-def456.css',
      '/workbox-0123abcd.js',
    ]) {
      expect((await get(file, BROWSER)).headers['cache-control'], file).toBe(
        'public, max-age=31536000, immutable',
      );
    }
    for (const file of [
      '/',
      '/index.html',
      '/sw.js',
      '/manifest.webmanifest',
      '/robots.txt',
      '/icons/icon-192.png',
    ]) {
      expect((await get(file, BROWSER)).headers['cache-control'], file).toBe('no-cache');
    }
  });

  it('serves the app shell compressed for / and for deep links', async () => {
    for (const route of ['/', '/inspections/123/evidence']) {
      const res = await get(route, BROWSER);
      expect(res.status, route).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(res.body).toString()).toContain('<title>Fieldbook</title>');
    }
  });

  it('answers robots.txt as text that disallows everything, never as the app', async () => {
    const res = await get('/robots.txt', BROWSER);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body.toString()).toBe('User-agent: *\nDisallow: /\n');
  });

  it('answers a missing file with a JSON 404, not the app: a stale chunk must fail as itself', async () => {
    for (const missing of ['/assets/index-gone99.js', '/favicon.ico', '/sitemap.xml']) {
      const res = await get(missing, BROWSER);
      expect(res.status, missing).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(res.body.toString()).error.code).toBe('not-found');
    }
  });

  it('leaves files without a compressed sibling as they are, and serves nothing from outside dist', async () => {
    const png = await get('/icons/icon-192.png', BROWSER);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers.vary ?? '').not.toMatch(/Accept-Encoding/i);
    // A secret beside dist/ must stay out of reach however the path is spelled.
    writeFileSync(path.join(dist, '..', `${path.basename(dist)}-secret.txt`), SECRET);
    for (const sneaky of [
      `/..%2f${path.basename(dist)}-secret.txt`,
      `/assets/%2e%2e/%2e%2e/${path.basename(dist)}-secret.txt`,
      `/..%5c${path.basename(dist)}-secret.txt`,
      '/%00',
    ]) {
      const res = await get(sneaky);
      expect(res.status, sneaky).toBeLessThan(500);
      expect(res.body.toString(), sneaky).not.toContain(SECRET);
    }
  });
});

describe('choosing a content coding from Accept-Encoding', () => {
  it.each([
    ['gzip, deflate, br, zstd', ['br', 'gzip'], 'br'],
    ['gzip, deflate, br, zstd', ['gzip'], 'gzip'],
    ['gzip', ['br', 'gzip'], 'gzip'],
    ['x-gzip', ['br', 'gzip'], 'gzip'],
    ['br;q=0, gzip', ['br', 'gzip'], 'gzip'],
    ['gzip;q=1.0, br;q=0.9', ['br', 'gzip'], 'gzip'],
    ['BR;Q=0.5, GZIP;q=0.4', ['br', 'gzip'], 'br'],
    ['*', ['br', 'gzip'], 'br'],
    ['*;q=0, gzip', ['br', 'gzip'], 'gzip'],
    ['identity', ['br', 'gzip'], undefined],
    ['deflate', ['br', 'gzip'], undefined],
    ['', ['br', 'gzip'], undefined],
    [undefined, ['br', 'gzip'], undefined],
    ['br, gzip', [], undefined],
    [' , ;q=1,br;q=nonsense', ['br', 'gzip'], 'br'],
  ] as const)('%j with %j available → %s', (header, available, expected) => {
    expect(chooseEncoding(header, available)).toBe(expected);
  });
});
