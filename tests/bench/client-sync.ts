/**
 * Sync figures of issues 3 and 5, in Chromium against a real sync server (SQLite in a temp dir):
 * - the first sync of 10,000 evidence records into a fresh device database by the app's own engine
 *   (`createSyncEngine` over `createHttpTransport`, pages of 500, encrypted as the app runs it and
 *   in clear), beside the floor of fetching the same rows as one JSON array and writing them in one
 *   raw IndexedDB transaction;
 * - issue 5's cost of encryption: the same first sync, and the same autosave, with and without it;
 * - a change on tablet A appearing on online tablet B (the app's triggers, SSE hint included; two
 *   teammates on a second, small inspection, so neither device first pulls the 10,000 notes),
 *   beside one push + one pull round trip over HTTP;
 * - unlock (`unlockWithPassword`) beside one PBKDF2 derivation of the same cost.
 * Run alone with `npm run bench -- 'client sync'` (about 1.5 minutes).
 *
 * The bench page is built into a temp dir that the real server serves as its STATIC_DIR, so the
 * page and the API share an origin exactly as the app and its server do (no CORS, no proxy). The
 * one-array floor is a file in that dir holding every row the pull pages returned, concatenated.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { SCHEMA_VERSION } from '../../src/domain/protocol';
import { launchBrowser, newTabletContext } from '../support/browser';
import { REPO_ROOT } from '../support/paths';
import { addInspection, addUser, startServer, type RunningServer } from '../support/server';
import { JUDGEMENT_IDS, noteText, seededRandom } from './pages/data';
import { median, percentile } from './stats';
import type { BenchRow, BenchSuite } from './types';

const RECORDS = 10_000;
const PUSH_BATCH = 500;
const SYNC_ROUNDS = 3;
const CHANGES = 20;
const IMMEDIATE_CHANGES = 8;
const UNLOCK_RUNS = 5;
const PASSWORD = 'correct horse battery staple';
const ROWS_FILE = 'bench-rows.json';
const N = RECORDS.toLocaleString('en-GB');

const AGENCIES = ['childrens-social-care', 'police', 'health-visiting', 'school', 'camhs', 'mash'];
const EVALUATIONS = ['strength', 'area-for-improvement', 'priority-action', 'neutral'];
const KINDS = ['practitioner-interview', 'case-tracking-note', 'leader-meeting', 'document-review'];

type Login = { token: string; user: { id: string } };

const api = async <T>(url: string, init: RequestInit & { token?: string } = {}): Promise<T> => {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  const response = await fetch(url, { ...init, headers });
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

export const login = (url: string, username: string) =>
  api<Login>(`${url}/api/auth/login`, {
    method: 'POST',
    body: JSON.stringify({ username, password: PASSWORD }),
  });

/** 10,000 realistic notes (about 600 characters, tagged), pushed as the inspector in batches of 500. */
export const seedEvidence = async (
  url: string,
  token: string,
  inspectionId: string,
  records = RECORDS,
) => {
  const random = seededRandom(11);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const clientId = randomUUID();
  for (let start = 0; start < records; start += PUSH_BATCH) {
    const ops = Array.from({ length: Math.min(PUSH_BATCH, records - start) }, (_, i) => ({
      opId: randomUUID(),
      entity: 'evidence',
      entityId: randomUUID(),
      inspectionId,
      kind: 'put',
      fields: {
        kind: pick(KINDS),
        occurredAt: new Date(Date.UTC(2026, 10, 2, 8) + (start + i) * 60_000).toISOString(),
        status: 'final',
        text: noteText(random, 80 + Math.floor(random() * 20)),
        agency: pick(AGENCIES),
        role: 'Team manager, assessment team',
        judgementIds: [pick(JUDGEMENT_IDS)],
        evaluation: pick(EVALUATIONS),
        sensitivity: 'official',
      },
      base: {},
    }));
    const { results } = await api<{ results: { status: string; reason?: string }[] }>(
      `${url}/api/sync/push`,
      {
        method: 'POST',
        token,
        body: JSON.stringify({ clientId, schemaVersion: SCHEMA_VERSION, ops }),
      },
    );
    const bad = results.find((r) => r.status !== 'applied');
    if (bad) throw new Error(`seeding: an op was ${bad.status} (${bad.reason ?? ''})`);
  }
};

/** Every row the user may see, as the pull pages give them, in one array: the floor's one file. */
export const allRows = async (url: string, token: string): Promise<unknown[]> => {
  const rows: unknown[] = [];
  let since: string | number = 0;
  for (;;) {
    const page: { rows: unknown[]; next: string | number; hasMore: boolean } = await api(
      `${url}/api/sync/pull?since=${since}&limit=1000`,
      { token },
    );
    rows.push(...page.rows);
    since = page.next;
    if (!page.hasMore) return rows;
  }
};

