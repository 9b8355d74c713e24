import type { Clock } from '../../../src/domain/clock';
import type {
  MeResponse,
  PullCursor,
  PullResponse,
  PushRequest,
} from '../../../src/domain/protocol';
import { TransportError, type PullPage, type Transport } from '../../../src/sync/transport';
import type { Store } from '../../../sync-server/src/store/types';
import { decodeCursor } from '../../../sync-server/src/sync/cursor';
import { inspectionsOf } from '../../../sync-server/src/sync/me';
import { pullBody, pullPage as serverPullPage } from '../../../sync-server/src/sync/pull';
import { pushOps } from '../../../sync-server/src/sync/push';

/**
 * An in-memory network between simulated tablets and a real server store. Requests do not reach
 * the server until the schedule delivers them — in any order, dropped, with the answer lost, or
 * twice — so a fuzz test can play out the bad Wi-Fi of a fortnight on site deterministically.
 */
export type Fault = 'ok' | 'drop-request' | 'drop-response' | 'duplicate';

type Message = {
  client: number;
  /** Which request it is, so a schedule can aim a fault at a push. */
  kind: 'me' | 'push' | 'pull';
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

export type SimServer = { store: Store; clock: Clock };

const offline = () => new TransportError({ kind: 'offline' });

/** One pull page exactly as the server route makes it, cursor and progress included. */
export const pullPage = async (
  store: Store,
  userId: string,
  since: PullCursor,
  limit: number,
): Promise<PullPage> => {
  const cursor = decodeCursor(String(since));
  if (!cursor.ok)
    throw new TransportError({ kind: 'server', status: 400, message: cursor.message });
  const { ahead, left, ...page } = await serverPullPage(store, userId, cursor.cursor, limit);
  return { ...(JSON.parse(pullBody(page)) as PullResponse), progress: { ahead, left } };
};

/** `GET /api/me` as the server answers it: the user's inspections with their frameworks. */
export const meOf = async (store: Store, userId: string): Promise<MeResponse> => {
  const user = await store.userById(userId);
  if (!user) throw new TransportError({ kind: 'unauthorized', message: 'no such user' });
  return {
    user: {
      id: user.id,
      username: user.username,
      name: user.name,
      inspectorate: user.inspectorate,
      admin: user.admin,
    },
    ...(await inspectionsOf(store, userId, (id) => {
      throw new Error(`inspection ${id} has no framework`);
    })),
  };
};

export class SimNetwork {
  inflight: Message[] = [];
  constructor(private readonly server: SimServer) {}

  transportFor(client: number, userId: string): Transport {
    const send = <T>(kind: Message['kind'], run: () => Promise<T>) =>
      new Promise<T>((resolve, reject) => {
        this.inflight.push({
          client,
          kind,
          run,
          resolve: resolve as (v: unknown) => void,
          reject,
        });
      });
    const unused = () => Promise.reject(new Error('not simulated'));
    return {
      login: unused,
      logout: unused,
      me: () => send('me', () => meOf(this.server.store, userId)),
      events: unused,
      history: unused,
      push: (_token, request: PushRequest) =>
        send('push', async () => ({
          results: await pushOps(this.server.store, this.server.clock, {
            userId,
            clientId: request.clientId,
            ops: request.ops,
          }),
        })),
      pull: (_token, since, limit) =>
        send('pull', () => pullPage(this.server.store, userId, since, limit)),
    };
  }

  /** Where in the queue the oldest message of this client (of this kind, if given) is; -1: none. */
  indexOf(client: number, kind?: Message['kind']): number {
    return this.inflight.findIndex((m) => m.client === client && (!kind || m.kind === kind));
  }

  /** Delivers the message at `index` (modulo the queue) with the given fault. */
  async deliver(index: number, fault: Fault): Promise<number | null> {
    if (this.inflight.length === 0) return null;
    const [message] = this.inflight.splice(index % this.inflight.length, 1);
    if (!message) return null;
    try {
      if (fault === 'drop-request') {
        message.reject(offline());
      } else if (fault === 'drop-response') {
        await message.run();
        message.reject(offline());
      } else if (fault === 'duplicate') {
        await message.run();
        message.resolve(await message.run());
      } else {
        message.resolve(await message.run());
      }
    } catch (error) {
      message.reject(error);
    }
    return message.client;
  }

  /** A crashed tablet's requests: each either reached the server (answer lost) or never left. */
  async dropClient(client: number, reached: boolean): Promise<void> {
    const mine = this.inflight.filter((m) => m.client === client);
    this.inflight = this.inflight.filter((m) => m.client !== client);
    for (const message of mine) if (reached) await message.run().catch(() => undefined);
  }
}
