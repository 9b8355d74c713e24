/** Rows built per step before giving the browser a turn: small enough that a tap is answered at once. */
export const EXPORT_CHUNK_ROWS = 500;

export type ChunkOptions = {
  chunkSize?: number;
  /** Called after each chunk with how many of how many are done. */
  onProgress?: (done: number, total: number) => void;
  /** How to give the browser a turn between chunks; tests and benches may pass a no-op. */
  pause?: () => Promise<void>;
};

/** A macrotask, so rendering and input run between chunks (a microtask would not let them). */
export const yieldToBrowser = (): Promise<void> => new Promise((resolve) => setTimeout(resolve));

/** Maps every item to a string, a chunk at a time, yielding between chunks. */
export const mapInChunks = async <T>(
  items: readonly T[],
  map: (item: T) => string,
  { chunkSize = EXPORT_CHUNK_ROWS, onProgress, pause = yieldToBrowser }: ChunkOptions = {},
): Promise<string[]> => {
  const out = new Array<string>(items.length);
  for (let start = 0; start < items.length; start += chunkSize) {
    const end = Math.min(items.length, start + chunkSize);
    for (let i = start; i < end; i++) out[i] = map(items[i]!);
    onProgress?.(end, items.length);
    if (end < items.length) await pause();
  }
  if (items.length === 0) onProgress?.(0, 0);
  return out;
};
