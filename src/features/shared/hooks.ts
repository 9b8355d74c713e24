import { useContext, useEffect, useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import {
  countRefused,
  countUnsent,
  listNotices,
  listRefused,
  refusedOf,
  getInspection,
  getRow,
  listInspections,
  listRows,
  type LocalRow,
} from '../../db';
import type { EntityName } from '../../domain';
import { EditingGuardContext, useFieldbook } from './fieldbook-context';

/** Live reads: each re-renders when the rows it read change, in this tab or another. `undefined` while loading. */
export const useRows = <E extends EntityName>(
  entity: E,
  inspectionId: string | undefined,
): LocalRow<E>[] | undefined => {
  const { db } = useFieldbook();
  return useLiveQuery(
    () =>
      inspectionId ? listRows(db, entity, inspectionId) : Promise.resolve([] as LocalRow<E>[]),
    [db, entity, inspectionId],
  );
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
