import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpInspectionOnDevice } from '../support/app-flows';
import { launchBrowser, newTabletContext } from '../support/browser';
import {
  addChildCase,
  openFromMenu,
  signedInAs,
  startEvidence,
  writeNotes,
} from '../support/capture-flows';
import { copyDist } from '../support/dist-copy';
import { assertDistBuilt } from '../support/paths';
import { waitForActivatedServiceWorker } from '../support/pwa';
import {
  downloadText,
  dumpIndexedDb,
  dumpOtherStorage,
  pageSurface,
  tracesOf,
} from '../support/raw-storage';
import { runAdmin, startServer, addInspection, addUser } from '../support/server';
import type { RunningServer } from '../support/server';
import { ALL_SENT, signInOnWelcome, syncNow, unsentCount } from '../support/sync-flows';

// Issue 5, "What it must show", in Chromium: evidence, a child's case reference and a
// practitioner's role leave no readable trace in the browser's storage; locked, the screen holds
// none of it and it comes back with the password offline; repeated wrong passwords slow down;
// the app locks itself when idle; a forgotten password loses nothing (coordinator reset, online
// sign-in, the unsynced evidence is intact and syncs); sign-out warns about unsent work, offers an
// encrypted copy and only then wipes; and the server's security headers on the app and the API.

const AREA = 'Northmoor City Council';
const PASSWORD = 'a long fieldwork passphrase';
const NEW_PASSWORD = 'the coordinator reset this one';
const LEAD = { username: 'lena', name: 'Lena Lead' };
const INSPECTOR = { username: 'ivy', name: 'Ivy Inspector' };

/** Distinctive, so finding any of them anywhere can only mean a leak. */
const PHRASE = 'Marigold folder of unsigned safety plans kept by the duty team';
const CASE_REF = 'ZX-4471-QP';
const ROLE = 'Kestrel outreach coordinator';
const OFFLINE_PHRASE = 'Quillon panel minutes show the strategy discussion was late';
const SIGN_OUT_PHRASE = 'Juniper review found no chronology on the file';
const COPY_PASSWORD = 'password for the copy only';

const LOCKED = 'Fieldbook is locked';
const WELCOME = 'Set up Fieldbook on this device';

type Device = { context: BrowserContext; page: Page };

/** Every IndexedDB database of the origin, raw, as one string to search. */
const rawIndexedDb = async (page: Page): Promise<string> => {
  const names = await page.evaluate(async () =>
    (await indexedDB.databases()).map((d) => d.name ?? ''),
  );
  const dumps: Record<string, unknown> = {};
  for (const name of names) dumps[name] = await dumpIndexedDb(page, name);
  return JSON.stringify(dumps);
};

/** The Evidence list's results, as the inspector reads them. */
const evidenceResults = async (page: Page) => {
  await openFromMenu(page, 'Evidence', 'Evidence');
  return page.getByRole('list', { name: 'Results' });
};

/** Parses a Content-Security-Policy header into directive → sources. */
const parseCsp = (header: string): Map<string, string[]> =>
  new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );

/** Opens the encrypted copy the way a coordinator's tool would: PBKDF2-SHA-256 then AES-GCM. */
const openBackup = async (
  backup: { kdf: { iterations: number; salt: string }; cipher: { iv: string }; data: string },
  password: string,
): Promise<string> => {
  const bytes = (b64: string) => Uint8Array.from(Buffer.from(b64, 'base64'));
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  const key = await crypto.subtle.deriveKey(
    {
      name: 'PBKDF2',
      hash: 'SHA-256',
      salt: bytes(backup.kdf.salt),
      iterations: backup.kdf.iterations,
    },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt'],
  );
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes(backup.cipher.iv) },
    key,
    bytes(backup.data),
  );
  return new TextDecoder().decode(plain);
};

