import { useEffect, useRef, useState, type ReactNode } from 'react';
import { getClientId } from '../db';
import { useFieldbook } from '../features/shared/fieldbook-context';
import { useKeyring } from '../features/shared/keyring-context';
import { SyncEngineContext, useSession } from '../features/shared/sync-context';
import {
  createSyncEngine,
  startSyncTriggers,
  webLock,
  type HeadStart,
  type SyncEngine,
  type Transport,
} from '../sync';

/**
 * Runs the sync engine while a session is kept on the device: started on sign-in (or at app start
 * when already signed in), stopped on sign-out. Signed out, the app still records everything.
 */
export const SyncProvider = ({
  transport,
  takeHeadStart,
  onTooOld,
  children,
}: {
  transport: Transport;
  /** Page one a sign-in asked for this session's first sync (sync/head-start.ts), if any. */
  takeHeadStart?: (token: string) => HeadStart | undefined;
  /**
   * The server refused this version of the app (S9, 426): the bar says to update, so the new
   * version is looked for at once rather than at the hourly check, which after days offline left
   * the inspector with nothing to update to and a whole outbox waiting.
   */
  onTooOld?: () => void;
  children: ReactNode;
}) => {
  const { db, clock } = useFieldbook();
  const session = useSession();
  const [engine, setEngine] = useState<SyncEngine | null>(null);
  const keyring = useKeyring();
  const wipe = useRef(keyring.wipe);
  const tooOld = useRef(onTooOld);
  useEffect(() => {
    wipe.current = keyring.wipe;
    tooOld.current = onTooOld;
  }, [keyring.wipe, onTooOld]);
  const token = session?.token;
  const userId = session?.user.id;

  useEffect(() => {
    if (!token || !userId) {
      setEngine(null);
      return;
    }
    let stop: (() => void) | null = null;
    let cancelled = false;
    void (async () => {
      const clientId = await getClientId(db, clock);
      if (cancelled) return;
      const running = createSyncEngine({
        db,
        transport,
        clock,
        clientId,
        token,
        userId,
        withLock: webLock,
        headStart: takeHeadStart?.(token),
      });
      setEngine(running);
      // A revoked device wipes itself on its next contact with the server (DESIGN.md §5).
      running.subscribe((status) => {
        if (status.state === 'error' && status.kind === 'device-revoked')
          void wipe.current('device-revoked');
        if (status.state === 'error' && status.kind === 'client-too-old') tooOld.current?.();
      });
      stop = startSyncTriggers({
        engine: running,
        db,
        transport,
        token,
        target: { window, document },
      });
      // A coordinator may have added an inspection or a teammate, or changed the device policy,
      // since the last visit: the sync the triggers start now asks the server and stores both.
    })();
    return () => {
      cancelled = true;
      stop?.();
    };
  }, [db, clock, transport, token, userId, takeHeadStart]);

  return <SyncEngineContext.Provider value={engine}>{children}</SyncEngineContext.Provider>;
};
