import express, { type Router } from 'express';
import type { Clock } from '../../../src/domain/clock';
import { isoAt } from '../../../src/domain/clock';
import {
  API_PATHS,
  apiRoute,
  SYNC_EVENT_NAME,
  SYNC_HEARTBEAT_SECONDS,
} from '../../../src/domain/protocol';
import { createSessionWatch } from '../auth/session-watch';
import { authOf, requireAuth } from '../auth/sessions';
import { metricsOf } from '../ops/metrics';
import type { Store, SyncHint } from '../store/types';

/**
 * S7: a server-sent event stream that only hints "pull now"; it carries no record data. The
 * client reads it with fetch (so it can send the bearer header), not EventSource.
 */
const MEMBERSHIP_REFRESH_MS = 1_000;

export const eventRoutes = (
  store: Store,
  clock: Clock,
  heartbeatSeconds = SYNC_HEARTBEAT_SECONDS,
  shutdown?: AbortSignal,
): Router => {
  const router = express.Router();
  const sessions = createSessionWatch(store, clock);

  router.get(apiRoute(API_PATHS.events), requireAuth(store, clock), async (req, res) => {
    const { user, tokenHash } = authOf(res);
    let inspections = new Set(await store.inspectionIdsFor(user.id));
    let refreshedAt = clock.now();
    let closed = false;

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    if (req.method === 'HEAD') {
      // Express routes HEAD here too; Node drops its writes, so an open stream would never even
      // send its headers and the request would hang until the caller gave up.
      res.end();
      return;
    }
    res.write(`retry: 5000\n: connected ${isoAt(clock)}\n\n`);
    const streamClosed = metricsOf(res)?.streamOpened();

    const send = (hint: SyncHint) => {
      if (!closed && !res.writableEnded)
        res.write(`event: ${SYNC_EVENT_NAME}\ndata: ${JSON.stringify(hint)}\n\n`);
    };
    const refresh = async () => {
      refreshedAt = clock.now();
      inspections = new Set(await store.inspectionIdsFor(user.id));
    };
    // Hints of inspections this user was not on at the last look, newest per inspection.
    const unknown = new Map<string, SyncHint>();
    let recheck: ReturnType<typeof setTimeout> | null = null;
    const lookAgain = () => {
      recheck = null;
      void refresh().then(
        () => {
          for (const hint of unknown.values()) if (inspections.has(hint.inspectionId)) send(hint);
          unknown.clear();
        },
        () => unknown.clear(),
      );
    };
    const unsubscribe = store.subscribe((hint) => {
      if (inspections.has(hint.inspectionId)) {
        send(hint);
        return;
      }
      // The coordinator may have just added this user to the team: look again, at most once a
      // second. A hint inside that second waits for the next look rather than being dropped: on a
      // busy server other teams' commits keep the last look recent, and the new member's tablet
      // then heard of its first news only at its one-minute timer.
      unknown.set(hint.inspectionId, hint);
      if (recheck !== null) return;
      const wait = Math.max(0, refreshedAt + MEMBERSHIP_REFRESH_MS - clock.now());
      recheck = setTimeout(lookAgain, wait);
    });
    const heartbeat = setInterval(() => {
      void (async () => {
        await refresh();
        if (!closed && !res.writableEnded) res.write(': heartbeat\n\n');
      })().catch(() => res.end());
    }, heartbeatSeconds * 1000);

    const endStream = () => res.end();
    // S7: a stream never outlives its session (sign-out, revocation, password reset).
    const unwatch = sessions.watch(tokenHash, endStream);
    shutdown?.addEventListener('abort', endStream);
    res.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      if (recheck !== null) clearTimeout(recheck);
      unsubscribe();
      unwatch();
      streamClosed?.();
      shutdown?.removeEventListener('abort', endStream);
    });
  });

  return router;
};