describe('protect the evidence: encrypted at rest, locked, recoverable, wiped only on purpose (issue 5)', () => {
  let dataDir: string;
  let dist: string;
  let server: RunningServer;
  let browser: Browser;
  let tablet: Device;
  const extraContexts: BrowserContext[] = [];
  const admin = () => ({ dataDir, password: PASSWORD });

  beforeAll(async () => {
    assertDistBuilt();
    dataDir = mkdtempSync(join(tmpdir(), 'fieldbook-security-e2e-'));
    dist = copyDist();
    for (const [user, inspectorate] of [
      [LEAD, 'ofsted'],
      [INSPECTOR, 'cqc'],
    ] as const) {
      await addUser(admin(), { ...user, inspectorate });
    }
    await addInspection(admin(), {
      area: AREA,
      starts: '2026-11-16',
      lead: LEAD.username,
      members: [INSPECTOR.username],
    });
    server = await startServer({ dataDir, env: { STATIC_DIR: dist } });
    browser = await launchBrowser();
    const context = await newTabletContext(browser);
    tablet = { context, page: await context.newPage() };
  });

  afterAll(async () => {
    for (const context of extraContexts) await context.close();
    await tablet?.context.close();
    await browser?.close();
    await server?.dispose();
    for (const dir of [dataDir, dist]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('serves the app and every API answer with a strict CSP and no X-Powered-By', async () => {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: INSPECTOR.username, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const auth = { Authorization: `Bearer ${token}` };
    const json = { 'Content-Type': 'application/json' };
    const requests: [string, RequestInit, number][] = [
      ['/', {}, 200],
      ['/sw.js', {}, 200],
      ['/healthz', {}, 200],
      ['/api/me', { headers: auth }, 200],
      ['/api/me', {}, 401],
      ['/api/sync/pull?since=0', { headers: auth }, 200],
      ['/api/sync/push', { method: 'POST', headers: { ...auth, ...json }, body: '{' }, 400],
      ['/api/sync/push', { method: 'POST', headers: json, body: '{}' }, 401],
      [
        '/api/auth/login',
        { method: 'POST', headers: json, body: JSON.stringify({ username: 'x', password: 'y' }) },
        401,
      ],
      ['/api/no-such-endpoint', { headers: auth }, 404],
    ];
    for (const [path, init, status] of requests) {
      const response = await fetch(`${server.url}${path}`, init);
      const what = `${init.method ?? 'GET'} ${path}`;
      expect(response.status, what).toBe(status);
      expect(response.headers.has('x-powered-by'), `${what}: X-Powered-By`).toBe(false);
      expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
      const header = response.headers.get('content-security-policy');
      expect(header, `${what}: Content-Security-Policy`).toBeTruthy();
      const csp = parseCsp(header ?? '');
      const scriptSrc = csp.get('script-src') ?? csp.get('default-src') ?? [];
      expect(scriptSrc, `${what}: script-src`).toEqual(["'self'"]);
      expect(header, what).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
      expect(csp.get('object-src'), what).toEqual(["'none'"]);
      expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
      if (path.startsWith('/api/') && status >= 400) {
        const body = (await response.json()) as { error?: { code?: string } };
        expect(body.error?.code, `${what}: JSON error`).toBeTruthy();
      } else {
        await response.arrayBuffer();
      }
    }
  });

  it('stores no trace of the evidence, the case reference or the role in the browser’s storage', async () => {
    const { page } = tablet;
    await signInOnWelcome(page, server.url, INSPECTOR.username, PASSWORD);
    await page.getByRole('link', { name: new RegExp(`^${AREA}`) }).click();
    await page.getByRole('heading', { level: 1, name: AREA }).waitFor();
    expect(await waitForActivatedServiceWorker(page)).toBe(`${server.url}/sw.js`);

    await addChildCase(page, { caseRef: CASE_REF, initials: 'QP' });
    const evidenceId = await startEvidence(page, 'Practitioner interview');
    await writeNotes(page, PHRASE);
    await page.getByLabel('Practitioner role').fill(ROLE);
    await page.getByLabel(`${CASE_REF} (QP)`, { exact: true }).check();
    await expect
      .poll(() => page.getByLabel(`${CASE_REF} (QP)`, { exact: true }).isChecked())
      .toBe(true);
    await page
      .locator('.fb-editor-status .fb-save-status')
      .filter({ hasText: /^Saved at / })
      .waitFor();
    // It is all on the device, and readable to the inspector.
    const results = await evidenceResults(page);
    await expect.poll(() => results.innerText()).toContain(PHRASE);

    const raw = await rawIndexedDb(page);
    // The dump is real: the database, its stores and this evidence's id (ids stay clear by design).
    const stores = await dumpIndexedDb(page);
    expect(Object.keys(stores ?? {})).toEqual(
      expect.arrayContaining(['evidence', 'childCases', 'outbox', 'meta', 'inspections']),
    );
    const evidenceRows = (stores?.evidence ?? []) as Record<string, unknown>[];
    expect(evidenceRows.map((r) => r.id)).toEqual([evidenceId]);
    expect(evidenceRows[0]).toHaveProperty('sealed');
    expect(evidenceRows[0]).not.toHaveProperty('fields');
    expect((stores?.childCases ?? []).length).toBe(1);
    expect(raw).toContain(evidenceId);
    // …and holds none of the content, in any form.
    expect(tracesOf(raw, [PHRASE, CASE_REF, ROLE, AREA])).toEqual([]);

    // The search itself works: the same phrase written in clear, as text and as bytes, is found.
    await page.evaluate(
      (text) =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('leak-control');
          request.onupgradeneeded = () => request.result.createObjectStore('rows');
          request.onerror = () => reject(request.error);
          request.onsuccess = () => {
            const tx = request.result.transaction('rows', 'readwrite');
            tx.objectStore('rows').put({ bytes: new TextEncoder().encode(text) }, 1);
            tx.oncomplete = () => {
              request.result.close();
              resolve();
            };
          };
        }),
      PHRASE,
    );
    expect(tracesOf(JSON.stringify(await dumpIndexedDb(page, 'leak-control')), [PHRASE])).toEqual([
      PHRASE,
    ]);
    await page.evaluate(() => indexedDB.deleteDatabase('leak-control'));

    const other = await dumpOtherStorage(page);
    expect(Object.keys(other.cacheStorage).length, 'the precache was read').toBeGreaterThan(5);
    expect(tracesOf(JSON.stringify(other), [PHRASE, CASE_REF, ROLE])).toEqual([]);
  });

  it('locked, nothing of it is on the screen; unlocked offline with the password, it is back', async () => {
    const { page } = tablet;
    const surface = await pageSurface(page);
    expect(surface).toContain(PHRASE); // the evidence list shows it: the check below can fail

    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: LOCKED }).waitFor();
    const locked = await pageSurface(page);
    expect(tracesOf(locked, [PHRASE, CASE_REF, ROLE, AREA])).toEqual([]);
    expect(await page.title()).not.toContain(PHRASE);
    // Nothing of the app behind the lock: no menu, no status bar, no inspection.
    expect(await page.getByRole('navigation', { name: 'Main menu' }).count()).toBe(0);

    await server.stop();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: LOCKED }).waitFor({ state: 'detached' });
    const results = await evidenceResults(page);
    await expect.poll(() => results.innerText()).toContain(PHRASE);
    expect(await pageSurface(page)).toContain(PHRASE);
  });

  it('a forgotten password loses nothing: reset by the coordinator, online sign-in, the unsynced evidence is intact and syncs', async () => {
    const { page } = tablet;
    // Still offline: a day's work that has not reached the server.
    await startEvidence(page, 'Practitioner interview');
    await writeNotes(page, OFFLINE_PHRASE);
    await expect.poll(() => unsentCount(page).innerText()).toMatch(/^\d+ changes? not yet on/);
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: LOCKED }).waitFor();

    // The inspector has forgotten the password; the coordinator sets a new one (ending sessions).
    await runAdmin(['set-password', INSPECTOR.username], { dataDir, password: NEW_PASSWORD });
    await server.restart();
    const oldLogin = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: INSPECTOR.username, password: PASSWORD }),
    });
    expect(oldLogin.status).toBe(401);

    await page.getByRole('heading', { level: 2, name: 'Forgotten your password?' }).waitFor();
    await page.getByRole('button', { name: 'Sign in online instead' }).click();
    await page.locator('#username').fill(INSPECTOR.username);
    await page.locator('#password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: LOCKED }).waitFor({ state: 'detached' });

    const results = await evidenceResults(page);
    await expect.poll(() => results.innerText()).toContain(OFFLINE_PHRASE);
    expect(await results.innerText()).toContain(PHRASE);
    await syncNow(page);
    expect(await unsentCount(page).innerText()).toBe(ALL_SENT);

    // On the server, as the lead pulls it with a session of her own.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: LEAD.username, password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const pull = await fetch(`${server.url}/api/sync/pull?since=0&limit=1000`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    const { rows } = (await pull.json()) as {
      rows: { entity: string; fields: Record<string, unknown> }[];
    };
    const texts = rows.filter((r) => r.entity === 'evidence').map((r) => r.fields.text);
    expect(texts).toEqual(expect.arrayContaining([PHRASE, OFFLINE_PHRASE]));

    // From now on the new password unlocks the device offline; the forgotten one does not.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: LOCKED }).waitFor();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That password does not unlock this device.').first().waitFor();
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: LOCKED }).waitFor({ state: 'detached' });
  });

  it('sign-out with unsent work warns with the count, offers an encrypted copy, and only then wipes the device', async () => {
    const { page } = tablet;
    await server.stop();
    await startEvidence(page, 'Case-tracking note');
    await writeNotes(page, SIGN_OUT_PHRASE);
    const bar = unsentCount(page);
    await expect.poll(() => bar.innerText()).toMatch(/^\d+ changes? not yet on the server\.$/);
    const unsent = Number((await bar.innerText()).split(' ')[0]);

    await openFromMenu(page, 'Sign out', 'Your account');
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await page
      .getByText(
        `${unsent} ${unsent === 1 ? 'change has' : 'changes have'} not reached the server yet`,
      )
      .waitFor();

    // Signing out straight away is refused: nothing is deleted without a copy or a yes.
    await page.getByRole('button', { name: 'Sign out and remove data from this device' }).click();
    await page
      .getByText(
        'Download an encrypted copy first, or confirm that the unsent changes may be deleted',
      )
      .first()
      .waitFor();
    expect(((await dumpIndexedDb(page))?.evidence ?? []).length).toBe(3);

    await page.getByLabel('Password for the encrypted copy').fill(COPY_PASSWORD);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download an encrypted copy' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^fieldbook-\d{4}-\d\d-\d\d\.fieldbook\.json$/);
    const file = await downloadText(download);
    expect(tracesOf(file, [SIGN_OUT_PHRASE, OFFLINE_PHRASE, PHRASE, CASE_REF, ROLE])).toEqual([]);
    const backup = JSON.parse(file) as Parameters<typeof openBackup>[0] & { format: string };
    expect(backup.format).toBe('fieldbook-backup');
    // The copy is the work itself, for whoever holds its password.
    const opened = await openBackup(backup, COPY_PASSWORD);
    expect(opened).toContain(SIGN_OUT_PHRASE);
    expect(opened).toContain(CASE_REF);
    await page.getByText('The encrypted copy has been downloaded.').waitFor();

    await page.getByRole('button', { name: 'Sign out and remove data from this device' }).click();
    await page.getByRole('heading', { level: 1, name: WELCOME }).waitFor();
    const after = await dumpIndexedDb(page);
    for (const store of ['evidence', 'childCases', 'outbox', 'inspections'])
      expect(after?.[store] ?? [], store).toEqual([]);
    const metaKeys = ((after?.meta ?? []) as { key: string }[]).map((m) => m.key);
    expect(metaKeys).not.toContain('keyring');
    expect(metaKeys).not.toContain('session');
  });

  it('repeated wrong passwords slow down: the third, which starts the wait, says how long it is', async () => {
    await server.restart();
    const context = await newTabletContext(browser);
    extraContexts.push(context);
    const page = await context.newPage();
    await setUpInspectionOnDevice(page, server.url);
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: LOCKED }).waitFor();

    const field = page.locator('#unlock-password');
    const summary = page.locator('.govuk-error-summary');
    // Each try clears the last answer and the field at once; its own answer then appears. Counted
    // as it appears, so two answers worded alike are still told apart.
    await page.evaluate(() => {
      const w = window as unknown as { __answers: number };
      w.__answers = 0;
      new MutationObserver((records) => {
        for (const r of records)
          for (const node of Array.from(r.addedNodes))
            if (node instanceof HTMLElement && node.matches('.govuk-error-summary'))
              w.__answers += 1;
      }).observe(document.body, { childList: true, subtree: true });
    });
    const answers: string[] = [];
    for (let i = 0; i < 8 && !answers.at(-1)?.includes('Too many wrong passwords. Wait'); i += 1) {
      await field.fill(`wrong guess number ${i}`);
      await page.getByRole('button', { name: 'Unlock' }).click();
      await page.waitForFunction(
        (n) => (window as unknown as { __answers: number }).__answers >= n,
        i + 1,
      );
      expect(await field.inputValue()).toBe('');
      answers.push((await summary.innerText()).replace(/^There is a problem\s*/, ''));
    }
    expect(answers.slice(0, 3).every((a) => a.includes('That password does not unlock'))).toBe(
      true,
    );
    // The try that starts the wait says how long it is (issue 11 point 7), not only the next one.
    expect(answers[2]).toMatch(
      /That password does not unlock this device\. Too many wrong passwords\. Wait 2 seconds, then try again after \d\d:\d\d:\d\d\./,
    );
    expect(answers.at(-1)).toMatch(
      /Too many wrong passwords\. Wait \d+ seconds, then try again after \d\d:\d\d:\d\d\./,
    );
    expect(answers.length).toBe(3);
    await page.getByRole('heading', { level: 1, name: LOCKED }).waitFor();

    // Once the wait is over, the right password still works.
    await expect
      .poll(
        async () => {
          const before = await page.evaluate(
            () => (window as unknown as { __answers: number }).__answers,
          );
          await field.fill('correct horse battery staple');
          await page.getByRole('button', { name: 'Unlock', exact: true }).click();
          // Either it opened (the field is gone) or this try got its answer.
          await page.waitForFunction(
            (n) =>
              !document.querySelector('#unlock-password') ||
              (window as unknown as { __answers: number }).__answers > n,
            before,
          );
          return page.getByRole('heading', { name: LOCKED }).count();
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(0);
  });

  it('locks by itself after the coordinator’s idle time (1 minute here), and not before', async () => {
    await runAdmin(['set-idle-lock', '1'], admin());
    const context = await newTabletContext(browser);
    extraContexts.push(context);
    // The page's clock runs on as normal; the test jumps it forward instead of waiting a minute.
    await context.clock.install();
    const page = await context.newPage();
    await signInOnWelcome(page, server.url, LEAD.username, PASSWORD);
    // The sign-in has finished (the session is stored after the coordinator's policy).
    await signedInAs(page, LEAD.name).waitFor({ state: 'attached' });

    await page.clock.fastForward('00:50');
    await page.getByRole('heading', { level: 1, name: 'Your inspections' }).waitFor();
    expect(await page.getByRole('heading', { name: LOCKED }).count()).toBe(0);

    await page.clock.fastForward('00:15');
    await page.getByRole('heading', { level: 1, name: LOCKED }).waitFor();
    expect(tracesOf(await pageSurface(page), [AREA])).toEqual([]);
    await runAdmin(['set-idle-lock', '10'], admin());
  });
});
