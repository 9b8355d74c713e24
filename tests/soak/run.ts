import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { PullResponseSchema, PushResponseSchema, SCHEMA_VERSION } from '../../src/domain/protocol';
import { startServer } from '../../sync-server/test/processes';
import { addInspection, addPerson, type Person } from '../../sync-server/test/world';
import { evidenceOp, openBenchStore, wallClock, type BenchDb } from '../bench/server-common';
import { percentile } from '../bench/stats';

/**
 * `npm run soak` (not in CI): simulated inspectors against a real server process for a set time.
 * Each holds an event stream open and, after a think time, pushes a few ops (new evidence, edits
 * of their own, a child case) then pulls until up to date. Reports errors, p50/p95/p99 latency
 * per request kind and the server's memory (from its own /metrics) at the start and the end.
 *
 *   npm run soak -- --inspectors 50 --duration 300 --store sqlite|postgres [--think-ms 2000]
 */
const { values } = parseArgs({
  options: {
    inspectors: { type: 'string', default: '10' },
    duration: { type: 'string', default: '60' },
    store: { type: 'string', default: 'sqlite' },
    'think-ms': { type: 'string', default: '2000' },
  },
});
const INSPECTORS = Number(values.inspectors);
const DURATION_MS = Number(values.duration) * 1000;
const THINK_MS = Number(values['think-ms']);
const STORE = values.store as BenchDb;
const TEAM_SIZE = 10;
const METRICS_TOKEN = `soak-${randomUUID()}`;
if (!['sqlite', 'postgres'].includes(STORE)) throw new Error('--store is sqlite or postgres');
if (STORE === 'postgres' && !process.env.DATABASE_URL)
  throw new Error('--store postgres needs DATABASE_URL');

type Kind = 'push' | 'pull';
const latencies: Record<Kind, number[]> = { push: [], pull: [] };
const errors = new Map<string, number>();
const results = new Map<string, number>();
let rowsPulled = 0;
let hints = 0;
const countError = (what: string) => errors.set(what, (errors.get(what) ?? 0) + 1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const timed = async <T>(kind: Kind, work: () => Promise<T>): Promise<T | undefined> => {
  const started = performance.now();
  try {
    const value = await work();
    latencies[kind].push(performance.now() - started);
    return value;
  } catch (error) {
    countError(`${kind}: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`);
    return undefined;
  }
};

const memory = async (url: string) => {
  const text = await (
    await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
  ).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rssMb: read('process_resident_memory_bytes') / 2 ** 20,
    heapMb: read('nodejs_heap_size_used_bytes') / 2 ** 20,
    streams: read('fieldbook_event_streams_open'),
  };
};

const inspector = async (url: string, who: Person, inspectionId: string, until: number) => {
  const headers = { Authorization: `Bearer ${who.token}`, 'Content-Type': 'application/json' };
  const clientId = randomUUID();
  const controller = new AbortController();
  // The event stream every open app holds: hints counted, never acted on (the loop pulls anyway).
  void fetch(`${url}/api/sync/events`, { headers, signal: controller.signal })
    .then(async (res) => {
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        hints += (new TextDecoder().decode(value).match(/event: changed/g) ?? []).length;
      }
    })
    .catch(() => undefined);
  const mine: { id: string; seq: number }[] = [];
  let cursor: string | number = 0;
  while (performance.now() < until) {
    await sleep(THINK_MS * (0.5 + Math.random()));
    const ops = Array.from({ length: 1 + Math.floor(Math.random() * 3) }, () => {
      const roll = Math.random();
      const edit = mine[Math.floor(Math.random() * mine.length)];
      if (roll < 0.3 && edit)
        return {
          opId: randomUUID(),
          entity: 'evidence',
          entityId: edit.id,
          inspectionId,
          kind: 'put' as const,
          fields: { text: `Edited at ${new Date().toISOString()}: ${randomUUID()}` },
          base: { text: edit.seq },
        };
      if (roll < 0.4)
        return {
          opId: randomUUID(),
          entity: 'childCase',
          entityId: randomUUID(),
          inspectionId,
          kind: 'put' as const,
          fields: { caseRef: `LA-${Math.floor(Math.random() * 1e6)}`, selection: 'tracked' },
          base: {},
        };
      return evidenceOp(inspectionId);
    });
    const pushed = await timed('push', async () => {
      const res = await fetch(`${url}/api/sync/push`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ clientId, schemaVersion: SCHEMA_VERSION, ops }),
      });
      if (!res.ok) throw new Error(`push HTTP ${res.status}`);
      return PushResponseSchema.parse(await res.json());
    });
    pushed?.results.forEach((r, i) => {
      results.set(r.status, (results.get(r.status) ?? 0) + 1);
      if (r.status === 'rejected') countError(`op rejected: ${r.reason}`);
      const op = ops[i];
      if (op?.entity === 'evidence' && (r.status === 'applied' || r.status === 'conflict')) {
        const known = mine.find((m) => m.id === op.entityId);
        if (known) known.seq = r.seq;
        else mine.push({ id: op.entityId, seq: r.seq });
      }
    });
    for (let more = true; more && performance.now() < until + 5_000;) {
      const page = await timed('pull', async () => {
        const res = await fetch(`${url}/api/sync/pull?since=${cursor}&limit=500`, { headers });
        if (!res.ok) throw new Error(`pull HTTP ${res.status}`);
        return PullResponseSchema.parse(await res.json());
      });
      if (!page) break;
      rowsPulled += page.rows.length;
      cursor = page.next;
      more = page.hasMore;
    }
  }
  controller.abort();
};

