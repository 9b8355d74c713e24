import * as z from 'zod/mini';
import { ENTITY_NAMES, OP_KINDS, REJECT_REASONS, rebase } from '../domain';
import { BACKUP_VERSION, openBackup, type Backup, type BackupOwner } from './backup';
import { TABLE_OF, tableFor, type FieldbookDB } from './database';
import { parseDraftKey } from './drafts';
import { getMeta, META_FAMILIES, META_KEYS, setMeta } from './meta';
import type { LocalInspection, LocalRow, MetaEntry, OutboxOp } from './types';

/**
 * Bringing back the encrypted copy made at sign-out (backup.ts) on a device where its user is
 * signed in: its unsent ops go into the outbox with their own opIds (S3: one the server already
 * has comes back `duplicate`), their records are re-applied here as pending edits (S6), ops of
 * inspections not on this device are kept as refused (`forbidden`, S6a) and drafts come back as
 * drafts. `readBackup` checks and opens the file, `planRestore` says what it would do (the screen
 * shows it before anything is written), `applyRestore` does it.
 */
export type BackupProblem =
  'not-fieldbook' | 'damaged' | 'newer' | 'wrong-password' | 'someone-else' | 'other-server';

export class BackupError extends Error {
  constructor(
    readonly problem: BackupProblem,
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

const OuterSchema = z.object({
  format: z.literal('fieldbook-backup'),
  version: z.int(),
  createdAt: z.string(),
  kdf: z.object({
    name: z.literal('PBKDF2-SHA-256'),
    iterations: z.int().check(z.positive()),
    salt: z.base64(),
  }),
  cipher: z.object({ name: z.literal('AES-GCM-256'), iv: z.base64() }),
  data: z.base64(),
});

const OpSchema = z.object({
  opId: z.uuid(),
  entity: z.enum(ENTITY_NAMES),
  entityId: z.string(),
  inspectionId: z.string(),
  kind: z.enum(OP_KINDS),
  fields: z.record(z.string(), z.unknown()),
  base: z.record(z.string(), z.number()),
  createdAt: z.string(),
  state: z.enum(['pending', 'sending', 'rejected']),
  reason: z.optional(z.string()),
});

const RowSchema = z.looseObject({
  id: z.string(),
  inspectionId: z.string(),
  seq: z.number(),
  author: z.string(),
  fields: z.record(z.string(), z.unknown()),
});

const InnerSchema = z.object({
  version: z.optional(z.int()),
  owner: z.optional(z.object({ userId: z.string(), origin: z.string() })),
  tables: z.looseObject({
    outbox: z.array(OpSchema),
    inspections: z._default(
      z.array(
        z.looseObject({
          id: z.string(),
          area: z.string(),
          team: z.array(z.object({ userId: z.string(), name: z.string() })),
        }),
      ),
      [],
    ),
    drafts: z._default(z.array(z.object({ key: z.string(), value: z.unknown() })), []),
  }),
});

export type OpenedCopy = {
  version: number;
  createdAt: string;
  owner: BackupOwner | undefined;
  ops: OutboxOp[];
  /** The copy's records, by id: the state its ops are re-applied on where this device has none. */
  rows: Map<string, LocalRow>;
  areas: Map<string, string>;
  /** Who wrote the records the copy made on its device: a version-1 copy's only clue to whose it is. */
  names: Map<string, string>;
  drafts: MetaEntry[];
};

const problem = (p: BackupProblem, message: string) => new BackupError(p, message);

/** Checks and opens a copy; throws a BackupError whose message the screen can show as it is. */
export const readBackup = async (text: string, password: string): Promise<OpenedCopy> => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw problem('not-fieldbook', 'This file is not a Fieldbook copy');
  }
  if ((json as { format?: unknown } | null)?.format !== 'fieldbook-backup')
    throw problem('not-fieldbook', 'This file is not a Fieldbook copy');
  const outer = OuterSchema.safeParse(json);
  if (!outer.success)
    throw problem('damaged', 'This Fieldbook copy is damaged: parts of it are missing');
  const { version } = outer.data;
  if (version > BACKUP_VERSION)
    throw problem(
      'newer',
      'This copy was made by a newer version of Fieldbook. Update Fieldbook on this tablet, then try again',
    );
  let opened: unknown;
  try {
    opened = await openBackup(outer.data as Backup, password);
  } catch {
    throw problem(
      'wrong-password',
      'That password does not open this copy. If the password is right, the file has been changed or damaged',
    );
  }
  const inner = InnerSchema.safeParse(opened);
  if (!inner.success || (inner.data.version ?? 1) !== version)
    throw problem('damaged', 'This Fieldbook copy is damaged: what it holds cannot be read');
  const { tables } = inner.data;
  const rows = new Map<string, LocalRow>();
  for (const entity of ENTITY_NAMES) {
    const parsed = z.array(RowSchema).safeParse(tables[TABLE_OF[entity]] ?? []);
    if (!parsed.success)
      throw problem('damaged', 'This Fieldbook copy is damaged: what it holds cannot be read');
    for (const row of parsed.data) rows.set(row.id, row as unknown as LocalRow);
  }
  const names = new Map<string, string>();
  for (const inspection of tables.inspections)
    for (const member of inspection.team) names.set(member.userId, member.name);
  return {
    version,
    createdAt: outer.data.createdAt,
    owner: inner.data.owner,
    ops: tables.outbox.map(({ reason, ...op }) => (reason === undefined ? op : { ...op, reason })),
    rows,
    areas: new Map(tables.inspections.map((i) => [i.id, i.area])),
    names,
    drafts: tables.drafts.filter((d) => d.key.startsWith(META_FAMILIES.draft.prefix)),
  };
};

