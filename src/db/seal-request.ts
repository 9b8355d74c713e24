import { openText, sealText, type Sealed } from './cipher';

/**
 * What the sealing worker (db/seal-worker.ts) is asked, and answers: to seal `items` (a pulled
 * page), or to open `sealed` (a slice of a screen's first read of tens of thousands of rows).
 */
export type SealRequest =
  | { id: number; key: CryptoKey; items: [context: string, json: string][] }
  | { id: number; key: CryptoKey; sealed: [context: string, blob: Sealed][] };
export type SealAnswer =
  | { id: number; sealed: Sealed[] }
  | { id: number; opened: string[] }
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
  if ('sealed' in request) {
    return Promise.all(request.sealed.map(([context, blob]) => openText(key, blob, context))).then(
      (opened) => ({ answer: { id, opened }, transfer: [] }),
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
