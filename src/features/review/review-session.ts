import { useCallback } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getMeta, metaKeyOf, setMeta, type FieldbookDB } from '../../db';
import { isoAt } from '../../domain';
import { useFieldbook } from '../shared/fieldbook-context';

/**
 * When the lead last finished reviewing an inspection, kept on this device only (it is the lead's
 * bookmark, not part of the record): Today shows what changed since then first.
 */
const keyOf = (inspectionId: string) => metaKeyOf('lastReviewedAt', inspectionId);

export const getLastReviewedAt = async (
  db: FieldbookDB,
  inspectionId: string,
): Promise<string | null> => (await getMeta<string>(db, keyOf(inspectionId))) ?? null;

export const setLastReviewedAt = (db: FieldbookDB, inspectionId: string, iso: string) =>
  setMeta(db, keyOf(inspectionId), iso);

/** The bookmark (`undefined` while loading, `null` when never set) and a way to move it to now. */
export const useLastReviewedAt = (inspectionId: string) => {
  const { db, clock } = useFieldbook();
  const lastReviewedAt = useLiveQuery(
    () => getLastReviewedAt(db, inspectionId),
    [db, inspectionId],
  );
  const finishSession = useCallback(
    () => setLastReviewedAt(db, inspectionId, isoAt(clock)),
    [db, clock, inspectionId],
  );
  return { lastReviewedAt, finishSession };
};
