import { useCallback, useContext, useEffect, useMemo, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import {
  countDrafts,
  countRefused,
  countUnsent,
  listNotices,
  listRefused,
  refusedOf,
  getInspection,
  getRow,
  listInspections,
  rowStoreOf,
  TABLE_OF,
  type LocalRow,
} from '../../db';
import type { EntityName } from '../../domain';
import { EditingGuardContext, useFieldbook } from './fieldbook-context';

const NO_ROWS: never[] = [];

/**
 * An inspection's rows of one kind, live: from the row store the screens share (read and opened
 * once per unlock, then kept current by id as rows change in this tab, another tab or a pull), so
 * opening a screen again costs no read. `undefined` while the first read runs.
 */
export const useRows = <E extends EntityName>(
  entity: E,
  inspectionId: string | undefined,
): LocalRow<E>[] | undefined => {
  const { db } = useFieldbook();
  const store = rowStoreOf(db);
  const table = TABLE_OF[entity];
  const subscribe = useCallback(
    (changed: () => void) => (inspectionId ? store.watch(table, inspectionId, changed) : () => {}),
    [store, table, inspectionId],
  );
  const rows = useSyncExternalStore(subscribe, () =>
    inspectionId ? store.peek<E>(table, inspectionId) : NO_ROWS,
  );
  const failure = inspectionId ? store.failure(table, inspectionId) : undefined;
  if (rows === undefined && failure !== undefined) throw failure; // as useLiveQuery does
  return rows;
};

/** A value worked out from the rows (a search index) and kept until the device locks. */
export const useKept = <T>(key: string, make: () => T): T => {
  const { db } = useFieldbook();
  return rowStoreOf(db).keep(key, make);
};

/** `null` once loaded when there is no such row on this device. */
export const useRow = <E extends EntityName>(
  entity: E,
  id: string | undefined,
): LocalRow<E> | null | undefined => {
  const { db } = useFieldbook();
  return useLiveQuery(
    async () => (id ? ((await getRow(db, entity, id)) ?? null) : null),
    [db, entity, id],
  );
};

/**
 * The inspection's child cases and, by id, the authority's own reference for each: how evidence,
 * search and judgements name a child (never by name). The map is empty until the cases load.
 */
export const useCaseRefs = (inspectionId: string | undefined) => {
  const cases = useRows('childCase', inspectionId);
  const caseRefs: ReadonlyMap<string, string> = useMemo(
    () => new Map((cases ?? []).map((c) => [c.id, c.fields.caseRef])),
    [cases],
  );
  return { cases, caseRefs };
};

export const useInspections = () => {
  const { db } = useFieldbook();
  return useLiveQuery(() => listInspections(db), [db]);
};

export const useInspection = (id: string | undefined) => {
  const { db } = useFieldbook();
  return useLiveQuery(async () => (id ? ((await getInspection(db, id)) ?? null) : null), [db, id]);
};

export const useUnsentCount = (inspectionId?: string) => {
  const { db } = useFieldbook();
  return useLiveQuery(() => countUnsent(db, inspectionId), [db, inspectionId]);
};

/** Forms' words kept on this device and never sent (db/drafts.ts), in every inspection. */
export const useDraftCount = () => {
  const { db } = useFieldbook();
  return useLiveQuery(() => countDrafts(db), [db]);
};

/** Changes the server refused, waiting for the person to read why (all inspections, or one). */
export const useRefusedCount = (inspectionId?: string) => {
  const { db } = useFieldbook();
  return useLiveQuery(() => countRefused(db, inspectionId), [db, inspectionId]);
};

export const useRefused = () => {
  const { db } = useFieldbook();
  return useLiveQuery(() => listRefused(db), [db]);
};

/** The refused changes of one record, for its own screen. */
export const useRefusedOf = (entityId: string | undefined) => {
  const { db } = useFieldbook();
  return useLiveQuery(
    () => (entityId ? refusedOf(db, entityId) : Promise.resolve([])),
    [db, entityId],
  );
};

/** Messages about inspections that left this device (S6a), until dismissed. */
export const useNotices = () => {
  const { db } = useFieldbook();
  return useLiveQuery(() => listNotices(db), [db]);
};

/** Marks a form as open for as long as the component is mounted, so updates wait. */
export const useEditingGuard = (key: string) => {
  const guard = useContext(EditingGuardContext);
  useEffect(() => {
    guard.begin(key);
    return () => guard.end(key);
  }, [guard, key]);
};
