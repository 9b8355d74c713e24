/**
 * Diagnostic, not a suite: the page's JS heap (CDP Runtime.getHeapUsage after a collection) after
 * SAVES autosaves of a ~CHARS-character note, with the database still unlocked.
 * `npx tsx tests/bench/heap-autosave.ts [saves] [chars]`
 */
import { openBenchPage } from './bench-page';

const saves = Number(process.argv[2] ?? 2_000);
const chars = Number(process.argv[3] ?? 3_000);

const bench = await openBenchPage();
try {
  const cdp = await bench.page.context().newCDPSession(bench.page);
  const usedMb = async () => {
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return usedSize / 1e6;
  };
  const before = await usedMb();
  const started = performance.now();
  await bench.page.evaluate((r) => window.fieldbookHeap!.autosaves(r), { saves, chars });
  const took = (performance.now() - started) / 1000;
  const after = await usedMb();
  const open = await bench.page.evaluate(() => window.fieldbookHeap!.isOpen());
  console.log(
    JSON.stringify({
      saves,
      chars,
      open,
      beforeMb: +before.toFixed(1),
      afterMb: +after.toFixed(1),
      grewMb: +(after - before).toFixed(1),
      seconds: +took.toFixed(1),
    }),
  );
} finally {
  await bench.close();
}
