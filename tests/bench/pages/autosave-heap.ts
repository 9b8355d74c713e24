import { createKeyring, createRepository, openDatabase, systemClock } from '../../../src/db';
import type { FieldbookDB, KeyHolder } from '../../../src/db';
import { BENCH_INSPECTION_ID, noteText, seededRandom } from './data';
import { BENCH_PASSWORD } from './screen-load';

/**
 * Diagnostic for tests/bench/heap-autosave.ts: `saves` autosaves of one note of about `chars`
 * characters, growing a character a save, on an encrypted database that is left open (unlocked)
 * afterwards, so what the page still holds of the saves can be weighed from outside.
 */
let open: FieldbookDB | undefined;
const autosaves = async ({ saves, chars }: { saves: number; chars: number }): Promise<void> => {
  const keys: KeyHolder = { current: null };
  const db = openDatabase(`bench-heap-${Math.random().toString(36).slice(2)}`, keys);
  await createKeyring(db, keys, BENCH_PASSWORD);
  open = db;
  const repository = createRepository({ db, clock: systemClock });
  const id = await repository.create('evidence', BENCH_INSPECTION_ID, {
    kind: 'practitioner-interview',
    occurredAt: new Date().toISOString(),
    status: 'draft',
  });
  const full = noteText(seededRandom(7), Math.ceil((chars + saves) / 4));
  for (let i = 0; i < saves; i++) {
    await repository.update('evidence', id, { text: full.slice(0, chars + i + 1) });
  }
};

declare global {
  interface Window {
    fieldbookHeap?: { autosaves: typeof autosaves; isOpen: () => boolean };
  }
}
window.fieldbookHeap = { autosaves, isOpen: () => open?.isOpen() ?? false };
