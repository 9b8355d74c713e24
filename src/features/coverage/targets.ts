import { useCallback, useEffect, useState } from 'react';
import { getMeta, metaKeyOf, setMeta } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';

/** The lead's own targets for case tracking: how many children to track and to sample. */
export type CoverageTargets = { tracked: number | null; sampled: number | null };

export const NO_TARGETS: CoverageTargets = { tracked: null, sampled: null };

/** Kept on this device only (the lead's working note, not part of the inspection record). */
export const targetsKey = (inspectionId: string) => metaKeyOf('coverageTargets', inspectionId);

/** `undefined` while loading. */
export const useCoverageTargets = (
  inspectionId: string,
): { targets: CoverageTargets | undefined; save: (next: CoverageTargets) => Promise<void> } => {
  const { db } = useFieldbook();
  const [targets, setTargets] = useState<CoverageTargets>();
  useEffect(() => {
    let live = true;
    void getMeta<CoverageTargets>(db, targetsKey(inspectionId)).then((stored) => {
      if (live) setTargets(stored ?? NO_TARGETS);
    });
    return () => {
      live = false;
    };
  }, [db, inspectionId]);
  const save = useCallback(
    async (next: CoverageTargets) => {
      await setMeta(db, targetsKey(inspectionId), next);
      setTargets(next);
    },
    [db, inspectionId],
  );
  return { targets, save };
};

/** A whole number of children from what was typed; null when blank; NaN-free. */
export const parseTarget = (value: string): number | null | 'invalid' => {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (!/^\d{1,4}$/.test(trimmed)) return 'invalid';
  return Number(trimmed);
};
