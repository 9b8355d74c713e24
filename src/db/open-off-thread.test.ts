import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sealText, type Sealed } from './cipher';
import { encryptedTabs, pulledNote, serverId } from './fixtures';
import { applyPulledPage } from './outbox';
import { answerSealRequest, type SealAnswer, type SealRequest } from './seal-request';
import { READ_SLICE, SLICED_FROM } from './sliced-read';

/**
 * A read large enough to be sliced (a screen's first read after unlock, db/sliced-read.ts), or of
 * a few thousand rows read whole, is opened in the sealing worker (db/seal-worker.ts) where the
 * page has one. Node has no Worker: a
 * stand-in answers with the worker's own code, a message turn away, as a worker does.
 */
const INSPECTION = '0190a000-0000-7000-8000-000000000001';
const tabs = encryptedTabs('open-off-thread');
beforeEach(tabs.start);
afterEach(tabs.end);

const asked: SealRequest[] = [];
/** Whether each buffer handed to the worker to answer in was blank when it was handed over. */
const intoBuffers: ('zeroed' | 'held')[] = [];
/** Requests asked and not yet answered, and the most there ever were at once. */
let out = 0;
let mostOut = 0;
/** How the stand-in answers the nth open it is asked (from 0): as the worker does, unless a test says. */
let answerOpen: (n: number, answer: SealAnswer) => SealAnswer | 'fail' = (_, answer) => answer;
/** Answers to opens held until the next request comes, or a while has passed (a slow worker). */
let held: (() => void)[] = [];
const HOLD_MS = 100;
class StandInWorker extends EventTarget {
  postMessage(request: SealRequest) {
    asked.push(request);
    if ('packed' in request && request.into) {
      intoBuffers.push(
        new Uint8Array(request.into).every((byte) => byte === 0) ? 'zeroed' : 'held',
      );
    }
    mostOut = Math.max(mostOut, ++out);
    for (const answer of held.splice(0)) setTimeout(answer, 0);
    const n = opensAsked().length - 1;
    void answerSealRequest(request).then(({ answer }) => {
      const reply = 'packed' in request ? answerOpen(n, answer) : answer;
      let sent = false;
      const send = () => {
        if (sent) return;
        sent = true;
        out -= 1;
        if (reply === 'fail') this.dispatchEvent(new Event('error'));
        else this.dispatchEvent(new MessageEvent('message', { data: reply }));
      };
      if (!('packed' in request)) return void setTimeout(send, 0);
      held.push(send);
      setTimeout(send, HOLD_MS);
    });
  }
  terminate() {}
}
beforeEach(() => {
  asked.length = 0;
  intoBuffers.length = 0;
  out = mostOut = 0;
  held = [];
  answerOpen = (_, answer) => answer;
});
// A read refused early leaves answers out: they are sent before the next test counts its own.
afterEach(() => vi.waitUntil(() => out === 0, { timeout: 5_000 }));
// Put back after each test by the config (unstubGlobals).
beforeEach(() => vi.stubGlobal('Worker', StandInWorker));

const COUNT = SLICED_FROM + 10;
const notes = Array.from({ length: COUNT }, (_, i) =>
  pulledNote(serverId(i + 1), INSPECTION, `note ${i}`, i + 1),
);
/** The worker's answer to an open is a JSON array's UTF-8 bytes. */
const asValue = (bytes: Uint8Array): unknown => JSON.parse(new TextDecoder().decode(bytes));
const asJson = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
/** Replaces a stored row's sealed blob, around the app (as a damaged disk or a bug would). */
const changeStored = (id: string, change: (sealed: Sealed) => Sealed | Promise<Sealed>) =>
  new Promise<void>((resolve, reject) => {
    const read = tabs.db.backendDB().transaction('evidence').objectStore('evidence').get(id);
    read.onerror = () => reject(read.error);
    read.onsuccess = () => {
      const row = read.result as { sealed: Sealed };
      void Promise.resolve(change(row.sealed)).then((sealed) => {
        const store = tabs.db
          .backendDB()
          .transaction('evidence', 'readwrite')
          .objectStore('evidence');
        const put = store.put({ ...row, sealed });
        put.onsuccess = () => resolve();
        put.onerror = () => reject(put.error);
      }, reject);
    };
  });