export type RestoreGroup = {
  inspectionId: string;
  /** The inspection's area, from this device or else the copy; undefined when neither knows it. */
  area: string | undefined;
  ops: number;
  /** Not on this device (the user left its team, or it never reached the server): kept as refused. */
  onDevice: boolean;
};

export type RestorePlan = {
  copy: OpenedCopy;
  /** The ops this device does not have yet (a second restore of one copy finds none). */
  ops: OutboxOp[];
  groups: RestoreGroup[];
  /** Of those ops, the ones the server had already refused on the first device: they stay refused. */
  alreadyRefused: number;
  drafts: MetaEntry[];
  /** Drafts of inspections not on this device: a draft is never sent, so there is nowhere to put them. */
  draftsLeftOut: number;
  /** Ops of the copy this device already holds (restored before). */
  alreadyHere: number;
  /** A version-1 copy does not say whose it is: the user must say it is theirs. */
  unverified: boolean;
  /** For a version-1 copy, who wrote the records it made: the names the screen shows. */
  writtenBy: string[];
};

/**
 * What restoring `copy` for `me` would write. Throws `someone-else` for another user's copy
 * (pushing their ops as this user would put their words under this user's name) and
 * `other-server` for a copy made against another server, whose ops this one has never seen.
 */
export const planRestore = async (
  db: FieldbookDB,
  copy: OpenedCopy,
  me: BackupOwner,
): Promise<RestorePlan> => {
  const writers = new Set(
    copy.ops
      .map((op) => copy.rows.get(op.entityId))
      .filter((row) => row !== undefined && row.seq === 0 && row.author)
      .map((row) => row!.author),
  );
  if (copy.owner) {
    if (copy.owner.userId !== me.userId)
      throw problem(
        'someone-else',
        'This copy belongs to another person. Only the person who made it can restore it, signed in as themselves',
      );
    if (copy.owner.origin !== me.origin)
      throw problem(
        'other-server',
        `This copy was made for another Fieldbook server (${copy.owner.origin}). Restore it there`,
      );
  } else if ([...writers].some((w) => w !== me.userId)) {
    // A version-1 copy names no owner; the records it created name their author. Any other
    // author means it is someone else's work.
    throw problem(
      'someone-else',
      `This copy holds changes written by ${[...writers]
        .filter((w) => w !== me.userId)
        .map((w) => copy.names.get(w) ?? 'another person')
        .join(', ')}. Only they can restore it, signed in as themselves`,
    );
  }
  // In the outbox (from the opId index's keys alone: the ops are sealed), or restored before and
  // sent since: putting an op back after the server took it would show its old words here again.
  const known = new Set([
    ...((await db.outbox
      .where('opId')
      .anyOf(copy.ops.map((op) => op.opId))
      .keys()) as string[]),
    ...((await getMeta<string[]>(db, META_KEYS.restoredOps)) ?? []).filter((id) =>
      copy.ops.some((op) => op.opId === id),
    ),
  ]);
  const ops = copy.ops.filter((op) => !known.has(op.opId));
  const here = new Map<string, LocalInspection>();
  const inspectionIds = new Set([
    ...ops.map((op) => op.inspectionId),
    ...copy.drafts.map((d) => parseDraftKey(d.key)?.inspectionId ?? ''),
  ]);
  for (const id of inspectionIds) {
    const inspection = await db.inspections.get(id);
    if (inspection) here.set(id, inspection);
  }
  const groups = new Map<string, RestoreGroup>();
  for (const op of ops) {
    const group = groups.get(op.inspectionId) ?? {
      inspectionId: op.inspectionId,
      area: here.get(op.inspectionId)?.area ?? copy.areas.get(op.inspectionId),
      ops: 0,
      onDevice: here.has(op.inspectionId),
    };
    group.ops += 1;
    groups.set(op.inspectionId, group);
  }
  const drafts: MetaEntry[] = [];
  let draftsLeftOut = 0;
  for (const draft of copy.drafts) {
    if (!here.has(parseDraftKey(draft.key)?.inspectionId ?? '')) draftsLeftOut += 1;
    else if (!(await db.meta.get(draft.key))) drafts.push(draft);
  }
  return {
    copy,
    ops,
    groups: [...groups.values()],
    alreadyRefused: ops.filter((op) => op.state === 'rejected').length,
    drafts,
    draftsLeftOut,
    alreadyHere: known.size,
    unverified: copy.owner === undefined,
    writtenBy: [...writers].map((w) => copy.names.get(w) ?? w),
  };
};

