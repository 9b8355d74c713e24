import type { EntityName } from '../domain';
import { tableFor, type FieldbookDB } from './database';
import type { LocalInspection, LocalRow } from './types';

/**
 * Reads for the screens (wrapped in `useLiveQuery` by features). Deleted rows are tombstones kept
 * for sync; lists leave them out.
 */
export const listRows = async <E extends EntityName>(
  db: FieldbookDB,
  entity: E,
  inspectionId: string,
): Promise<LocalRow<E>[]> =>
  (await tableFor(db, entity).where('inspectionId').equals(inspectionId).toArray()).filter(
    (row) => !row.deleted,
  );

export const getRow = async <E extends EntityName>(
  db: FieldbookDB,
  entity: E,
  id: string,
): Promise<LocalRow<E> | undefined> => tableFor(db, entity).get(id);

export const listInspections = (db: FieldbookDB): Promise<LocalInspection[]> =>
  db.inspections.orderBy('id').reverse().toArray();

export const getInspection = (db: FieldbookDB, id: string): Promise<LocalInspection | undefined> =>
  db.inspections.get(id);
