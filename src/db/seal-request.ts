import { openBytes, sealText, type Sealed } from './cipher';

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
const encoder = new TextEncoder();
const [OPEN, COMMA, CLOSE] = [0x5b, 0x2c, 0x5d]; // '[', ',', ']'

/** Each context's bytes, as views into one encoding of them all when they are all ASCII (they are ids). */
const encodeContexts = (contexts: readonly string[]): Uint8Array<ArrayBuffer>[] => {
  const all = encoder.encode(contexts.join(''));
  let length = 0;
  for (const context of contexts) length += context.length;
  // One byte a character only when every character is ASCII: otherwise each is encoded alone.
  if (all.byteLength !== length) return contexts.map((context) => encoder.encode(context));
  let start = 0;
  return contexts.map((context) => all.subarray(start, (start += context.length)));
};

/**
 * Opens the packed blobs to one JSON array of their contents, as UTF-8 bytes (what each blob
 * sealed is the UTF-8 of one row's content JSON): the blobs are opened from views into the
 * buffers handed over, and their plaintexts copied once into the answer's buffer, which is handed
 * back. Nothing is decoded or parsed here: the page does both once for the whole slice.
 */
const openPacked = async (key: CryptoKey, packed: PackedBlobs): Promise<ArrayBuffer> => {
  const { ivs, data, ends } = packed;
  const contexts = encodeContexts(packed.contexts);
  const opened = await Promise.all(
    contexts.map((context, i) =>
      openBytes(
        key,
        new Uint8Array(ivs, i * IV_BYTES, IV_BYTES),
        new Uint8Array(data, i === 0 ? 0 : ends[i - 1]!, ends[i]! - (i === 0 ? 0 : ends[i - 1]!)),
        context,
      ),
    ),
  );
  let size = opened.length + 1; // the brackets and the commas between
  for (const plain of opened) size += plain.byteLength;
  const joined = new Uint8Array(size);
  joined[0] = OPEN;
  let at = 1;
  opened.forEach((plain, i) => {
    if (i > 0) joined[at++] = COMMA;
    joined.set(new Uint8Array(plain), at);
    at += plain.byteLength;
  });
  joined[at] = CLOSE;
  return joined.buffer;
};

/**
 * What the sealing worker (db/seal-worker.ts) is asked, and answers: to seal `items` (a pulled
 * page), or to open `packed` blobs (a slice of a screen's first read of tens of thousands of rows)
 * into one JSON array of their contents, in order, as UTF-8 bytes for the page to parse at once.
 */
export type SealRequest =
  | { id: number; key: CryptoKey; items: [context: string, json: string][] }
  | { id: number; key: CryptoKey; packed: PackedBlobs };
export type SealAnswer =
  | { id: number; sealed: Sealed[] }
  | { id: number; opened: ArrayBuffer }
  | { id: number; error: string };

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
    return openPacked(key, request.packed).then(
      (opened) => ({ answer: { id, opened }, transfer: [opened] }),
      failed,
    );
  }
  return Promise.all(request.items.map(([context, json]) => sealText(key, json, context))).then(
    (sealed) => ({
      answer: { id, sealed },
      transfer: sealed.flatMap((s) => [s.iv.buffer, s.data]),
    }),
    failed,
  );
};
