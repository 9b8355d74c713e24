import Dexie from 'dexie';
import {
  createRepository,
  META_FAMILIES,
  openDatabase,
  ROW_TABLES,
  type FieldbookDB,
  type Repository,
} from '../../../src/db';
import type { Clock } from '../../../src/domain/clock';
import { createSyncEngine, type SyncEngine } from '../../../src/sync/engine';
import { TransportError, type Transport } from '../../../src/sync/transport';
import type { Store } from '../../../sync-server/src/store/types';
import { pushOps } from '../../../sync-server/src/sync/push';
import { meOf, pullPage } from '../sim/network';

/**
 * The signal a tablet has on site: `online`, none at all (`offline`: every request fails at once),
 * or hotel Wi-Fi (`answers-lost`: a push reaches the server but its answer never comes back, so
 * its ops stay frozen as "sending" and go again as duplicates).
 */
export type Signal = 'online' | 'offline' | 'answers-lost';

/** What one tablet's IndexedDB holds, counted from keys and indexes (nothing opened). */
export type Footprint = {
  rows: Record<string, number>;
  outbox: number;
  /** Not yet sent (may still absorb later saves of its record). */
  pending: number;
  /** Not yet accepted: pending, or sent with no answer yet. */
  unsent: number;
  refused: number;
  meta: number;
  drafts: number;
  metaKeys: string[];
};

/** One inspector's tablet: the app's own database (fake-indexeddb), repository and sync engine. */
export class FortnightTablet {
  db!: FieldbookDB;
  repo!: Repository;
  engine!: SyncEngine;
  signal: Signal = 'online';

  constructor(
    readonly userId: string,
    readonly clientId: string,
    private readonly dbName: string,
    private readonly clock: Clock,
    private readonly store: Store,
  ) {}

  async open(): Promise<void> {
    this.db = openDatabase(this.dbName);
    await this.db.open();
    this.repo = createRepository({ db: this.db, clock: this.clock });
    const me = await meOf(this.store, this.userId);
    await this.repo.setDeviceUser({
      id: this.userId,
      name: me.user.name,
      inspectorate: me.user.inspectorate,
    });
    this.engine = createSyncEngine({
      db: this.db,
      transport: this.transport(),
      clock: this.clock,
      clientId: this.clientId,
      token: 'fortnight',
      userId: this.userId,
      // Retries would fire on their own: the day decides when the tablet syncs.
      timers: { setTimeout: () => 0, clearTimeout: () => undefined },
      random: () => 0.5,
    });
  }

  private transport(): Transport {
    const offline = () => new TransportError({ kind: 'offline' });
    const unused = () => Promise.reject(new Error('not used on site'));
    const reach = async <T>(run: () => Promise<T>, answered = true): Promise<T> => {
      if (this.signal === 'offline') throw offline();
      const answer = await run();
      if (!answered) throw offline();
      return answer;
    };
    return {
      login: unused,
      logout: unused,
      events: unused,
      history: unused,
      me: () => reach(() => meOf(this.store, this.userId)),
      push: (_token, request) =>
        reach(
          async () => ({
            results: await pushOps(this.store, this.clock, {
              userId: this.userId,
              clientId: request.clientId,
              ops: request.ops,
            }),
          }),
          this.signal !== 'answers-lost',
        ),
      pull: (_token, since, limit) => reach(() => pullPage(this.store, this.userId, since, limit)),
    };
  }

  /** One sync as the app's triggers run it; with no signal it ends "offline", as on site. */
  async sync(): Promise<void> {
    await this.engine.sync();
  }

  async footprint(): Promise<Footprint> {
    const rows: Record<string, number> = {};
    for (const table of ROW_TABLES) rows[table] = await this.db.table(table).count();
    const count = (state: string) => this.db.outbox.where('state').equals(state).count();
    const pending = await count('pending');
    const metaKeys = (await this.db.meta.toCollection().primaryKeys()).map(String).sort();
    return {
      rows,
      outbox: await this.db.outbox.count(),
      pending,
      unsent: pending + (await count('sending')),
      refused: await count('rejected'),
      meta: metaKeys.length,
      drafts: metaKeys.filter((k) => k.startsWith(META_FAMILIES.draft.prefix)).length,
      metaKeys,
    };
  }

  async destroy(): Promise<void> {
    this.engine.stop();
    this.db.close();
    await Dexie.delete(this.dbName);
  }
}
