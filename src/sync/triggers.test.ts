import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type FieldbookDB } from '../db';
import type { SyncEngine, Timers } from './engine';
import type { SyncStatus } from './status';
import { startSyncTriggers } from './triggers';
import { TransportError, type Transport } from './transport';

/**
 * S7's hint stream after the server was away: a stream that drops asks for a sync at once (the
 * status bar should not say "Online" while the server is gone), a sync that reaches the server
 * ends the stream's backoff at once, and a reopened stream starts with a sync (hints sent
 * meanwhile were lost).
 */
let db: FieldbookDB;
let name: string;
let n = 0;
beforeEach(async () => {
  name = `triggers-${++n}`;
  db = openDatabase(name);
  await db.open();
});
afterEach(async () => {
  db.close();
  await Dexie.delete(name);
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

const fakes = () => {
  const listeners = new Set<(status: SyncStatus) => void>();
  let syncs = 0;
  const engine = {
    sync: () => {
      syncs += 1;
      return Promise.resolve();
    },
    subscribe: (listener: (status: SyncStatus) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () => undefined,
    getStatus: (): SyncStatus => ({ state: 'idle', lastSyncedAt: null }),
  } as unknown as SyncEngine;
  // Timers that never fire on their own: only a wake-up can end a wait.
  const timers: Timers = { setTimeout: () => 0, clearTimeout: () => undefined };
  const server = { up: false, opens: 0 };
  const transport = {
    events: async (_t: string, _hint: () => void, signal: AbortSignal, onOpen?: () => void) => {
      if (!server.up) throw new TransportError({ kind: 'offline' });
      server.opens += 1;
      onOpen?.();
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve()));
    },
  } as unknown as Transport;
  const idle = () => {
    for (const l of listeners) l({ state: 'idle', lastSyncedAt: '2026-11-28T09:00:00.000Z' });
  };
  return { engine, timers, server, transport, idle, syncs: () => syncs };
};

/** Starts the triggers on a set of fakes, with another transport where a test needs one. */
const start = (f: ReturnType<typeof fakes>, random: number, transport = f.transport) =>
  startSyncTriggers({
    engine: f.engine,
    db,
    transport,
    token: 't',
    timers: f.timers,
    random: () => random,
  });

describe('the hint stream after the server was away (S7)', () => {
  it('reconnects as soon as a sync reaches the server, and syncs once it is open again', async () => {
    const f = fakes();
    f.server.up = true;
    const stop = start(f, 0.99);
    await settle();
    expect(f.server.opens).toBe(1);
    const afterStart = f.syncs(); // the sync at start; the first opening adds none
    expect(afterStart).toBe(1);
    stop();

    // A device that starts while the server is away waits in backoff, with timers that never fire.
    const g = fakes();
    const stopG = start(g, 0.99);
    await settle();
    expect(g.server.opens).toBe(0);
    g.server.up = true;
    await settle();
    expect(g.server.opens).toBe(0); // still waiting: nothing told it the server is back
    g.idle(); // a sync reached the server
    await settle();
    expect(g.server.opens).toBe(1);
    stopG();
  });

  it('a stream reopened after it dropped starts with a sync, for the hints it missed', async () => {
    const f = fakes();
    f.server.up = true;
    const controller = { drop: () => undefined as void };
    let opens = 0;
    const transport = {
      events: async (_t: string, _h: () => void, signal: AbortSignal, onOpen?: () => void) => {
        opens += 1;
        onOpen?.();
        await new Promise<void>((resolve) => {
          controller.drop = resolve;
          signal.addEventListener('abort', () => resolve());
        });
      },
    } as unknown as Transport;
    const stop = start(f, 0.5, transport);
    await settle();
    expect(f.syncs()).toBe(1);
    controller.drop(); // the server ended the stream
    await settle();
    expect(f.syncs()).toBe(2); // at once: is the server still there?
    expect(opens).toBe(1);
    f.idle(); // and the next sync ends the wait before reconnecting
    await settle();
    expect(opens).toBe(2);
    expect(f.syncs()).toBe(3);
    stop();
  });

  it('a stream that never opened asks for no sync when it fails: the engine keeps its own backoff', async () => {
    const f = fakes(); // the server is away from the start
    const stop = start(f, 0.5);
    await settle();
    expect(f.server.opens).toBe(0);
    expect(f.syncs()).toBe(1); // the sync at start only
    stop();
  });
});
