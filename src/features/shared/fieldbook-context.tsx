import { createContext, useContext } from 'react';
import type { FieldbookDB, Repository } from '../../db';
import type { Clock } from '../../domain';

/**
 * What the screens before the unlock (welcome, unlock) have of the device: its database, for the
 * key, and the clock. The repository comes with the app behind the gate: its module builds every
 * entity's schema, which the first screen must not wait for.
 */
export type Device = { db: FieldbookDB; clock: Clock };

export const DeviceContext = createContext<Device | null>(null);

export const useDevice = (): Device => {
  const value = useContext(DeviceContext);
  if (!value) throw new Error('useDevice must be used inside <DeviceContext.Provider>');
  return value;
};

/** What every screen behind the gate needs from the device: the database (to read), the repository (to write) and the clock. */
export type Fieldbook = Device & { repo: Repository };

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
