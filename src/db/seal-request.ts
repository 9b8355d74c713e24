import { openText, sealText, type Sealed } from './cipher';

/**
 * Blobs to open, packed for the trip: every IV (12 bytes each) in one buffer, every ciphertext in
 * another with where each ends, both handed over rather than copied. Cloning two buffers a blob,
 * tens of thousands of them, cost both threads more than the copy into one does.
 */
export type PackedBlobs = {
  contexts: string[];
  ivs: ArrayBuffer;
  data: ArrayBuffer;
  ends: Uint32Array<ArrayBuffer>;
};
const IV_BYTES = 12;

/** Packs `[context, blob]`s for the worker; the blobs stay as they are, for the page to open instead. */
export const packBlobs = (sealed: readonly [context: string, blob: Sealed][]): PackedBlobs => {
  const ends = new Uint32Array(sealed.length);
  let size = 0;
  sealed.forEach(([, blob], i) => {
    if (blob.iv.byteLength !== IV_BYTES) throw new Error('a sealed blob without a 12-byte IV');
    ends[i] = size += blob.data.byteLength;
  });
  const ivs = new Uint8Array(sealed.length * IV_BYTES);
  const data = new Uint8Array(size);
  sealed.forEach(([, blob], i) => {
    ivs.set(blob.iv, i * IV_BYTES);
    data.set(new Uint8Array(blob.data), i === 0 ? 0 : ends[i - 1]!);
  });
  return { contexts: sealed.map(([context]) => context), ivs: ivs.buffer, data: data.buffer, ends };
};
const unpack = ({ contexts, ivs, data, ends }: PackedBlobs): [string, Sealed][] =>
  contexts.map((context, i) => [
    context,
    {
      iv: new Uint8Array(ivs, i * IV_BYTES, IV_BYTES),
      data: data.slice(i === 0 ? 0 : ends[i - 1]!, ends[i]!),
    },
  ]);

/**
 * What the sealing worker (db/seal-worker.ts) is asked, and answers: to seal `items` (a pulled
 * page), or to open `packed` blobs (a slice of a screen's first read of tens of thousands of rows)
 * into one JSON array of their contents, in order, for the page to parse at once.
 */
export type SealRequest =
  | { id: number; key: CryptoKey; items: [context: string, json: string][] }
  | { id: number; key: CryptoKey; packed: PackedBlobs };
export type SealAnswer =
  { id: number; sealed: Sealed[] } | { id: number; opened: string } | { id: number; error: string };

/**
 * Seals each item under the request's key, in order, or opens each blob; the sealed buffers are
 * handed over, not copied. A blob that does not open (garbled, another key) fails the request.
 */
export const answerSealRequest = (
  request: SealRequest,
): Promise<{ answer: SealAnswer; transfer: ArrayBuffer[] }> => {
  const { id, key } = request;
  const failed = (error: unknown) => ({ answer: { id, error: String(error) }, transfer: [] });
  if ('packed' in request) {
    return Promise.all(
      unpack(request.packed).map(([context, blob]) => openText(key, blob, context)),
    ).then((opened) => ({ answer: { id, opened: `[${opened.join(',')}]` }, transfer: [] }), failed);
  }
  return Promise.all(request.items.map(([context, json]) => sealText(key, json, context))).then(
    (sealed) => ({
      answer: { id, sealed },
      transfer: sealed.flatMap((s) => [s.iv.buffer, s.data]),
    }),
    failed,
  );
};
