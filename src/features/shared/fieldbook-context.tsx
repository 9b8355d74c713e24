import { createContext, useContext } from 'react';
import type { FieldbookDB, Repository } from '../../db';
import type { Clock } from '../../domain';

/** What every screen needs from the device: the database (to read), the repository (to write) and the clock. */
export type Fieldbook = { db: FieldbookDB; repo: Repository; clock: Clock };

export const FieldbookContext = createContext<Fieldbook | null>(null);

export const useFieldbook = (): Fieldbook => {
  const value = useContext(FieldbookContext);
  if (!value) throw new Error('useFieldbook must be used inside <FieldbookContext.Provider>');
  return value;
};

/**
 * Screens with a form open say so, so an app update waits for the user (never reload under a
 * draft). The app provides the implementation; features only report.
 */
export type EditingGuard = { begin: (key: string) => void; end: (key: string) => void };
export const EditingGuardContext = createContext<EditingGuard>({ begin: () => {}, end: () => {} });