const opensAsked = () => asked.filter((r) => 'packed' in r);
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
    expect(opensAsked().flatMap((r) => ('packed' in r ? r.packed.contexts : []))).toEqual(
      notes.map((n) => `evidence:${n.id}`),
    );
  }, 60_000);

  it('hands the worker back only zeroed buffers to answer in, and reads every slice whole', async () => {
    await applyPulledPage(tabs.db, notes, { key: 'checkpoint', value: COUNT });
    for (let read = 0; read < 2; read++) {
      asked.length = 0;
      const rows = await readAll();
      expect(rows.map((r) => [r.id, r.fields.text])).toEqual(
        notes.map((n) => [n.id, n.fields.text]),
      );
    }
    // Buffers the worker answered in came back to it for later slices, blank every time.
    expect(intoBuffers.length).toBeGreaterThan(0);
    expect(intoBuffers.every((state) => state === 'zeroed')).toBe(true);
  }, 60_000);

  it('still refuses a garbled row: the worker cannot open it, nor can the page', async () => {
    await applyPulledPage(tabs.db, notes, { key: 'checkpoint', value: COUNT });
    await changeStored(serverId(COUNT), (sealed) => {
      const data = new Uint8Array(sealed.data.slice(0));
      data[0]! ^= 0xff;
      return { ...sealed, data: data.buffer };
    }); // in the last slice
    asked.length = 0;
    await expect(readAll()).rejects.toThrow();
    expect(opensAsked().length).toBeGreaterThan(0);
  }, 60_000);

  // Sealed under the right key and context, so the worker opens them. Content that is not JSON
  // fails the slice's parse; one content reading as two makes the slice's array one item long, so
  // the page opens the slice itself, and that row's parse fails there.
  it.each([
    ['is not JSON', '{"fields": {"text": "cut sh'],
    [
      'reads as two',
      '{"fields":{"text":"a"},"conflicts":{}},{"fields":{"text":"b"},"conflicts":{}}',
    ],
  ])(
    'refuses a row whose content %s, as the page does',
    async (_, content) => {
      await applyPulledPage(tabs.db, notes, { key: 'checkpoint', value: COUNT });
      const id = serverId(READ_SLICE + 5); // in the second slice
      const key = tabs.holder.current!;
      await changeStored(id, () => sealText(key, content, `evidence:${id}`));
      asked.length = 0;
      await expect(readAll()).rejects.toThrow(SyntaxError);
      expect(opensAsked().length).toBeGreaterThan(1);
    },
    60_000,
  );

  it('sends the worker the next slice while it opens one, never more than two at once', async () => {
    await applyPulledPage(tabs.db, notes, { key: 'checkpoint', value: COUNT });
    asked.length = 0;
    mostOut = 0;
    const rows = await readAll();
    expect(rows.map((r) => r.id)).toEqual(notes.map((n) => n.id));
    // One slice at a time, the worker was asked for the next only once it had answered.
    expect(mostOut).toBe(2);
    expect(opensAsked()).toHaveLength(Math.ceil(COUNT / READ_SLICE));
  }, 60_000);

  it.each([
    ['a sliced read', notes, 2],
    ['a read of a few thousand rows, read whole', notes.slice(0, 2 * READ_SLICE + 500), 1],
  ])(
    'opens on the page what the worker answers short in %s, in order',
    async (_, rows, n) => {
      await applyPulledPage(tabs.db, rows, { key: 'checkpoint', value: rows.length });
      answerOpen = (asked, answer) =>
        asked === n && 'opened' in answer
          ? { ...answer, opened: asJson((asValue(answer.opened) as unknown[]).slice(1)) }
          : answer;
      asked.length = 0;
      const read = await readAll();
      expect(read.map((r) => [r.id, r.fields.text])).toEqual(
        rows.map((r) => [r.id, r.fields.text]),
      );
      expect(opensAsked()).toHaveLength(Math.ceil(rows.length / READ_SLICE));
    },
    60_000,
  );

  it('opens a read of a few thousand rows, read whole, there too: its slices asked for at once', async () => {
    const few = notes.slice(0, 2 * READ_SLICE + 500);
    await applyPulledPage(tabs.db, few, { key: 'checkpoint', value: few.length });
    asked.length = 0;
    mostOut = 0;
    const rows = await readAll();
    expect(rows.map((r) => [r.id, r.fields.text])).toEqual(few.map((n) => [n.id, n.fields.text]));
    expect(opensAsked()).toHaveLength(3);
    expect(mostOut).toBe(3);
  }, 60_000);

  it('opens a read of fewer rows than a slice on the page, as before', async () => {
    const few = notes.slice(0, READ_SLICE - 1);
    await applyPulledPage(tabs.db, few, { key: 'checkpoint', value: few.length });
    asked.length = 0;
    const rows = await readAll();
    expect(rows.map((r) => r.id)).toEqual(few.map((n) => n.id));
    expect(opensAsked()).toHaveLength(0);
  }, 60_000);

  // Last: a worker that failed is not asked again by this page (this file's module).
  it('opens the slices out when the worker fails, and all after them, on the page, in order', async () => {
    await applyPulledPage(tabs.db, notes, { key: 'checkpoint', value: COUNT });
    answerOpen = (n, answer) => (n === 3 ? 'fail' : answer);
    asked.length = 0;
    const rows = await readAll();
    expect(rows.map((r) => [r.id, r.fields.text])).toEqual(notes.map((n) => [n.id, n.fields.text]));
    // The fourth and the fifth (sent on while the fourth was out) were asked, and nothing after.
    expect(opensAsked().length).toBeLessThanOrEqual(5);
  }, 60_000);
});
