/**
 * The app's own repository (src/db), run in a tab of the app's origin by
 * tests/support/device-repository.ts: notes written in bulk exactly as the editor writes them (the
 * row and its outbox op in one encrypted transaction, S2), on the device's own database and key, so
 * an end-to-end test can record hundreds of notes in seconds and the app then finds them as its own.
 * Bundled as one script and exposed as `window.fieldbookDevice`.
 */
import {
  countUnsent,
  createRepository,
  DEFAULT_DB_NAME,
  listInspections,
  openDatabase,
  systemClock,
  unlockWithPassword,
  type KeyHolder,
} from '../../../src/db';
import type { EvidenceKind } from '../../../src/domain';

export type NewNote = { kind: EvidenceKind; occurredAt: string; text: string };
export type NoteEdit = { id: string; text: string; status?: 'draft' | 'final' };

const holder: KeyHolder = { current: null };
const db = openDatabase(DEFAULT_DB_NAME, holder);
const repo = createRepository({ db, clock: systemClock });

/** The device password unlocks the same data key the app uses (PBKDF2, so about a second). */
const unlock = (password: string) => unlockWithPassword(db, holder, password, systemClock);

/** The device's inspections, as the app lists them. */
const inspections = async () =>
  (await listInspections(db)).map((i) => ({ id: i.id, area: i.area }));

/**
 * Writes this many at once: each is still its own transaction (the row and its op), but the
 * browser's commits overlap instead of queueing one round trip after another.
 */
const AT_ONCE = 16;

const inSlices = async <T, R>(items: readonly T[], write: (item: T) => Promise<R>) => {
  const done: R[] = [];
  for (let from = 0; from < items.length; from += AT_ONCE)
    done.push(...(await Promise.all(items.slice(from, from + AT_ONCE).map(write))));
  return done;
};

/** New draft notes, one repository write each; returns their ids, in order. */
const createNotes = (inspectionId: string, notes: readonly NewNote[]) =>
  inSlices(notes, (note) => repo.create('evidence', inspectionId, { ...note, status: 'draft' }));

/** One sitting over many notes: each note's text replaced by what the inspector now has. */
const editNotes = async (edits: readonly NoteEdit[]) => {
  await inSlices(edits, ({ id, text, status }) =>
    repo.update('evidence', id, status ? { text, status } : { text }),
  );
};

/** Ops still to send (pending or sending) and all ops kept, rejected ones included. */
const outbox = async () => ({ unsent: await countUnsent(db), all: await db.outbox.count() });

const close = async () => {
  await repo.idle();
  db.close();
  holder.current = null;
};

const device = { unlock, inspections, createNotes, editNotes, outbox, close };
export type DeviceRepository = typeof device;

declare global {
  interface Window {
    fieldbookDevice?: DeviceRepository;
  }
}

window.fieldbookDevice = device;
