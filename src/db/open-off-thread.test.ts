import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encryptedTabs, pulledNote } from './fixtures';
import { applyPulledPage } from './outbox';
import { answerSealRequest, type SealRequest } from './seal-request';
import { SLICED_FROM } from './sliced-read';

/**
 * A read large enough to be sliced (a screen's first read after unlock, db/sliced-read.ts) is
 * opened in the sealing worker (db/seal-worker.ts) where the page has one. Node has no Worker: a
 * stand-in answers with the worker's own code, a message turn away, as a worker does.
 */
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const serverId = (i: number) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`;
const tabs = encryptedTabs('open-off-thread');
beforeEach(tabs.start);
afterEach(tabs.end);

const asked: SealRequest[] = [];
class StandInWorker extends EventTarget {
  postMessage(request: SealRequest) {
    asked.push(request);
    void answerSealRequest(request).then(({ answer }) =>
      setTimeout(() => this.dispatchEvent(new MessageEvent('message', { data: answer })), 0),
    );
  }
  terminate() {}
}
// Put back after each test by the config (unstubGlobals).
beforeEach(() => vi.stubGlobal('Worker', StandInWorker));

const COUNT = SLICED_FROM + 10;
const notes = Array.from({ length: COUNT }, (_, i) =>
  pulledNote(serverId(i + 1), INSPECTION, `note ${i}`, i + 1),
);
const opensAsked = () => asked.filter((r) => 'sealed' in r);
const readAll = async () => {
  const other = await tabs.otherTab(); // remembers no plaintext: every row is opened
  return other.evidence.where('inspectionId').equals(INSPECTION).toArray();
};

describe("a large read's slices opened in the sealing worker", () => {
  it('opens every row there, and the rows come back whole and in order', async () => {
    await applyPulledPage(tabs.db, notes, { key: 'checkpoint', value: COUNT });
    asked.length = 0;
    const rows = await readAll();
    expect(rows.map((r) => [r.id, r.fields.text])).toEqual(notes.map((n) => [n.id, n.fields.text]));
    expect(opensAsked().flatMap((r) => ('sealed' in r ? r.sealed.map(([c]) => c) : []))).toEqual(
      notes.map((n) => `evidence:${n.id}`),
    );
  }, 60_000);

  it('still refuses a garbled row: the worker cannot open it, nor can the page', async () => {
    await applyPulledPage(tabs.db, notes, { key: 'checkpoint', value: COUNT });
    const id = serverId(COUNT); // in the last slice
    await new Promise<void>((resolve, reject) => {
      const store = tabs.db
        .backendDB()
        .transaction('evidence', 'readwrite')
        .objectStore('evidence');
      const get = store.get(id);
      get.onsuccess = () => {
        const row = get.result as { sealed: { data: ArrayBuffer } };
        const data = new Uint8Array(row.sealed.data.slice(0));
        data[0]! ^= 0xff;
        const put = store.put({ ...row, sealed: { ...row.sealed, data: data.buffer } });
        put.onsuccess = () => resolve();
        put.onerror = () => reject(put.error);
      };
    });
    asked.length = 0;
    await expect(readAll()).rejects.toThrow();
    expect(opensAsked().length).toBeGreaterThan(0);
  }, 60_000);
});
