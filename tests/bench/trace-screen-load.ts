/**
 * Where a lead screen's first opening after unlock spends its CPU, beside its floor: a Chrome
 * trace of the floor's first getAll and of the screen's first opening, each summed per thread as
 * CPU time (not wall time). On this shared 2-core machine wall times swing with the other work
 * running, and the ratio with them; CPU time per thread shows which thread bounds each read.
 *
 *   npx tsx tests/bench/trace-screen-load.ts [today|coverage] [rows]
 *
 * (wrap it in `flock /tmp/bench.lock` like any bench). Traces are kept in tests/.artifacts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR } from '../support/paths';
import { openBenchPage } from './bench-page';

type TraceEvent = {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
};

/** CPU and wall time of each thread's top-level tasks, busiest first. */
const perThread = (events: readonly TraceEvent[]) => {
  const names = new Map<string, string>();
  const processes = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== 'M' || !e.args?.name) continue;
    if (e.name === 'thread_name') names.set(`${e.pid}/${e.tid}`, e.args.name);
    if (e.name === 'process_name') processes.set(e.pid, e.args.name);
  }
  const tasks = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.tdur === undefined) continue;
    const key = `${e.pid}/${e.tid}`;
    const list = tasks.get(key);
    if (list) list.push(e);
    else tasks.set(key, [e]);
  }
  const rows: { thread: string; cpu: number; wall: number }[] = [];
  for (const [key, list] of tasks) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let cpu = 0;
    let wall = 0;
    let end = -Infinity;
    for (const e of list) {
      if (e.ts < end) continue; // nested in the task before it
      cpu += e.tdur ?? 0;
      wall += e.dur ?? 0;
      end = e.ts + (e.dur ?? 0);
    }
    const pid = Number(key.split('/')[0]);
    const thread = `${processes.get(pid) ?? pid}/${names.get(key) ?? key}`;
    rows.push({ thread, cpu: cpu / 1000, wall: wall / 1000 });
  }
  return rows.sort((a, b) => b.cpu - a.cpu);
};

const main = async () => {
  const screen = process.argv[2] === 'coverage' ? 'coverage' : 'today';
  const rows = Number(process.argv[3] ?? 50_000);
  const bench = await openBenchPage();
  const { page } = bench;
  const browser = page.context().browser()!;
  const traces: Record<string, TraceEvent[]> = {};
  try {
    await page.exposeFunction('__traceStart', () =>
      browser.startTracing(undefined, { categories: ['toplevel', '__metadata'] }),
    );
    await page.exposeFunction('__traceStop', async (what: string) => {
      const buffer = await browser.stopTracing();
      writeFileSync(join(ARTIFACTS_DIR, `trace-${screen}-${what}.json`), buffer);
      traces[what] = (JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] }).traceEvents;
    });
    // As a string: tsx names functions with a helper the page does not have.
    await page.evaluate(`window.fieldbookBenchTrace = {
      start: () => window.__traceStart(),
      stop: (what) => window.__traceStop(what),
    }`);
    const timings = await page.evaluate(
      ({ screen, rows }) =>
        screen === 'coverage'
          ? window.fieldbookCoverageBench!.coverageLoad({ rows, runs: 1 })
          : window.fieldbookLeadBench!.leadTodayLoad({ rows, runs: 1 }),
      { screen, rows },
    );
    console.log(`${screen}, ${rows.toLocaleString('en-GB')} rows`);
    for (const what of ['floor', 'first'] as const) {
      const ms = timings[what][0]!;
      const threads = perThread(traces[what] ?? []).slice(0, 6);
      const total = threads.reduce((sum, t) => sum + t.cpu, 0);
      console.log(
        `${what}: ${ms.toFixed(0)} ms wall; CPU of its busiest threads ${total.toFixed(0)} ms`,
      );
      for (const t of threads)
        console.log(
          `  ${t.cpu.toFixed(0).padStart(6)} ms CPU ${t.wall.toFixed(0).padStart(6)} ms busy  ${t.thread}`,
        );
    }
  } finally {
    await bench.close();
  }
};

void main();