/** Records per transaction: each one's ops and row land together, and progress shows between. */
const RESTORE_SLICE_RECORDS = 100;

export type RestoreResult = { ops: number; refused: number; drafts: number };

/**
 * Writes a plan, a slice of records per transaction (progress between them). Safe to run again:
 * an op already in the outbox is skipped by its opId, so an interrupted restore finishes on a
 * second try and a copy restored twice adds nothing twice.
 */
export const applyRestore = async (
  db: FieldbookDB,
  plan: RestorePlan,
  onProgress: (done: number, total: number) => void = () => undefined,
): Promise<RestoreResult> => {
  const byRecord = new Map<string, OutboxOp[]>();
  for (const op of plan.ops) byRecord.set(op.entityId, [...(byRecord.get(op.entityId) ?? []), op]);
  const records = [...byRecord.values()];
  const onDevice = new Set(plan.groups.filter((g) => g.onDevice).map((g) => g.inspectionId));
  const result: RestoreResult = { ops: 0, refused: 0, drafts: 0 };
  onProgress(0, plan.ops.length);
  let done = 0;
  for (let from = 0; from < records.length; from += RESTORE_SLICE_RECORDS) {
    const slice = records.slice(from, from + RESTORE_SLICE_RECORDS);
    const tables = [...new Set(slice.map((ops) => tableFor(db, ops[0]!.entity)))];
    await db.transaction('rw', [db.outbox, db.meta, ...tables], async () => {
      const restored = new Set((await getMeta<string[]>(db, META_KEYS.restoredOps)) ?? []);
      for (const ops of slice) {
        const fresh = [];
        for (const op of ops)
          if (
            !restored.has(op.opId) &&
            (await db.outbox.where('opId').equals(op.opId).count()) === 0
          )
            fresh.push(op);
        for (const op of fresh) restored.add(op.opId);
        const kept = fresh.map(({ n: _n, ...op }): OutboxOp => {
          if (onDevice.has(op.inspectionId)) return op;
          // Its inspection is not here for this user: shown on the refused page, never dropped.
          return { ...op, state: 'rejected', reason: REJECT_REASONS.forbidden };
        });
        if (kept.length === 0) continue;
        await db.outbox.bulkAdd(kept);
        const pending = kept.filter((op) => op.state !== 'rejected');
        result.ops += pending.length;
        result.refused += kept.length - pending.length;
        if (pending.length === 0) continue;
        const first = pending[0]!;
        const table = tableFor(db, first.entity);
        const row = (await table.get(first.entityId)) ?? plan.copy.rows.get(first.entityId);
        // A record the copy does not hold either is created by its own first op.
        const start: LocalRow = row ?? {
          id: first.entityId,
          inspectionId: first.inspectionId,
          fields: {} as LocalRow['fields'],
          seq: 0,
          versions: {},
          conflicts: {},
          author: '',
          createdAt: first.createdAt,
          updatedAt: first.createdAt,
          deleted: false,
        };
        await table.put(rebase(start, pending) as never);
      }
      await setMeta(db, META_KEYS.restoredOps, [...restored]);
    });
    done += slice.reduce((sum, ops) => sum + ops.length, 0);
    onProgress(done, plan.ops.length);
  }
  await db.transaction('rw', db.meta, async () => {
    for (const draft of plan.drafts) {
      if (await db.meta.get(draft.key)) continue;
      await db.meta.put(draft);
      result.drafts += 1;
    }
  });
  return result;
};
