/**
 * Where the push bench's server spends its CPU: one "10 clients" measurement of the push suite,
 * with each thread of the server process summed as CPU time (user + system, from /proc) over it,
 * per op. On this shared 2-core machine the ops/s figure swings with whatever else runs; CPU time
 * per op and thread says which thread bounds the push and what a change moved between threads.
 *
 *   npx tsx tests/bench/trace-push.ts [sqlite|postgres] [clients] [rounds]
 *
 * (wrap it in `flock /tmp/bench.lock` like any bench). Linux only: it reads /proc/<pid>/task.
 */
import { readdirSync } from 'node:fs';
import { readStat, TICK_MS } from '../support/proc';
import { PG_URL, startBenchServer, type BenchDb } from './server-common';
import { measure } from './server-push';

type ThreadTimes = Map<string, { name: string; ticks: number }>;

const threadTimes = (pid: number): ThreadTimes => {
  const out: ThreadTimes = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readStat(`/proc/${pid}/task/${tid}/stat`);
    if (!stat) continue;
    const name = tid === String(pid) ? 'main (request thread)' : stat.name;
    out.set(tid, { name, ticks: stat.cpuTicks });
  }
  return out;
};

const db = (process.argv[2] ?? 'sqlite') as BenchDb;
const clients = Number(process.argv[3] ?? 10);
const rounds = Number(process.argv[4] ?? 1);
if (db === 'postgres' && !PG_URL) throw new Error('set DATABASE_URL to trace PostgreSQL');

const server = await startBenchServer(db, 50, 10);
try {
  await measure(server, 1); // warm-up: JIT, page cache
  for (let round = 0; round < rounds; round++) {
    const before = threadTimes(server.pid);
    const started = performance.now();
    const opsPerSecond = await measure(server, clients);
    const seconds = (performance.now() - started) / 1000;
    const after = threadTimes(server.pid);
    const ops = opsPerSecond * seconds;
    const byName = new Map<string, number>();
    for (const [tid, { name, ticks }] of after) {
      const spent = ticks - (before.get(tid)?.ticks ?? 0);
      byName.set(name, (byName.get(name) ?? 0) + spent);
    }
    const rows = [...byName]
      .map(([name, ticks]) => ({ name, us: (ticks * TICK_MS * 1000) / ops }))
      .filter((r) => r.us >= 0.5)
      .sort((a, b) => b.us - a.us);
    const total = rows.reduce((sum, r) => sum + r.us, 0);
    console.log(
      `${db}, ${clients} clients: ` +
        `${opsPerSecond.toFixed(0)} ops/s; server CPU per op ${total.toFixed(1)} µs`,
    );
    for (const r of rows)
      console.log(`  ${r.name.padEnd(24)} ${r.us.toFixed(1).padStart(6)} µs/op`);
  }
} finally {
  await server.stop();
}
