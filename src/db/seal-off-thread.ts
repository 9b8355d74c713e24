import type { Sealed } from './cipher';
import { packBlobs, type SealAnswer, type SealRequest } from './seal-request';

/**
 * The page's one sealing worker (db/seal-worker.ts), started on first use. Where there is none
 * (tests in Node) or it cannot start or fails, callers seal on this thread as before.
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
 * Opens each `[context, blob]` under `key` in the worker, in order, to one JSON array of their
 * contents; null when there is no worker to ask (the caller opens them on its own thread). The
 * worker answers the array's UTF-8 bytes, decoded here at once. The blobs are packed into two buffers handed to the worker (db/seal-request.ts); those given here
 * stay whole. A blob that does not open, or a failure of the worker, is a rejection.
 */
export const openOffThread = (
  key: CryptoKey,
  sealed: readonly [context: string, blob: Sealed][],
): Promise<string> | null => {
  if (!workerOf()) return null;
  const packed = packBlobs(sealed);
  return (
    ask((id) => ({ id, key, packed }), [packed.ivs, packed.data, packed.ends.buffer])?.then(
      (answer) => ('opened' in answer ? decoder.decode(answer.opened) : '[]'),
    ) ?? null
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
