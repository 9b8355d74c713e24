/**
 * Where an autosave's page-thread CPU goes, beside its floor's: V8's sampling profiler (CDP, in the
 * bench page) runs over the floor's saves and then the app's, and functions are listed by self
 * time per save.
 *
 *   FIELDBOOK_BENCH_UNMINIFIED=1 npx tsx tests/bench/profile-autosave.ts [writes] [rows]
 *
 * (wrap it in `flock /tmp/bench.lock` like any bench). The database holds few rows by default:
 * the page's CPU per save hardly depends on them, and their set-up stays small beside the saves
 * (it is in the profile all the same). Sampling every 20 µs slows the page and inflates IndexedDB's
 * own calls (`put`, `get`, `transaction`, `commit`, listed as natives): read the list as a ranking,
 * not as times; the bench's figures are taken without the profiler.
 */
import { openBenchPage } from './bench-page';
import { percentile } from './stats';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number } };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const main = async () => {
  const writes = Number(process.argv[2] ?? 1000);
  const rows = Number(process.argv[3] ?? 100);
  const bench = await openBenchPage();
  try {
    const cdp = await bench.page.context().newCDPSession(bench.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 20 });
    const request = { rows, writes, startChars: 2_000 };
    const runs = [
      [
        'floor',
        () => bench.page.evaluate((r) => window.fieldbookBench!.rawSealedPutLatencies(r), request),
      ],
      [
        'app',
        () =>
          bench.page.evaluate(
            (r) => window.fieldbookBench!.appAutosaveLatencies({ ...r, encrypted: true }),
            request,
          ),
      ],
    ] as const;
    for (const [what, run] of runs) {
      await cdp.send('Profiler.start');
      const samples = await run();
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      const self = new Map<string, number>();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      profile.samples.forEach((id, i) => {
        const frame = byId.get(id)?.callFrame;
        const file = frame?.url.split('/').pop() ?? '';
        const name = frame
          ? `${frame.functionName || '(anon)'} ${file}:${frame.lineNumber + 1}`
          : '?';
        self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
      });
      const busy = [...self].filter(([n]) => !n.startsWith('(idle)') && !n.startsWith('(program)'));
      const total = busy.reduce((s, [, us]) => s + us, 0);
      console.log(
        `${what}: p50 ${percentile(samples, 50).toFixed(3)} ms, p95 ${percentile(samples, 95).toFixed(3)} ms; ` +
          `sampled JS ${(total / writes).toFixed(1)} µs a save (whole run incl. setup), program ${((self.get('(program) :0') ?? 0) / writes).toFixed(1)} µs, idle ${((self.get('(idle) :0') ?? 0) / writes).toFixed(1)} µs`,
      );
      for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
        console.log(`  ${(us / writes).toFixed(2).padStart(8)} µs  ${name}`);
      }
    }
  } finally {
    await bench.close();
  }
};

void main();
