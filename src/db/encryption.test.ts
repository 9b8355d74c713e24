import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../domain';
import { generateDataKey } from './cipher';
import { openDatabase, type FieldbookDB } from './database';
import { LockedError, REMEMBER_READS_UP_TO, storedAs, type KeyHolder } from './encryption';
import { diskText, pulledNote, rowsOnDisk } from './fixtures';
import { inspectionsLeft } from './forget';
import { META, META_FAMILIES, metaKeyOf, setMeta } from './meta';
import { countUnsent, preparePulledPage, takeBatch, writePulledPage } from './outbox';
import { SLICED_FROM } from './sliced-read';
import { createRepository } from './repository';

const INSPECTION = '0190a000-0000-7000-8000-000000000001';
let db: FieldbookDB;
let holder: KeyHolder;
let name: string;
let n = 0;

beforeEach(async () => {
  name = `enc-${++n}`;
  holder = { current: await generateDataKey() };
  db = openDatabase(name, holder);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

const phrase = 'the child said the boyfriend shouts at night';
const repoOf = () => createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });
const draft = (kind: 'focus-group' | 'practitioner-interview') =>
  ({ kind, occurredAt: '2026-11-26T09:00:00.000Z', status: 'draft' }) as const;

describe('encryption at rest', () => {
  it('stores no content in clear, yet the app reads and writes as before', async () => {
    const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });
    const caseId = await repo.create('childCase', INSPECTION, {
      caseRef: 'NS-4471',
      selection: 'tracked',
    });
    const id = await repo.create('evidence', INSPECTION, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
      role: 'Senior social worker',
      caseIds: [caseId],
    });
    await repo.update('evidence', id, { text: phrase });
    expect((await db.evidence.get(id))?.fields.text).toBe(phrase);
    expect((await db.outbox.toArray()).map((op) => op.fields.text ?? op.fields.caseRef)).toEqual([
      'NS-4471',
      phrase,
    ]);
    expect((await takeBatch(db, 500, 1e6))[1]?.fields.text).toBe(phrase);

    const disk = await diskText(name);
    for (const secret of ['boyfriend', 'NS-4471', 'Senior social worker'])
      expect(disk).not.toContain(secret);
    expect(disk).toContain(INSPECTION); // ids stay clear: they are the indexes
  });

  it('refuses to read or write content while locked', async () => {
    const repo = repoOf();
    const id = await repo.create('evidence', INSPECTION, draft('focus-group'));
    holder.current = null;
    await expect(db.evidence.get(id)).rejects.toBeInstanceOf(LockedError);
    await expect(repo.update('evidence', id, { text: 'x' })).rejects.toBeInstanceOf(LockedError);
  });

  it('cannot be read with another key', async () => {
    const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });
    const id = await repo.create('evidence', INSPECTION, {
      kind: 'focus-group',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
      text: phrase,
    });
    holder.current = await generateDataKey();
    await expect(db.evidence.get(id)).rejects.toThrow();
  });
});

