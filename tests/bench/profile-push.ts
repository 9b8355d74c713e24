/**
 * Where the push server's request thread spends its time, function by function: one push
 * measurement (as trace-push.ts) with V8's sampling profiler running in the server process
 * (profile-hook.mjs, started and stopped by signal around the measurement, after a warm-up).
 * Prints time per op by area (parsing the body, checking ops, hashing, SQLite, Express, logging,
 * GC…) and the heaviest functions, and keeps the .cpuprofile for Chrome DevTools.
 *
 *   npx tsx tests/bench/profile-push.ts [sqlite|postgres] [clients] [out.cpuprofile]
 *   npx tsx tests/bench/profile-push.ts --read <file.cpuprofile> <ops>
 *
 * (inside `flock /tmp/bench.lock`). The profiler samples wall time while the thread runs, so a
 * thread blocked in a system call (SQLite's fsync at commit) or waiting for a core shows as the
 * function it is in: busy µs/op exceeds trace-push's CPU µs/op, and sampling every 100 µs slows
 * the thread too. Compare profiles with each other, not with ops/s.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { PG_URL, startBenchServer, type BenchDb } from './server-common';
import { measure } from './server-push';

type CallFrame = {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
  scriptId?: string;
};
type ProfileNode = { id: number; callFrame: CallFrame; parent?: number; children?: number[] };
type Profile = {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
};

/** Areas by the file a function lives in, first match wins; the rest by name. */
const AREAS: [string, RegExp][] = [
  ['zod', /node_modules\/zod\//],
  [
    'express/body/http libs',
    /node_modules\/(express|body-parser|raw-body|router|finalhandler|send|on-finished|type-is|mime|content-type|iconv-lite|depd|qs|helmet|statuses|http-errors)/,
  ],
  [
    'pino (request log)',
    /node_modules\/(pino|pino-http|sonic-boom|thread-stream|fast-redact|quick-format)/,
  ],
  ['prom-client (metrics)', /node_modules\/prom-client/],
  ['kysely', /node_modules\/kysely/],
  ['better-sqlite3 (JS side)', /node_modules\/better-sqlite3/],
  ['pg (JS side)', /node_modules\/(pg|pg-protocol|pg-types|pg-pool)\//],
  ['canonical hash', /sync-server\/src\/sync\/canonical/],
  ['json-shape walk', /sync-server\/src\/http\/json-shape/],
  ['body.ts (jsonBody)', /sync-server\/src\/http\/body/],
  ['push.ts (prepare/judgeAll)', /sync-server\/src\/sync\/push/],
  ['judge.ts', /sync-server\/src\/sync\/judge/],
  ['domain entities (field checks)', /src\/domain\/(entities|fields|vocabulary|evidence|journey)/],
  ['domain merge', /src\/domain\/merge/],
  ['domain other', /\/src\/domain\//],
  ['store codec', /sync-server\/src\/store\/codec/],
  ['store group/sync writes', /sync-server\/src\/store\/(group-writes|sync-store|group-reads)/],
  ['store sqlite-fast', /sync-server\/src\/store\/sqlite-fast/],
  ['store pg', /sync-server\/src\/store\/pg-/],
  ['store other', /sync-server\/src\/store\//],
  ['auth', /sync-server\/src\/auth\//],
  ['other server src', /sync-server\/src\//],
  ['node internals', /^node:/],
  ['other node_modules', /node_modules/],
];

const areaOf = (frame: CallFrame): string => {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return '(program: native, unattributed)';
    if (functionName === '(idle)') return '(idle)';
    return `native ${functionName || '(anonymous)'}`;
  }
  for (const [area, pattern] of AREAS) if (pattern.test(url)) return area;
  return 'other';
};

/**
 * tsx compiles each file onto one line, so a frame's position says little: the compiled source's
 * inline source map gives the original line, and the original line's text names the function.
 */
type Sources = Record<string, string>;
let mapped = new Map<string, { map: SourceMap; lines: string[] } | null>();
const mapperFor = (sources: Sources, scriptId: string) => {
  if (mapped.has(scriptId)) return mapped.get(scriptId) ?? null;
  const source = sources[scriptId];
  const data =
    source && /sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)/.exec(source);
  let entry: { map: SourceMap; lines: string[] } | null = null;
  if (data?.[1]) {
    const json = JSON.parse(Buffer.from(data[1], 'base64').toString('utf8')) as {
      sourcesContent?: string[];
    };
    entry = {
      map: new SourceMap(json as never),
      lines: (json.sourcesContent?.[0] ?? '').split('\n'),
    };
  }
  mapped.set(scriptId, entry);
  return entry;
};

const place = (frame: CallFrame, sources: Sources): string => {
  const file = frame.url.replace(/^.*?(node_modules|sync-server|src|tests)\//, '$1/');
  const mapper = frame.scriptId ? mapperFor(sources, frame.scriptId) : null;
  if (!mapper) return `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
  const entry = mapper.map.findEntry(frame.lineNumber, frame.columnNumber) as {
    originalLine?: number;
    name?: string;
  };
  const line = entry.originalLine === undefined ? undefined : entry.originalLine + 1;
  const text = (mapper.lines[(line ?? 1) - 1] ?? '').trim().slice(0, 50);
  return `${frame.functionName || entry.name || '(anonymous)'} ${file}:${line ?? '?'} [${text}]`;
};

/** Self time per sample: V8 stamps each sample when taken; it lasts until the next one. */
export const summarise = (profile: Profile, ops: number, sources: Sources, top = 40): string => {
  mapped = new Map();
  const short = (frame: CallFrame) => place(frame, sources);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
  const self = new Map<string, number>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const us = timeDeltas[i + 1] ?? 0;
    const node = byId.get(samples[i] as number);
    if (!node) continue;
    const a = areaOf(node.callFrame);
    if (a === '(idle)') {
      idle += us;
      continue;
    }
    busy += us;
    const key = short(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + us);
    area.set(a, (area.get(a) ?? 0) + us);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (!frame) break;
      const k = short(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const perOp = (us: number) => (us / ops).toFixed(2).padStart(7);
  const heaviest = (times: Map<string, number>, count: number) =>
    [...times]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([k, us]) => `  ${perOp(us)}  ${k}`);
  const lines = [
    `${ops} ops; request thread busy ${perOp(busy)} µs/op, idle ${perOp(idle)} µs/op (sampled)`,
    '',
    'self time by area (µs/op):',
    ...heaviest(area, area.size),
    '',
    `top ${top} functions by self time (µs/op):`,
    ...heaviest(self, top),
    '',
    `top ${top} functions by inclusive time (µs/op):`,
    ...heaviest(inclusive, top),
  ];
  return lines.join('\n');
};

const OPS_PER_PUSH = 100;
const PUSHES_PER_LEVEL = 300;

const HOOK = path.join(import.meta.dirname, 'profile-hook.mjs');

const profileOnce = async (db: BenchDb, clients: number, out: string): Promise<void> => {
  rmSync(out, { force: true });
  const inherited = process.env.NODE_OPTIONS ?? '';
  const server = await startBenchServer(db, 50, 10, {
    NODE_OPTIONS: `${inherited} --import ${HOOK}`.trim(),
    PROFILE_PUSH_OUT: out,
  });
  try {
    await measure(server, 1); // warm-up: JIT, page cache
    process.kill(server.pid, 'SIGUSR2');
    await new Promise((resolve) => setTimeout(resolve, 200)); // the profiler is started
    const opsPerSecond = await measure(server, clients);
    process.kill(server.pid, 'SIGUSR2');
    const deadline = Date.now() + 60_000;
    while (!existsSync(out) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the file is written whole
    const profile = JSON.parse(readFileSync(out, 'utf8')) as Profile;
    const sources = JSON.parse(readFileSync(`${out}.sources.json`, 'utf8')) as Sources;
    // measure() sends one warm-up push per client before its timed pushes.
    const ops = (Math.ceil(PUSHES_PER_LEVEL / clients) * clients + clients) * OPS_PER_PUSH;
    console.log(`${db}, ${clients} clients: ${opsPerSecond.toFixed(0)} ops/s (profiled); ${out}`);
    console.log(summarise(profile, ops, sources));
  } finally {
    await server.stop();
  }
};

if (process.argv[2] === '--read') {
  const file = process.argv[3] ?? '';
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const sources = JSON.parse(readFileSync(`${file}.sources.json`, 'utf8')) as Sources;
  console.log(summarise(profile, Number(process.argv[4]), sources));
} else {
  const db = (process.argv[2] ?? 'sqlite') as BenchDb;
  if (db === 'postgres' && !PG_URL) throw new Error('set DATABASE_URL to profile PostgreSQL');
  await profileOnce(
    db,
    Number(process.argv[3] ?? 10),
    process.argv[4] ?? `/tmp/push-${db}-${Date.now()}.cpuprofile`,
  );
}
