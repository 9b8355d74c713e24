import { useEffect, useMemo, useState } from 'react';
import { useKept } from '../shared/hooks';
import type { LocalRow } from '../../db';
import { hasQuery, queryEvidence, type EvidenceFilter } from './filter';
import { createEvidenceSearchIndex } from './search';

type EvidenceRow = LocalRow<'evidence'>;

/**
 * The evidence that `filter` finds, newest first, for every screen that finds evidence (the list
 * and both pickers), so they all find the same things: the filter on the rows, and its words
 * through the offline search index. The index is built in the background once the rows (and the
 * case references it searches too) are here, so the first search is instant, and kept up to date
 * with the live rows. `undefined` while the rows load, or while words wait for the index.
 * `filter` should keep its identity between renders (useMemo) unless it changes. The index is kept
 * under `keepAs` (one per screen and inspection) until the device locks, so opening the screen
 * again indexes nothing.
 */
export const useEvidenceSearch = (
  keepAs: string,
  rows: readonly EvidenceRow[] | undefined,
  caseRefs: ReadonlyMap<string, string> | undefined,
  filter: EvidenceFilter | undefined,
): readonly EvidenceRow[] | undefined => {
  const index = useKept(`evidence-search:${keepAs}`, createEvidenceSearchIndex);
  const [ready, setReady] = useState(index.isWarm);

  useEffect(() => {
    if (!rows || !caseRefs || ready) return;
    let live = true;
    void index.warmUp(rows, caseRefs).then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [rows, caseRefs, ready, index]);

  const searching = filter !== undefined && hasQuery(filter);
  const query = filter?.query ?? '';
  // Searched again only when the words or the rows change, not when a filter does.
  const hits = useMemo(() => {
    if (!searching || !ready || !rows || !caseRefs) return null;
    index.update(rows, caseRefs);
    return index.search(query);
  }, [searching, ready, rows, caseRefs, index, query]);

  return useMemo(() => {
    if (!rows || !filter || (searching && !hits)) return undefined;
    return queryEvidence(rows, filter, hits);
  }, [rows, filter, searching, hits]);
};
