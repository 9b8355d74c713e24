import type { Sealed } from './cipher';
import { packBlobs, roomFor, type SealAnswer, type SealRequest } from './seal-request';

/**
 * The page's one sealing worker (db/seal-worker.ts), started when the user starts on a form that
 * leads past the gate (`startSealWorker`), else on first use. Where there is none (tests in Node)
 * or it cannot start or fails, callers seal on this thread as before.
 */
let worker: Worker | null | undefined;
const decoder = new TextDecoder();
let nextId = 0;
const waiting = new Map<
  number,
  { resolve: (answer: SealAnswer) => void; reject: (e: Error) => void }
>();

const workerOf = (): Worker | null => {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined') return (worker = null);
  try {
    worker = new Worker(new URL('./seal-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return (worker = null);
  }
  worker.addEventListener('message', (event: MessageEvent<SealAnswer>) => {
    const answer = event.data;
    const asked = waiting.get(answer.id);
    waiting.delete(answer.id);
    if ('error' in answer) asked?.reject(new Error(answer.error));
    else asked?.resolve(answer);
  });
  worker.addEventListener('error', () => {
    // Could not load or died: what it was asked is sealed here instead, and so is all that follows.
    worker?.terminate();
    worker = null;
    for (const [, asked] of waiting) asked.reject(new Error('the sealing worker failed'));
    waiting.clear();
  });
  return worker;
};

/**
 * Starts the sealing worker now rather than at its first request: its start-up (a thread, its
 * script fetched and run: ~70–80 ms on a slow two-core machine) then passes while the user types
 * their password and the sign-in runs, not after a new tablet's first pull page has arrived, which
 * waited on it. The worker is told nothing here: a key goes to it only with a request, and is not
 * kept there (db/seal-worker.ts).
 */
export const startSealWorker = (): void => void workerOf();

/**
 * Seals each `[context, json]` under `key` in the worker, in order; null when there is no worker
 * to ask (the caller seals on its own thread). A failure of the worker is a rejection.
 */
export const sealOffThread = (
  key: CryptoKey,
  items: [context: string, json: string][],
): Promise<Sealed[]> | null =>
  ask((id) => ({ id, key, items }))?.then((answer) => ('sealed' in answer ? answer.sealed : [])) ??
  null;

/**
 * Buffers the worker handed back, kept for the next slices of a read: packing a slice's
 * ciphertext into memory never touched before, and the worker writing its answer into such
 * memory, cost several times the copies themselves. `spare` held ciphertext; `blank` held a
 * slice's plaintext and is zeroed before it is kept. Both are let go once no open has been asked
 * for a while, so nothing is held between reads.
 */
const spare: ArrayBuffer[] = [];
const blank: ArrayBuffer[] = [];
const KEEP_BUFFERS = 4;
const LET_GO_MS = 1_000;
let letGo: ReturnType<typeof setTimeout> | undefined;
const keep = (pool: ArrayBuffer[], buffer: ArrayBuffer) => {
  if (pool.length < KEEP_BUFFERS) pool.push(buffer);
  clearTimeout(letGo);
  letGo = setTimeout(() => {
    spare.length = 0;
    blank.length = 0;
  }, LET_GO_MS);
};
/** A kept buffer at least `size` long, else a new one with room to spare. */
const take = (pool: ArrayBuffer[], size: number): ArrayBuffer => {
  const at = pool.findIndex((buffer) => buffer.byteLength >= size);
  return at >= 0 ? pool.splice(at, 1)[0]! : new ArrayBuffer(roomFor(size));
};

/**
 * Opens each `[context, blob]` under `key` in the worker, in order, to one JSON array of their
 * contents; null when there is no worker to ask (the caller opens them on its own thread). The
 * blobs are packed into two buffers handed to the worker (db/seal-request.ts); those given here
 * stay whole. The worker answers the array's UTF-8 bytes, decoded here at once; the buffer they
 * came in is zeroed then. A blob that does not open, or a failure of the worker, is a rejection.
 */
export const openOffThread = (
  key: CryptoKey,
  sealed: readonly [context: string, blob: Sealed][],
): Promise<string> | null => {
  if (!workerOf()) return null;
  const packed = packBlobs(sealed, (size) => take(spare, size));
  const into = blank.pop();
  const transfer = [packed.ivs, packed.data, packed.ends.buffer, ...(into ? [into] : [])];
  return (
    ask((id) => ({ id, key, packed, into }), transfer)?.then((answer) => {
      if (!('opened' in answer)) return '[]';
      const json = decoder.decode(answer.opened);
      answer.opened.fill(0);
      keep(blank, answer.opened.buffer);
      keep(spare, answer.spare);
      return json;
    }) ?? null
  );
};

const ask = (
  request: (id: number) => SealRequest,
  transfer: Transferable[] = [],
): Promise<SealAnswer> | null => {
  const target = workerOf();
  if (!target) return null;
  const id = nextId++;
  return new Promise<SealAnswer>((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    target.postMessage(request(id), { transfer });
  });
};
