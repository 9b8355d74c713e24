/** The content codings the build precompresses to (scripts/precompress.ts). */
export type ContentCoding = 'br' | 'gzip';

/** `br;q=0.8` → ['br', 0.8]; a missing or unreadable q counts as 1, as RFC 9110 §12.4.2 says. */
const parseEntry = (entry: string): [string, number] | null => {
  const [name, ...params] = entry.split(';').map((part) => part.trim().toLowerCase());
  if (!name) return null;
  const q = params.find((param) => param.startsWith('q='));
  const weight = q === undefined ? 1 : Number(q.slice(2));
  return [name, Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 1) : 1];
};

/**
 * The coding to send, from those `available` (in the server's order of preference), for a
 * request's Accept-Encoding (RFC 9110 §12.5.3); undefined means the plain file. A coding the
 * header does not name is acceptable only through `*`; `q=0` refuses it. The highest weight
 * wins and a tie goes to the server's order: browsers send `gzip, deflate, br, zstd`, all at
 * weight 1, and brotli is the smaller of the two.
 */
export const chooseEncoding = (
  acceptEncoding: string | undefined,
  available: readonly ContentCoding[],
): ContentCoding | undefined => {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const entry of acceptEncoding.split(',')) {
    const parsed = parseEntry(entry);
    if (parsed) weights.set(parsed[0], parsed[1]);
  }
  const weightOf = (coding: ContentCoding): number =>
    weights.get(coding) ??
    (coding === 'gzip' ? weights.get('x-gzip') : undefined) ??
    weights.get('*') ??
    0;
  let best: ContentCoding | undefined;
  let bestWeight = 0;
  for (const coding of available) {
    const weight = weightOf(coding);
    // Strictly greater: on a tie the earlier (preferred) coding stays.
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
};
