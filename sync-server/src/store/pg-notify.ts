import pg from 'pg';
import type { Hub } from './hub';
import type { SyncHint } from './types';

/**
 * S7 across processes: every commit NOTIFYs a channel (delivered only if the transaction
 * commits); each process LISTENs and passes other processes' hints to its own SSE streams. Its
 * own hints are published locally right after commit, so they are skipped here by `origin`.
 */
type Payload = { origin: string; hints: SyncHint[] };

const RECONNECT_DELAY_MS = 1_000;

/** What a commit NOTIFYs (sent by pg-writes.ts in the statement that ends the group). */
export const hintPayload = (origin: string, hints: readonly SyncHint[]): string =>
  JSON.stringify({ origin, hints: [...hints] } satisfies Payload);

export const listenForHints = async (
  url: string,
  channel: string,
  origin: string,
  hub: Hub,
  onError: ((message: string, error: unknown) => void) | undefined,
): Promise<() => Promise<void>> => {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  // Hints are only hints (clients also sync on a timer), so a lost LISTEN connection is retried
  // quietly for as long as the process lives.
  const reconnect = (): void => {
    if (stopped) return;
    retry = setTimeout(() => {
      connect().catch((error: unknown) => {
        onError?.('LISTEN reconnect failed', error);
        reconnect();
      });
    }, RECONNECT_DELAY_MS);
  };

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      try {
        const payload = JSON.parse(message.payload) as Payload;
        if (payload.origin === origin) return;
        for (const hint of payload.hints) hub.publish(hint);
      } catch (error) {
        onError?.('Bad notification payload', error);
      }
    });
    next.on('error', (error) => {
      onError?.('LISTEN connection lost; reconnecting', error);
      void next.end().catch(() => undefined);
      reconnect();
    });
    await next.connect();
    await next.query(`listen "${channel}"`);
    client = next;
  };

  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
};
