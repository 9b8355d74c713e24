import { afterEach, describe, expect, it, vi } from 'vitest';
import { pulledNote } from '../db/fixtures';
import { PULL_AHEAD_HEADER, PULL_LEFT_HEADER } from '../domain';
import { INSPECTION } from './fixtures';
import { createHttpTransport, TransportError } from './transport';

/** A pull page of `count` notes as the server sends it, with `broken` rows made unreadable. */
const page = (count: number, broken: number[] = []) => ({
  rows: Array.from({ length: count }, (_, i) => {
    const id = `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`;
    return broken.includes(i) ? { id } : pulledNote(id, INSPECTION, `note ${i}`, i + 1);
  }),
  next: 'cursor-2',
  hasMore: true,
});

const serving = (body: unknown) =>
  vi.stubGlobal(
    'fetch',
    async () =>
      new Response(JSON.stringify(body), {
        headers: { [PULL_AHEAD_HEADER]: '2000', [PULL_LEFT_HEADER]: '1400' },
      }),
  );
afterEach(() => vi.unstubAllGlobals());

describe('the HTTP transport', () => {
  it('[S6] hands over every row of a page larger than a slice of checks, in order, with its cursor and progress', async () => {
    serving(page(600));
    const pulled = await createHttpTransport('http://server').pull('t', 0, 1000, 2);
    expect(pulled.rows.map((r) => r.seq)).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    expect(pulled.rows[599]).toEqual(page(600).rows[599]);
    expect(pulled).toMatchObject({
      next: 'cursor-2',
      hasMore: true,
      progress: { ahead: 2000, left: 1400 },
    });
  });

  it('[S6] refuses a whole page when a row in a later slice is not one it understands', async () => {
    serving(page(600, [550]));
    const pulled = createHttpTransport('http://server').pull('t', 0, 1000, 2);
    await expect(pulled).rejects.toBeInstanceOf(TransportError);
    await expect(pulled).rejects.toMatchObject({ failure: { kind: 'server' } });
  });
});