const main = async () => {
  const opened = await openBenchStore(STORE);
  const people: Person[] = [];
  for (let i = 0; i < INSPECTORS; i++)
    people.push(await addPerson(opened.store, `soak${i}`, wallClock));
  const inspectionOf = new Map<string, string>();
  for (let k = 0; k * TEAM_SIZE < INSPECTORS; k++) {
    const [lead, ...rest] = people.slice(k * TEAM_SIZE, (k + 1) * TEAM_SIZE);
    if (!lead) break;
    const id = await addInspection(opened.store, 'cp-joint-2012', lead, rest);
    for (const p of [lead, ...rest]) inspectionOf.set(p.id, id);
  }
  await opened.store.close();
  const server = await startServer({ ...opened.env, METRICS_TOKEN, LOG_LEVEL: 'warn' });
  try {
    const atStart = await memory(server.url);
    console.log(
      `Soak: ${INSPECTORS} inspectors for ${DURATION_MS / 1000} s on ${STORE}, think time ~${THINK_MS} ms; ` +
        `${cpus().length} cores, load ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );
    const started = performance.now();
    const until = started + DURATION_MS;
    let peakStreams = 0;
    const progress = setInterval(() => {
      void memory(server.url).then(
        (now) => {
          peakStreams = Math.max(peakStreams, now.streams);
          const s = ((performance.now() - started) / 1000).toFixed(0);
          const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
          console.log(
            `  ${s} s: ${latencies.push.length} pushes, ${latencies.pull.length} pulls, ${errorCount} errors; ` +
              `server RSS ${now.rssMb.toFixed(0)} MB, heap ${now.heapMb.toFixed(0)} MB, ${now.streams} streams open`,
          );
        },
        () => countError('metrics unreadable'),
      );
    }, 30_000);
    await Promise.all(
      people.map((p) => inspector(server.url, p, inspectionOf.get(p.id) ?? '', until)),
    );
    clearInterval(progress);
    const seconds = (performance.now() - started) / 1000;
    const atEnd = await memory(server.url);

    const row = (kind: Kind) => {
      const l = latencies[kind];
      if (l.length === 0) return `  ${kind}: none`;
      const p = (q: number) => percentile(l, q).toFixed(1).padStart(8);
      return `  ${kind.padEnd(5)} ${String(l.length).padStart(7)} ${(l.length / seconds).toFixed(1).padStart(7)}/s  p50 ${p(50)} ms  p95 ${p(95)} ms  p99 ${p(99)} ms  max ${p(100)} ms`;
    };
    console.log(
      `\nResults after ${seconds.toFixed(0)} s (load now ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}):`,
    );
    console.log(row('push'));
    console.log(row('pull'));
    console.log(
      `  ops: ${[...results].map(([k, v]) => `${k} ${v}`).join(', ')}; rows pulled ${rowsPulled}; hints received ${hints}`,
    );
    console.log(
      `  errors: ${errors.size === 0 ? 'none' : [...errors].map(([k, v]) => `${k} ×${v}`).join('; ')}`,
    );
    console.log(
      `  server memory: RSS ${atStart.rssMb.toFixed(0)} MB → ${atEnd.rssMb.toFixed(0)} MB, ` +
        `heap used ${atStart.heapMb.toFixed(0)} MB → ${atEnd.heapMb.toFixed(0)} MB; ` +
        `event streams open at most ${peakStreams} (sampled every 30 s), ${atEnd.streams} after the run`,
    );
    if (errors.size > 0) process.exitCode = 1;
  } finally {
    await server.stop();
    await opened.cleanup();
  }
};

await main();
