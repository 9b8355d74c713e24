/**
 * Where a lead screen's first opening after unlock spends its CPU, beside its floor: a Chrome
 * trace of the floor's first getAll and of the screen's first opening, each summed per thread as
 * CPU time (not wall time). On this shared 2-core machine wall times swing with the other work
 * running, and the ratio with them; CPU time per thread shows which thread bounds each read.
 *
 *   npx tsx tests/bench/trace-screen-load.ts [today|coverage] [rows] [profile]
 *
 * With `profile`, V8's sampling profiler runs too (in the page and in the sealing worker alike),
 * and each thread's functions are listed by self time: which work the CPU goes to, not only
 * which thread. Names are the bench page's minified ones unless it is built unminified
 * (`FIELDBOOK_BENCH_UNMINIFIED=1`).
 *
 * (wrap it in `flock /tmp/bench.lock` like any bench). Traces are kept in tests/.artifacts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR } from '../support/paths';
import { openBenchPage } from './bench-page';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url?: string; lineNumber: number };
};
type TraceEvent = {
  ph: string;
  name: string;
  pid: number;
  tid: number;
  ts: number;
  id?: string;
  dur?: number;
  tdur?: number;
  args?: {
    name?: string;
    data?: {
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
};

const threadNames = (events: readonly TraceEvent[]) => {
  const names = new Map<string, string>();
  const processes = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== 'M' || !e.args?.name) continue;
    if (e.name === 'thread_name') names.set(`${e.pid}/${e.tid}`, e.args.name);
    if (e.name === 'process_name') processes.set(e.pid, e.args.name);
  }
  return (key: string) =>
    `${processes.get(Number(key.split('/')[0])) ?? key}/${names.get(key) ?? key}`;
};

/** Self time per function (name and place) of each profiled thread, from V8's sampled chunks. */
const selfTimes = (events: readonly TraceEvent[]) => {
  const nameOf = threadNames(events);
  const profiles = new Map<
    string,
    { thread: string; nodes: Map<number, ProfileNode>; self: Map<number, number> }
  >();
  // A profile's chunks come from the profiler's thread; its start ("Profile") from the one profiled.
  const profiledThread = new Map<string, string>();
  for (const e of events) {
    if (e.name === 'Profile') profiledThread.set(`${e.pid}/${e.id ?? ''}`, `${e.pid}/${e.tid}`);
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !e.args?.data) continue;
    const key = `${e.pid}/${e.id ?? ''}`;
    let profile = profiles.get(key);
    if (!profile) {
      const thread = nameOf(profiledThread.get(key) ?? `${e.pid}/${e.tid}`);
      profile = { thread, nodes: new Map(), self: new Map() };
      profiles.set(key, profile);
    }
    const { cpuProfile, timeDeltas = [] } = e.args.data;
    for (const node of cpuProfile?.nodes ?? []) profile.nodes.set(node.id, node);
    // Each sample's delta is the time since the sample before: counted to the later one.
    (cpuProfile?.samples ?? []).forEach((node, i) => {
      profile.self.set(node, (profile.self.get(node) ?? 0) + (timeDeltas[i] ?? 0));
    });
  }
  return [...profiles.values()].map(({ thread, nodes, self }) => {
    const byFunction = new Map<string, number>();
    for (const [id, us] of self) {
      const frame = nodes.get(id)?.callFrame;
      const file = frame?.url?.split('/').pop() ?? '';
      const name = frame
        ? `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`
        : `node ${id}`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + us / 1000);
    }
    const total = [...byFunction.values()].reduce((sum, ms) => sum + ms, 0);
    const top = [...byFunction].sort((a, b) => b[1] - a[1]);
    return { thread, total, top };
  });
};

/** CPU and wall time of each thread's top-level tasks, busiest first. */
const perThread = (events: readonly TraceEvent[]) => {
  const nameOf = threadNames(events);
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
    rows.push({ thread: nameOf(key), cpu: cpu / 1000, wall: wall / 1000 });
  }
  return rows.sort((a, b) => b.cpu - a.cpu);
};

const main = async () => {
  const screen = process.argv[2] === 'coverage' ? 'coverage' : 'today';
  const rows = Number(process.argv[3] ?? 50_000);
  const profiled = process.argv[4] === 'profile';
  const categories = ['toplevel', '__metadata'];
  if (profiled) categories.push('disabled-by-default-v8.cpu_profiler', 'v8');
  const bench = await openBenchPage();
  const { page } = bench;
  const browser = page.context().browser()!;
  const traces: Record<string, TraceEvent[]> = {};
  try {
    await page.exposeFunction('__traceStart', () =>
      browser.startTracing(undefined, { categories }),
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
      if (!profiled) continue;
      for (const { thread, total, top } of selfTimes(traces[what] ?? [])) {
        if (total < 50) continue;
        console.log(`  sampled ${thread}: ${total.toFixed(0)} ms`);
        for (const [name, ms] of top.slice(0, 25))
          console.log(`    ${ms.toFixed(0).padStart(6)} ms  ${name}`);
      }
    }
  } finally {
    await bench.close();
  }
};

void main();
