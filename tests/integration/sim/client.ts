import Dexie from 'dexie';
import {
  createRepository,
  openDatabase,
  saveServerInspections,
  type FieldbookDB,
  type Repository,
} from '../../../src/db';
import type { Clock } from '../../../src/domain/clock';
import { frameworkById } from '../../../src/domain/frameworks';
import type { Inspection } from '../../../src/domain/protocol';
import { createSyncEngine, type SyncEngine } from '../../../src/sync/engine';
import type { SimNetwork } from './network';

/** Backoff retries would fire on their own; the schedule alone decides when a tablet syncs. */
const frozenTimers = { setTimeout: () => 0, clearTimeout: () => undefined };

/** One simulated tablet: a real device database (fake-indexeddb), repository and sync engine. */
export class SimClient {
  db!: FieldbookDB;
  repo!: Repository;
  engine!: SyncEngine;
  syncing: Promise<void> | null = null;
  /** The last value this tablet wrote to each record field: it must reach the server's log. */
  lastWritten = new Map<string, unknown>();
  createdEvidence: string[] = [];
  /** Notes this tablet wrote in the second inspection (S6a). */
  teamNotes: string[] = [];

  constructor(
    readonly index: number,
    readonly userId: string,
    readonly dbName: string,
    private readonly clock: Clock,
    private readonly network: SimNetwork,
    private readonly inspection: Inspection,
  ) {}

  async open(): Promise<void> {
    this.db = openDatabase(this.dbName);
    await this.db.open();
    this.repo = createRepository({ db: this.db, clock: this.clock });
    await this.repo.setDeviceUser({
      id: this.userId,
      name: `Inspector ${this.index}`,
      inspectorate: 'ofsted',
    });
    await saveServerInspections(this.db, [
      { ...this.inspection, framework: frameworkById('cp-joint-2012')! },
    ]);
    this.engine = createSyncEngine({
      db: this.db,
      transport: this.network.transportFor(this.index, this.userId),
      clock: this.clock,
      clientId: `00000000-0000-7000-8000-${String(this.index).padStart(12, '0')}`,
      token: 'sim',
      userId: this.userId,
      timers: frozenTimers,
      random: () => 0.5,
    });
  }

  startSync(): void {
    if (this.syncing) return;
    this.syncing = this.engine.sync().finally(() => {
      this.syncing = null;
    });
  }

  /** Lets the engine run until it either waits on the network or finishes. */
  async settle(): Promise<void> {
    for (let spins = 0; spins < 100_000; spins++) {
      if (!this.syncing || this.network.inflight.some((m) => m.client === this.index)) return;
      await new Promise((resolve) => setImmediate(resolve));
    }
    throw new Error(`client ${this.index} never settled`);
  }

  remember(entityId: string, fields: Record<string, unknown>): void {
    for (const [field, value] of Object.entries(fields))
      this.lastWritten.set(`${entityId}.${field}`, value);
  }

  /** A new note of this tablet's in `inspectionId`. */
  async writeNote(inspectionId: string, text: string): Promise<string> {
    const id = await this.repo.create('evidence', inspectionId, {
      kind: 'practitioner-interview',
      occurredAt: '2026-11-26T09:00:00.000Z',
      status: 'draft',
      text,
    });
    this.remember(id, { text });
    return id;
  }

  /** Edits one of its notes, if the tablet still has it (its inspection may have left, S6a). */
  async editNote(id: string, text: string): Promise<void> {
    const row = await this.db.evidence.get(id);
    if (!row || row.deleted) return;
    await this.repo.update('evidence', id, { text });
    this.remember(id, { text });
  }

  /** The tablet dies: nothing in memory survives, the database does. */
  async crash(reached: boolean): Promise<void> {
    this.engine.stop();
    await this.network.dropClient(this.index, reached);
    this.syncing = null;
    this.db.close();
    await this.open();
  }

  async destroy(): Promise<void> {
    this.engine.stop();
    this.db.close();
    await Dexie.delete(this.dbName);
  }
}