/** A stored evidence row `note i` with an id that sorts by `i`. */
const numberedRow = (i: number, inspectionId = INSPECTION) => ({
  id: `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
  inspectionId,
  fields: { kind: 'document-review', status: 'final', text: `note ${i}` },
  seq: i,
  versions: {},
  conflicts: {},
  author: 'a',
  createdAt: '2026-11-26T09:00:00.000Z',
  updatedAt: '2026-11-26T09:00:00.000Z',
  deleted: false,
});

describe('bulk reads', () => {
  it('opens thousands of rows in slices, each with its own content and in key order', async () => {
    const rows = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => numberedRow(from + i)) as never;
    const count = 4_500; // more than two slices
    // The later half sealed before an unlock: a new key object remembers nothing it opened…
    await db.evidence.bulkAdd(rows(count / 2, count));
    db.close();
    const raw = await crypto.subtle.exportKey('raw', holder.current!);
    holder = {
      current: await crypto.subtle.importKey('raw', raw, 'AES-GCM', true, ['encrypt', 'decrypt']),
    };
    db = openDatabase(name, holder);
    // …while the first half is sealed in this session, so one read mixes remembered and opened.
    await db.evidence.bulkAdd(rows(0, count / 2));
    const read = await db.evidence.where('inspectionId').equals(INSPECTION).toArray();
    expect(read.map((r) => r.fields.text)).toEqual(
      Array.from({ length: count }, (_, i) => `note ${i}`),
    );
  });
});

describe('reads in slices', () => {
  const OTHER = '0190a000-0000-7000-8000-000000000002';
  /** Ids interleaved across two inspections: every third belongs to the other one. */
  const mixed = (count: number) =>
    Array.from({ length: count }, (_, i) => numberedRow(i, i % 3 === 2 ? OTHER : INSPECTION));

  it("keeps to the inspection asked for when another's ids fall inside a slice, in id order, in or out of a transaction", async () => {
    // This inspection's part is large enough to be sliced and spans eleven slices; the other's is read whole.
    const rows = mixed(Math.ceil((SLICED_FROM * 3) / 2) + 30);
    await db.evidence.bulkAdd(rows as never);
    const expected = (inspectionId: string) =>
      rows.filter((r) => r.inspectionId === inspectionId).map((r) => [r.id, r.fields.text]);
    const read = async (inspectionId: string) =>
      (await db.evidence.where('inspectionId').equals(inspectionId).toArray()).map((r) => [
        r.id,
        r.fields.text,
      ]);
    expect(await read(INSPECTION)).toEqual(expected(INSPECTION));
    expect(await read(OTHER)).toEqual(expected(OTHER));
    // In an explicit read-only transaction the slices are kept alive and opened the same way.
    const inTransaction = await db.transaction('r', db.evidence, () => read(INSPECTION));
    expect(inTransaction).toEqual(expected(INSPECTION));
  });
});

describe('device meta keys', () => {
  it('seals every meta entry except those the registry flags clear, read from the flag alone', async () => {
    const keys = [
      ...Object.values(META).map((m) => ({ key: m.key, clear: m.clear })),
      ...Object.values(META_FAMILIES).map((f) => ({ key: `${f.prefix}x`, clear: f.clear })),
    ];
    for (const { key } of keys) await setMeta(db, key, { marker: `secret-${key}` });
    const plain = new Dexie(name);
    await plain.open();
    const stored = new Map(
      (await plain.table('meta').toArray()).map((e: { key: string }) => [e.key, JSON.stringify(e)]),
    );
    plain.close();
    for (const { key, clear } of keys) {
      expect(stored.get(key)?.includes(`secret-${key}`), key).toBe(clear);
    }
    expect(metaKeyOf('pullSince', 'u1')).toBe('pullSince:u1');
  });
});

describe('reads that must not need a cursor over sealed values', () => {
  it('counts unsent ops, overall and per inspection', async () => {
    const repo = createRepository({ db, clock: fixedClock(Date.UTC(2026, 10, 26, 9), 1000) });
    await repo.create('evidence', INSPECTION, {
      kind: 'focus-group',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
    });
    await takeBatch(db, 500, 1e6);
    await repo.create('evidence', INSPECTION, {
      kind: 'focus-group',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
    });
    expect(await countUnsent(db)).toBe(2);
    expect(await countUnsent(db, INSPECTION)).toBe(2);
  });

  it('[S6a] finds the inspections rows belong to by index keys alone, rows sealed', async () => {
    // Rows pulled before any /me listed their inspection: only the rows say it is here.
    await db.evidence.bulkAdd([numberedRow(0), numberedRow(1)] as never);
    expect(await inspectionsLeft(db, [])).toEqual([INSPECTION]);
  });
});

describe('pulled pages sealed ahead of their write', () => {
  const pulled = (id: string, text: string, seq: number) => pulledNote(id, INSPECTION, text, seq);

  it('[S6] are stored sealed and read back whole; a row with an unsent edit is still rebased in the write', async () => {
    const mine = await repoOf().create('evidence', INSPECTION, {
      ...draft('practitioner-interview'),
      text: 'my unsent words',
    });
    const other = '0190a000-0000-7000-8000-0000000000e1';
    const page = await preparePulledPage(
      db,
      [pulled(other, phrase, 5), pulled(mine, 'the server’s words', 6)],
      { key: 'checkpoint', value: 6 },
    );
    // Nothing is written until the page's transaction: sealing ahead is only encryption.
    expect(await db.evidence.get(other)).toBeUndefined();
    await writePulledPage(db, page);

    expect((await db.evidence.get(other))?.fields.text).toBe(phrase);
    expect((await db.evidence.get(mine))?.fields.text).toBe('my unsent words');
    expect((await db.meta.get('checkpoint'))?.value).toBe(6);
    expect(await diskText(name)).not.toContain('boyfriend');
  });

  it('are not written while locked', async () => {
    const id = '0190a000-0000-7000-8000-0000000000e2';
    const page = await preparePulledPage(db, [pulled(id, phrase, 1)], {
      key: 'checkpoint',
      value: 1,
    });
    const key = holder.current;
    holder.current = null;
    await expect(writePulledPage(db, page)).rejects.toBeInstanceOf(LockedError);
    await expect(
      preparePulledPage(db, [pulled('0190a000-0000-7000-8000-0000000000e3', phrase, 2)], {
        key: 'checkpoint',
        value: 2,
      }),
    ).rejects.toBeInstanceOf(LockedError);
    holder.current = key;
    expect(await db.evidence.get(id)).toBeUndefined();
  });
});

describe('plaintext the page remembers of what it sealed', () => {
  it("keeps a record's latest versions, however written, and forgets what two writes replaced", async () => {
    const row = numberedRow(1);
    const storedRow = async () =>
      (await rowsOnDisk(name)).find((value) => (value as { id?: unknown }).id === row.id);
    await db.evidence.put(row as never);
    const first = await storedRow();
    expect(storedAs(holder, 'evidence', first, row)).toBe(true);
    const later = { ...row, fields: { ...row.fields, text: 'note 1, corrected' } };
    await db.evidence.put(later as never);
    await db.evidence.put({ ...later, seq: 2 } as never);
    expect(storedAs(holder, 'evidence', first, row)).toBe(false);
    expect(storedAs(holder, 'evidence', await storedRow(), { ...later, seq: 2 })).toBe(true);
  });

  it('[S6] keeps the rows of a small pulled page, not those of a full one (a bulk write)', async () => {
    const notes = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) =>
        pulledNote(
          `0190a000-0000-7000-8000-${String(from + i).padStart(12, '0')}`,
          INSPECTION,
          `note ${from + i}`,
          from + i,
        ),
      );
    const small = notes(1, 3);
    const full = notes(1001, REMEMBER_READS_UP_TO + 1);
    for (const rows of [small, full])
      await writePulledPage(
        db,
        await preparePulledPage(db, rows, { key: 'checkpoint', value: rows.length }),
      );
    const stored = new Map(
      (await rowsOnDisk(name)).map((value) => [(value as { id?: unknown }).id, value] as const),
    );
    const kept = (rows: typeof small) =>
      rows.map(({ entity: _entity, ...local }) =>
        storedAs(holder, 'evidence', stored.get(local.id), local),
      );
    expect(kept(small)).toEqual(small.map(() => true));
    expect(kept(full)).toEqual(full.map(() => false));
    // Read back whole all the same, opened with the key.
    expect((await db.evidence.get(full[0]!.id))?.fields.text).toBe('note 1001');
  });
});
