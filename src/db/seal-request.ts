import { openBytes, sealText, type Sealed } from './cipher';

/**
 * Blobs to open, packed for the trip: every IV (12 bytes each) in one buffer, every ciphertext in
 * another with where each ends, both handed over rather than copied. Cloning two buffers a blob,
 * tens of thousands of them, cost both threads more than the copy into one does. `data` may be
 * longer than its blobs (a buffer used before, handed back): `ends` says where each one ends.
 */
export type PackedBlobs = {
  contexts: string[];
  ivs: ArrayBuffer;
  data: ArrayBuffer;
  ends: Uint32Array<ArrayBuffer>;
};
const IV_BYTES = 12;

/**
 * Packs `[context, blob]`s for the worker; the blobs stay as they are, for the page to open
 * instead. `bufferOf(size)` gives the buffer their ciphertexts are copied into, at least `size`
 * long: one the worker handed back is reused, since copying into memory never touched before cost
 * the page several times the copy itself (~0.15 s against ~0.01 s for 60 MB on this machine).
 */
export const packBlobs = (
  sealed: readonly [context: string, blob: Sealed][],
  bufferOf: (size: number) => ArrayBuffer = (size) => new ArrayBuffer(size),
): PackedBlobs => {
  const count = sealed.length;
  const ends = new Uint32Array(count);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const blob = sealed[i]![1];
    if (blob.iv.byteLength !== IV_BYTES) throw new Error('a sealed blob without a 12-byte IV');
    ends[i] = size += blob.data.byteLength;
  }
  const ivs = new Uint8Array(count * IV_BYTES);
  const data = new Uint8Array(bufferOf(size));
  const contexts = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const [context, blob] = sealed[i]!;
    contexts[i] = context;
    ivs.set(blob.iv, i * IV_BYTES);
    data.set(new Uint8Array(blob.data), i === 0 ? 0 : ends[i - 1]!);
  }
  return { contexts, ivs: ivs.buffer, data: data.buffer, ends };
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
 * buffers handed over, and their plaintexts copied once into `into` when it is long enough (a
 * buffer the page zeroed and handed back, for the same reason it reuses its own), else into a new
 * one with room to spare. Nothing is decoded or parsed here: the page does both once a slice.
 */
const openPacked = async (
  key: CryptoKey,
  packed: PackedBlobs,
  into: ArrayBuffer | undefined,
): Promise<Uint8Array<ArrayBuffer>> => {
  const { ivs, data, ends } = packed;
  const contexts = encodeContexts(packed.contexts);
  const opened = await Promise.all(
    contexts.map((context, i) => {
      const start = i === 0 ? 0 : ends[i - 1]!;
      return openBytes(
        key,
        new Uint8Array(ivs, i * IV_BYTES, IV_BYTES),
        new Uint8Array(data, start, ends[i]! - start),
        context,
      );
    }),
  );
  let size = opened.length + 1; // the brackets and the commas between
  for (const plain of opened) size += plain.byteLength;
  const joined = new Uint8Array(
    into && into.byteLength >= size ? into : new ArrayBuffer(roomFor(size)),
    0,
    size,
  );
  joined[0] = OPEN;
  let at = 1;
  opened.forEach((plain, i) => {
    if (i > 0) joined[at++] = COMMA;
    joined.set(new Uint8Array(plain), at);
    at += plain.byteLength;
  });
  joined[at] = CLOSE;
  return joined;
};

/** A new buffer's length for `size` bytes: room for a later slice a little larger to reuse it. */
export const roomFor = (size: number): number => Math.ceil(size * 1.25);

/**
 * What the sealing worker (db/seal-worker.ts) is asked, and answers: to seal `items` (a pulled
 * page), or to open `packed` blobs (a slice of a screen's first read of tens of thousands of rows)
 * into one JSON array of their contents, in order, as UTF-8 bytes for the page to parse at once.
 * An open may bring `into`, a zeroed buffer to write the answer in; its answer hands back the
 * buffer the blobs came in (`spare`), for the page to pack the next slice into.
 */
export type SealRequest =
  | { id: number; key: CryptoKey; items: [context: string, json: string][] }
  | { id: number; key: CryptoKey; packed: PackedBlobs; into?: ArrayBuffer };
export type SealAnswer =
  | { id: number; sealed: Sealed[] }
  | { id: number; opened: Uint8Array<ArrayBuffer>; spare: ArrayBuffer }
  | { id: number; error: string };

/**
 * Seals each item under the request's key, in order, or opens each blob; the sealed buffers, and
 * an open's answer and spare, are handed over, not copied. A blob that does not open (garbled,
 * another key) fails the request.
 */
export const answerSealRequest = (
  request: SealRequest,
): Promise<{ answer: SealAnswer; transfer: ArrayBuffer[] }> => {
  const { id, key } = request;
  const failed = (error: unknown) => ({ answer: { id, error: String(error) }, transfer: [] });
  if ('packed' in request) {
    const spare = request.packed.data;
    return openPacked(key, request.packed, request.into).then(
      (opened) => ({ answer: { id, opened, spare }, transfer: [opened.buffer, spare] }),
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
