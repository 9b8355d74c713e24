import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/domain/clock';
import { SCHEMA_VERSION } from '../../src/domain/protocol';
import { createApp } from '../src/app';
import { START_MS, makeWorld, op, openTestStore, type OpenedStore } from './world';

/** Serving the built app (DESIGN.md §3, §5): cache rules, SPA fallback, strict headers. */
describe('serving the app', () => {
  const clock = fixedClock(START_MS, 1);
  let opened: OpenedStore;
  let dist: string;
  let http: ReturnType<typeof supertest>;

  beforeAll(async () => {
    opened = await openTestStore('sqlite', clock);
    dist = mkdtempSync(path.join(tmpdir(), 'fieldbook-dist-'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Fieldbook</title>');
    writeFileSync(path.join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    writeFileSync(path.join(dist, 'manifest.webmanifest'), '{}');
    writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1);');
    http = supertest(createApp({ store: opened.store, clock, staticDir: dist }));
  });
  afterAll(async () => {
    await opened.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('reports health with the schema version', async () => {
    const res = await http.get('/healthz');
    expect(res.body).toEqual({ ok: true, schemaVersion: SCHEMA_VERSION });
  });

  it('sends a strict CSP and no X-Powered-By', async () => {
    const res = await http.get('/');
    const csp = res.headers['content-security-policy'] ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "worker-src 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'self'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('revalidates index.html, sw.js and the manifest; caches hashed assets forever', async () => {
    for (const file of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      expect((await http.get(file)).headers['cache-control']).toBe('no-cache');
    }
    expect((await http.get('/assets/index-abc123.js')).headers['cache-control']).toContain(
      'immutable',
    );
  });

  it('falls back to index.html for app routes, but never for the API', async () => {
    const deep = await http.get('/inspections/123/evidence');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('<title>Fieldbook</title>');
    const api = await http.get('/api/unknown');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not-found');
    expect(api.headers['cache-control']).toBe('no-store');
  });
});

/** API answers are `no-store`: nothing may keep them, so nothing may revalidate them either. */
describe('API answers', () => {
  it('carry no ETag and never answer 304, so a pull page of 1,000 rows is not hashed for nothing', async () => {
    const w = await makeWorld();
    try {
      expect((await w.push(w.ann, [op(w.inspectionId)])).status).toBe(200);
      const first = await w.pull(w.ann);
      expect(first.status).toBe(200);
      expect(first.body.rows).toHaveLength(1);
      expect(first.headers['cache-control']).toBe('no-store');
      expect(first.headers.etag).toBeUndefined();
      // A conditional GET, as a proxy or an old cache might send, still gets the rows.
      const again = await w.pull(w.ann).set('If-None-Match', '*');
      expect(again.status).toBe(200);
      expect(again.body.rows).toHaveLength(1);
    } finally {
      await w.close();
    }
  });
});