const openPage = async (browser: Browser, url: string): Promise<Page> => {
  const page = await (await newTabletContext(browser)).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${url}/`);
  await page
    .waitForFunction(() => window.fieldbookSyncBench !== undefined, undefined, { timeout: 30_000 })
    .catch(() => {
      throw new Error(`the bench page did not start: ${errors.join('; ') || 'no error reported'}`);
    });
  return page;
};

export const clientSync: BenchSuite = {
  title: 'client sync',
  run: async () => {
    const pageDir = mkdtempSync(join(tmpdir(), 'fieldbook-sync-bench-page-'));
    const dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-sync-bench-data-'));
    let server: RunningServer | undefined;
    let browser: Browser | undefined;
    try {
      const admin = { dataDir, password: PASSWORD };
      const user = (name: string) =>
        addUser(admin, { username: name, name: `Bench ${name}`, inspectorate: 'ofsted' });
      const inspection = (lead: string, member: string) =>
        addInspection(admin, { area: 'Benchshire', starts: '2026-11-02', lead, members: [member] });
      const accounts = async () => {
        for (const name of ['lena', 'ivan', 'amy', 'ben']) await user(name);
        // The big inspection (10,000 notes) and a small one for the A → B propagation figure.
        return {
          big: await inspection('lena', 'ivan'),
          small: await inspection('amy', 'ben'),
        };
      };
      // The bench page, built into a dir of this run's own, served by the real server.
      const [inspections] = await Promise.all([
        accounts(),
        build({
          configFile: join(REPO_ROOT, 'tests', 'bench', 'vite.bench.config.ts'),
          build: { outDir: pageDir, emptyOutDir: true },
        }),
      ]);
      server = await startServer({ dataDir, env: { STATIC_DIR: pageDir } });
      const url = server.url;
      const ivan = await login(url, 'ivan');
      await seedEvidence(url, ivan.token, inspections.big);
      const lena = await login(url, 'lena');
      const rows = await allRows(url, lena.token);
      if (rows.length !== RECORDS) throw new Error(`the server holds ${rows.length} rows`);
      writeFileSync(join(pageDir, ROWS_FILE), JSON.stringify(rows));

      browser = await launchBrowser();
      const page = await openPage(browser, url);

      // 1. Initial sync, interleaved so drift on a shared machine hits all three alike.
      const floor: number[] = [];
      const floorFetch: number[] = [];
      const encrypted: number[] = [];
      const clear: number[] = [];
      const pages: number[] = [];
      const floorWrite: number[] = [];
      const applyEncrypted: number[] = [];
      const applyClear: number[] = [];
      for (let round = 0; round < SYNC_ROUNDS; round++) {
        const f = await page.evaluate(
          (u) => window.fieldbookSyncBench!.oneArrayFloor({ url: u }),
          `/${ROWS_FILE}`,
        );
        if (f.rows !== RECORDS) throw new Error(`the floor wrote ${f.rows} rows`);
        floor.push(f.ms);
        floorFetch.push(f.fetchMs);
        floorWrite.push(f.writeMs);
        for (const enc of [true, false]) {
          const r = await page.evaluate((req) => window.fieldbookSyncBench!.initialSync(req), {
            username: 'lena',
            password: PASSWORD,
            encrypted: enc,
          });
          if (r.rows !== RECORDS || r.state !== 'idle') {
            throw new Error(`initial sync ended ${r.state} with ${r.rows} rows`);
          }
          (enc ? encrypted : clear).push(r.ms);
        }
        const p = await page.evaluate(
          (token) => window.fieldbookSyncBench!.fetchPullPages({ token, limit: 500 }),
          lena.token,
        );
        pages.push(p.ms);
        for (const enc of [true, false]) {
          const w = await page.evaluate((req) => window.fieldbookSyncBench!.applyPagesOnly(req), {
            token: lena.token,
            encrypted: enc,
          });
          if (w.rows !== RECORDS) throw new Error(`applying the pages stored ${w.rows} rows`);
          (enc ? applyEncrypted : applyClear).push(w.ms);
        }
      }
      const floorName = `fetch ${N} rows as one JSON array + put all in one raw IndexedDB transaction`;
      const syncRows: BenchRow[] = [
        {
          name: `initial sync of ${N} evidence, encrypted as in the app (median of ${SYNC_ROUNDS})`,
          value: median(encrypted),
          unit: 'ms',
          floor: { name: floorName, value: median(floor) },
          goal: '≤ 1.5× floor',
        },
        {
          name: `initial sync of ${N} evidence, without encryption (median of ${SYNC_ROUNDS})`,
          value: median(clear),
          unit: 'ms',
          floor: { name: floorName, value: median(floor) },
          goal: '≤ 1.5× floor',
        },
        {
          name: `cost of encryption: initial sync of ${N}, encrypted`,
          value: median(encrypted),
          unit: 'ms',
          floor: { name: 'the same sync without encryption', value: median(clear) },
          goal: '≤ 1.3× floor',
        },
        {
          name: `diagnostic: fetch + parse the ${Math.ceil(RECORDS / 500)} pull pages of 500 only`,
          value: median(pages),
          unit: 'ms',
          floor: { name: 'fetch + parse the one JSON array', value: median(floorFetch) },
        },
        ...([true, false] as const).map((enc) => ({
          name: `diagnostic: applyPulledPage of the ${Math.ceil(RECORDS / 500)} pages (fetched beforehand), ${enc ? 'encrypted' : 'without encryption'}`,
          value: median(enc ? applyEncrypted : applyClear),
          unit: 'ms' as const,
          floor: {
            name: "the floor's one raw IndexedDB transaction alone",
            value: median(floorWrite),
          },
        })),
      ];

      // 2. Unlock, on the same page.
      const unlock = await page.evaluate(
        ({ password, runs }) => window.fieldbookSyncBench!.unlockTimings({ runs, password }),
        { password: PASSWORD, runs: UNLOCK_RUNS },
      );
      const unlockRows: BenchRow[] = [
        {
          name: `unlock (unlockWithPassword, PBKDF2 ${unlock.iterations.toLocaleString('en-GB')} + unwrap), median of ${UNLOCK_RUNS}`,
          value: median(unlock.unlock),
          unit: 'ms',
          floor: {
            name: 'one WebCrypto PBKDF2-SHA-256 derivation, same iterations',
            value: median(unlock.floor),
          },
          goal: '≤ 1,000 ms',
        },
      ];

      // Issue 5's autosave line: the same autosave with and without encryption, same run (the
      // request of the client autosave suite: 10,000 rows on the device, 200 saves).
      const autosave = { rows: RECORDS, writes: 200, startChars: 2_000 };
      const saves: Record<string, number[]> = {};
      for (const enc of [true, false]) {
        saves[String(enc)] = await page.evaluate(
          (req) => window.fieldbookBench!.appAutosaveLatencies(req),
          { ...autosave, encrypted: enc },
        );
      }
      const autosaveRows: BenchRow[] = [50, 95].map((p) => ({
        name: `cost of encryption: autosave p${p}, encrypted (${N} rows on device, 200 saves)`,
        value: percentile(saves.true ?? [], p),
        unit: 'ms',
        floor: {
          name: `the same autosave without encryption, p${p}`,
          value: percentile(saves.false ?? [], p),
        },
        goal: '≤ 1.3× floor',
      }));
      await page.context().close();

      // 3. A change on tablet A appearing on online tablet B: two devices, the app's triggers.
      const a = await openPage(browser, url);
      const b = await openPage(browser, url);
      await a.evaluate((req) => window.fieldbookSyncBench!.startDevice(req), {
        username: 'amy',
        password: PASSWORD,
      });
      await b.evaluate((req) => window.fieldbookSyncBench!.startDevice(req), {
        username: 'ben',
        password: PASSWORD,
      });
      const inspectionId = inspections.small;
      const propagate = async (n: number, syncNow: boolean): Promise<number> => {
        const count = await b.evaluate(
          (id) => window.fieldbookSyncBench!.evidenceCount({ inspectionId: id }),
          inspectionId,
        );
        const seen = b.evaluate((req) => window.fieldbookSyncBench!.waitForEvidence(req), {
          inspectionId,
          count: count + 1,
          timeoutMs: 20_000,
        });
        const written = await a.evaluate((req) => window.fieldbookSyncBench!.writeEvidence(req), {
          inspectionId,
          n,
          syncNow,
        });
        const latency = (await seen) - written;
        // Let both engines finish (A pulls its own change too) before the next change.
        await a.evaluate(() => window.fieldbookSyncBench!.settle());
        await b.evaluate(() => window.fieldbookSyncBench!.settle());
        return latency;
      };
      const triggered: number[] = [];
      for (let i = 0; i < CHANGES; i++) triggered.push(await propagate(i, false));
      const immediate: number[] = [];
      for (let i = 0; i < IMMEDIATE_CHANGES; i++) {
        immediate.push(await propagate(CHANGES + i, true));
        // The after-write trigger still fires (300 ms later); let it pass so it cannot overlap.
        await new Promise((resolve) => setTimeout(resolve, 600));
        await a.evaluate(() => window.fieldbookSyncBench!.settle());
      }
      const amy = await login(url, 'amy');
      const trips = await a.evaluate((req) => window.fieldbookSyncBench!.pushPullRoundTrips(req), {
        token: amy.token,
        inspectionId,
        runs: CHANGES,
      });
      const tripName = (p: number) => `one push (1 op) + one pull over HTTP from the page, p${p}`;
      const propagationRows: BenchRow[] = [50, 95].map((p) => ({
        name: `change on tablet A seen on online tablet B (app triggers + SSE), p${p} of ${CHANGES}`,
        value: percentile(triggered, p),
        unit: 'ms',
        floor: { name: tripName(p), value: percentile(trips, p) },
        goal: '≤ 1,000 ms',
      }));
      propagationRows.push({
        name: `diagnostic: same, A syncs at once after the write (without the 300 ms after-write delay), p50 of ${IMMEDIATE_CHANGES}`,
        value: median(immediate),
        unit: 'ms',
        floor: { name: tripName(50), value: median(trips) },
      });
      return [...syncRows, ...autosaveRows, ...propagationRows, ...unlockRows];
    } finally {
      await browser?.close();
      await server?.dispose();
      rmSync(pageDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
