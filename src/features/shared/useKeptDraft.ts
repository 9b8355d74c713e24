import { useLiveQuery } from 'dexie-react-hooks';
import { readDraft } from '../../db';
import { useFieldbook } from './fieldbook-context';

/**
 * Whether words wait on this tablet under `key` (useLocalDraft): a screen that shows its form only
 * after a tap ("Change") opens it by itself, so kept words are never hidden behind the button.
 * `undefined` while looking.
 */
export const useKeptDraft = (key: string): boolean | undefined => {
  const { db } = useFieldbook();
  return useLiveQuery(async () => (await readDraft(db, key)) !== undefined, [db, key]);
};
