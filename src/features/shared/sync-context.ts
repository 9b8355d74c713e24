import { createContext, useContext, useSyncExternalStore } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import type { SyncEngine, Transport } from '../../sync';
// Modules, not the barrel: the welcome screen uses these, and the barrel would bring the engine.
import { getSession, type Session } from '../../sync/session';
import { SIGNED_OUT, type SyncStatus } from '../../sync/status';
import { useFieldbook } from './fieldbook-context';

/** The running sync engine, or null while signed out. Provided by the app shell. */
export const SyncEngineContext = createContext<SyncEngine | null>(null);

const signedOut = () => SIGNED_OUT;
const never = () => () => undefined;

export const useSyncEngine = () => useContext(SyncEngineContext);

export const useSyncStatus = (): SyncStatus => {
  const engine = useContext(SyncEngineContext);
  return useSyncExternalStore(engine?.subscribe ?? never, engine?.getStatus ?? signedOut);
};

/** The HTTP transport, for screens that talk to the server through TanStack Query (sign-in, history). */
export const TransportContext = createContext<Transport | null>(null);

export const useTransport = (): Transport => {
  const transport = useContext(TransportContext);
  if (!transport) throw new Error('useTransport must be used inside <TransportContext.Provider>');
  return transport;
};

/** The signed-in session kept on this device, live; null when signed out. */
export const useSession = (): Session | null | undefined => {
  const { db } = useFieldbook();
  return useLiveQuery(async () => (await getSession(db)) ?? null, [db]);
};
