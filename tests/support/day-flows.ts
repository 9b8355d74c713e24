import type { Page } from 'playwright-core';
import { syncState } from './sync-flows';

/**
 * Steps for issue 8's end-to-end tests: moving inside the app without a page load (a load locks
 * the device), a sync attempt that fails because the server is really stopped, and the server's
 * own view of the rows (the lead's pull), for checks no screen can make at once ("no conflict
 * anywhere").
 */

/** Client-side navigation: the router follows history changes, the key stays in memory. */
export const goInApp = async (page: Page, path: string): Promise<void> => {
  const go = () =>
    page.evaluate((to) => {
      window.history.pushState({}, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  // A screen counts as reached once the router has rendered it: the address alone changes before
  // a lazily loaded screen arrives, and a sync finishing meanwhile can re-render the one before.
  const arrived = (timeout: number) =>
    page
      .waitForFunction(
        (to) =>
          window.location.pathname === to &&
          document.querySelector('main h1') !== null &&
          !/^Loading/.test(document.querySelector('main')?.textContent?.trim() ?? ''),
        path,
        { timeout },
      )
      .then(
        () => true,
        () => false,
      );
  for (let attempt = 0; attempt < 2; attempt += 1) {
    await go();
    if (await arrived(10_000)) return;
  }
  await go();
  await page.waitForURL((url) => url.pathname === path);
};

/** Presses "Sync now" with the server stopped and waits for the bar to say "Offline". */
export const syncFails = async (page: Page): Promise<void> => {
  const button = page.getByRole('button', { name: 'Sync now' });
  await page.waitForSelector('.fb-statusbar button:not([disabled])');
  await button.click();
  await syncState(page).filter({ hasText: 'Offline' }).waitFor();
};

export type ServerRow = {
  entity: string;
  id: string;
  inspectionId: string;
  fields: Record<string, unknown>;
  conflicts: Record<string, unknown[]>;
  deleted: boolean;
};

export const apiLogin = async (baseUrl: string, username: string, password: string) => {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
  return (await response.json()) as { token: string; user: { id: string } };
};

/** Every row this user may see, as the server holds it now (pages followed to the end). */
export const pullAll = async (baseUrl: string, token: string): Promise<ServerRow[]> => {
  const rows: ServerRow[] = [];
  let since: unknown = undefined;
  for (;;) {
    const query = since === undefined ? '' : `&since=${encodeURIComponent(String(since))}`;
    const response = await fetch(`${baseUrl}/api/sync/pull?limit=1000${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`pull: ${response.status} ${await response.text()}`);
    const page = (await response.json()) as { rows: ServerRow[]; next: unknown; hasMore: boolean };
    rows.push(...page.rows);
    if (!page.hasMore) return rows;
    since = page.next;
  }
};

/** Every evidence text `username` can pull from the server now: what reached it, as they see it. */
export const evidenceTextsOnServer = async (
  baseUrl: string,
  username: string,
  password: string,
): Promise<unknown[]> => {
  const { token } = await apiLogin(baseUrl, username, password);
  return (await pullAll(baseUrl, token))
    .filter((row) => row.entity === 'evidence')
    .map((row) => row.fields.text);
};

export const adminApi = async (
  baseUrl: string,
  token: string,
  method: 'PUT' | 'GET',
  path: string,
  body?: unknown,
): Promise<unknown> => {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
};

/** Ops per push. */
const PUSH_BATCH = 100;

/**
 * Practitioner interviews recorded on another team member's tablet and pushed to the server as
 * their app would (one client, `PUSH_BATCH` ops a push): the news a tablet under test then pulls.
 * Resolves with their evidence ids, in the order of `texts`.
 */
export const pushInterviewsFromElsewhere = async (
  baseUrl: string,
  { username, password }: { username: string; password: string },
  inspectionId: string,
  texts: readonly string[],
): Promise<string[]> => {
  const { token } = await apiLogin(baseUrl, username, password);
  const { schemaVersion } = (await (await fetch(`${baseUrl}/healthz`)).json()) as {
    schemaVersion: number;
  };
  const clientId = crypto.randomUUID();
  const ids = texts.map(() => crypto.randomUUID());
  for (let from = 0; from < texts.length; from += PUSH_BATCH) {
    const ops = ids.slice(from, from + PUSH_BATCH).map((entityId, k) => ({
      opId: crypto.randomUUID(),
      entity: 'evidence',
      entityId,
      inspectionId,
      kind: 'put',
      fields: {
        kind: 'practitioner-interview',
        occurredAt: '2026-11-30T10:00:00.000Z',
        status: 'final',
        role: 'Team manager',
        text: texts[from + k],
      },
      base: {},
    }));
    const response = await fetch(`${baseUrl}/api/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientId, schemaVersion, ops }),
    });
    if (!response.ok) throw new Error(`push: ${response.status} ${await response.text()}`);
  }
  return ids;
};

/** One interview from another team member's tablet (pushInterviewsFromElsewhere). */
export const pushInterviewFromElsewhere = async (
  baseUrl: string,
  who: { username: string; password: string },
  inspectionId: string,
  text: string,
): Promise<string> => (await pushInterviewsFromElsewhere(baseUrl, who, inspectionId, [text]))[0]!;
