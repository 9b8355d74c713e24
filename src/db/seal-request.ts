import { sealText, type Sealed } from './cipher';

/** What the sealing worker (db/seal-worker.ts) is asked, and answers. */
export type SealRequest = { id: number; key: CryptoKey; items: [context: string, json: string][] };
export type SealAnswer = { id: number; sealed: Sealed[] } | { id: number; error: string };

/** Seals each item under the request's key, in order; the buffers are handed over, not copied. */
export const answerSealRequest = ({
  id,
  key,
  items,
}: SealRequest): Promise<{ answer: SealAnswer; transfer: ArrayBuffer[] }> =>
  Promise.all(items.map(([context, json]) => sealText(key, json, context))).then(
    (sealed) => ({
      answer: { id, sealed },
      transfer: sealed.flatMap((s) => [s.iv.buffer, s.data]),
    }),
    (error: unknown) => ({ answer: { id, error: String(error) }, transfer: [] }),
  );
