import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REMEMBER_READS_UP_TO, storedAs } from './encryption';
import { encryptedTabs, pulledNote, serverId } from './fixtures';
import { preparePulledPage, writePulledPage } from './outbox';
import { answerSealRequest, type SealRequest } from './seal-request';

/**
 * A pulled page is sealed in the sealing worker (db/seal-worker.ts) where the page has one. Node has
 * no Worker: a stand-in answers with the worker's own code, a message turn away, as a worker does.
 */
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const tabs = encryptedTabs('seal-off-thread');
beforeEach(tabs.start);
afterEach(tabs.end);

const asked: SealRequest[] = [];
let failNext = false;
class StandInWorker extends EventTarget {
  postMessage(request: SealRequest) {
    asked.push(request);
    if (failNext) {
      setTimeout(() => this.dispatchEvent(new Event('error')), 0);
      return;
    }
    void answerSealRequest(request).then(({ answer }) =>
      setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: answer })), 0),
    );
  }
  terminate() {}
}
// Put back after each test by the config (unstubGlobals).
beforeEach(() => vi.stubGlobal('Worker', StandInWorker));

const page = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) =>
    pulledNote(serverId(from + i), INSPECTION, `note ${from + i}`, from + i),
  );

/** What another tab, which remembers no plaintext, reads back: every row is decrypted. */
const readBack = async (ids: string[]) => {
  const other = await tabs.otherTab();
  return (await other.evidence.bulkGet(ids)).map((row) => row?.fields.text);
};

describe('a pulled page sealed in the sealing worker', () => {
  it('is sealed there, in order, under the key, and reads back in any tab', async () => {
    const rows = page(1, 600);
    const prepared = await preparePulledPage(tabs.db, rows, { key: 'checkpoint', value: 600 });
    await writePulledPage(tabs.db, prepared);

    // Every note went to the worker (in slices), and nothing else: the checkpoint stays clear.
    expect(asked.flatMap((r) => ('items' in r ? r.items : []).map(([context]) => context))).toEqual(
      rows.map((r) => `evidence:${r.id}`),
    );
    expect(asked.every((r) => 'items' in r)).toBe(true);
    expect(asked.every((r) => r.key === tabs.holder.current)).toBe(true);
    expect(await readBack(rows.map((r) => r.id))).toEqual(rows.map((r) => r.fields.text));
  });

  it('keeps in the page’s memory the plaintext of a small page, not of a full one (a bulk write)', async () => {
    const small = page(3001, 2);
    const full = page(4001, REMEMBER_READS_UP_TO + 1);
    for (const rows of [small, full])
      await writePulledPage(
        tabs.db,
        await preparePulledPage(tabs.db, rows, { key: 'checkpoint', value: rows.length }),
      );
    const stored = (id: string) =>
      new Promise<unknown>((resolve, reject) => {
        const read = tabs.db.backendDB().transaction('evidence').objectStore('evidence').get(id);
        read.onsuccess = () => resolve(read.result);
        read.onerror = () => reject(read.error);
      });
    const kept = async ({ entity: _entity, ...local }: (typeof small)[number]) =>
      storedAs(tabs.holder, 'evidence', await stored(local.id), local);
    expect(await Promise.all(small.map(kept))).toEqual([true, true]);
    expect(new Set(await Promise.all(full.map(kept)))).toEqual(new Set([false]));
  });

  it('is sealed on the page’s own thread when the worker fails, and after it', async () => {
    failNext = true;
    asked.length = 0;
    const rows = page(1001, 3);
    await writePulledPage(
      tabs.db,
      await preparePulledPage(tabs.db, rows, { key: 'checkpoint', value: 1003 }),
    );
    expect(asked).toHaveLength(1); // asked once, failed: the rest never goes to it
    const later = page(2001, 2);
    await writePulledPage(
      tabs.db,
      await preparePulledPage(tabs.db, later, { key: 'checkpoint', value: 2002 }),
    );
    expect(asked).toHaveLength(1);
    expect(await readBack([...rows, ...later].map((r) => r.id))).toEqual(
      [...rows, ...later].map((r) => r.fields.text),
    );
  });
});

describe('the sealing worker started ahead of its first request (startSealWorker)', () => {
  it('starts once, is told nothing (no key) until asked, and that worker then seals', async () => {
    // A module of its own: the worker above was started by the first test's page.
    vi.resetModules();
    const fresh = await import('./seal-off-thread');
    let started = 0;
    vi.stubGlobal(
      'Worker',
      class extends StandInWorker {
        constructor() {
          super();
          started += 1;
        }
      },
    );
    asked.length = 0;
    failNext = false;

    fresh.startSealWorker();
    fresh.startSealWorker();
    expect(started).toBe(1);
    expect(asked).toEqual([]); // nothing sent: no key is in the worker before a request brings one

    const key = tabs.holder.current!;
    const sealed = await fresh.sealOffThread(key, [['evidence:a', '{"text":"a"}']]);
    expect(started).toBe(1); // the request went to the worker already started
    expect(asked).toHaveLength(1);
    expect(asked[0]!.key).toBe(key);
    expect(sealed).toHaveLength(1);
  });
});
