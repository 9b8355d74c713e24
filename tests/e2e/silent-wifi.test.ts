import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_WAIT_MS } from '../../src/sync/transport';
import { startEvidence, writeNotes } from '../support/capture-flows';
import { apiLogin, pullAll } from '../support/day-flows';
import { tabletScreenshots } from '../support/screenshots';
import { ALL_SENT, SYNCED_AT, syncState, syncText, unsentCount } from '../support/sync-flows';
import { inspectorsTablet, type TeamTablet } from '../support/team-tablet';

// Hotel Wi-Fi that takes a request and never answers: the push reaches the server, which applies
// it, and its answer is lost for good. The status bar must leave "Syncing" and say Offline, and
// the work must go once the link answers again, sent twice but kept once (S3 duplicate).
// The page's clock is Playwright's, so the 30 s wait passes at once.

const AREA = 'Easthaven Council';
const PASSWORD = 'a long fieldwork passphrase';
const INSPECTOR = { username: 'ike', name: 'Ike Inspector' };
const LEAD = { username: 'liv', name: 'Liv Lead' };
const NOTES = 'Met the team manager at the hotel; she described the duty rota and its gaps.';

describe('a sync on Wi-Fi that never answers', () => {
  let tablet: TeamTablet;
  beforeAll(async () => {
    tablet = await inspectorsTablet({
      name: 'silent-wifi',
      area: AREA,
      password: PASSWORD,
      lead: LEAD,
      inspector: INSPECTOR,
    });
  });
  afterAll(() => tablet?.dispose());

  it('[S7][S3] leaves "Syncing" for Offline, and sends the work once the link answers again, kept once', async () => {
    const { context, page, server } = tablet;
    /**
     * 'answer-lost': a push reaches the server, which applies it, and its answer never comes back;
     * 'silent': no request is answered at all; 'up': everything goes through.
     */
    let link: 'answer-lost' | 'silent' | 'up' = 'answer-lost';
    let lost = 0;
    await context.route('**/api/**', async (route) => {
      if (link === 'up') return route.continue();
      if (link === 'silent' || !route.request().url().includes('/api/sync/push'))
        return link === 'silent' ? undefined : route.continue(); // never answered
      const answer = await route.fetch(); // the server applies it…
      if (answer.ok()) lost += 1; // …and the route is never fulfilled
      link = 'silent';
    });

    const id = await startEvidence(page, 'Practitioner interview');
    await writeNotes(page, NOTES);
    await expect.poll(() => lost, { timeout: 30_000 }).toBeGreaterThan(0);
    await syncState(page).filter({ hasText: 'Syncing' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);

    await page.clock.fastForward(ANSWER_WAIT_MS + 1_000);
    await syncState(page)
      .filter({ hasText: /^Offline$/ })
      .waitFor({ timeout: 10_000 });
    await syncText(page)
      .filter({ hasText: /^Last synced at \d\d:\d\d\.$/ })
      .waitFor();

    // Still Offline while a retry waits on the silent link (it asks GET /api/me first).
    await page.clock.fastForward(5_000);
    await syncState(page)
      .filter({ hasText: /^Offline$/ })
      .waitFor();
    await tabletScreenshots(page, 'silent-wifi-offline');

    // The link answers again: the engine's own retry (backoff of a few seconds) sends the work.
    link = 'up';
    await page.clock.fastForward(ANSWER_WAIT_MS + 1_000); // also ends a retry held meanwhile
    await syncText(page).filter({ hasText: SYNCED_AT }).waitFor({ timeout: 30_000 });
    await unsentCount(page).filter({ hasText: ALL_SENT }).waitFor();

    const { token } = await apiLogin(server.url, INSPECTOR.username, PASSWORD);
    const rows = (await pullAll(server.url, token)).filter((row) => row.id === id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.fields.text).toBe(NOTES);
    expect(rows[0]!.conflicts).toEqual({});
  });
});
