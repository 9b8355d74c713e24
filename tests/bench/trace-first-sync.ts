/**
 * Where a new tablet's first sync through the app spends its time ("first sync through the app"):
 * one floor, then one first sync with a CPU profile of the page's main thread (self time by
 * function, and by script) and the moments the status bar changed, beside the network requests.
 *
 *   npx tsx tests/bench/trace-first-sync.ts
 *
 * (wrap it in `flock /tmp/bench.lock` like any bench). It also prints the page's performance marks
 * after the tap (none are in the app: add `performance.mark('fb:…')` where a step should be timed),
 * `WINDOW=0,1200` adds inclusive time per function between those ms after the tap, and `TRACE=1`
 * a Chromium trace's main-thread events (Blink's own work, which the CPU profile calls
 * "(program)"), and `ENTRY=instant` fills the fields at once (the tap ~0.1 s after the welcome
 * screen) instead of typing them. For function names, build with `npx vite build --minify false` first. The profile
 * and trace are kept in tests/.artifacts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../support/browser';
import { ARTIFACTS_DIR } from '../support/paths';
import { firstSync, floor, setUpFirstSync } from './client-first-sync-app';

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
};
type Profile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
};

/** Self time per function and per script, most first. */
const selfTimes = (profile: Profile) => {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byScript = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    const script = url.split('/').pop() || '(native)';
    const name = `${functionName || '(anonymous)'} ${script}:${lineNumber + 1}:${columnNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    byScript.set(script, (byScript.get(script) ?? 0) + ms);
  });
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { functions: top(byFunction, 40), scripts: top(byScript, 12) };
};

const main = async () => {
  const served = await setUpFirstSync();
  const browser = await launchBrowser();
  try {
    const floorMs = await floor(browser, served.url);
    let profile: Profile | undefined;
    const requests: [number, string][] = [];
    let epochOrigin = 0;
    let bar: [number, string][] = [];
    let tapped = 0;
    let marks: [number, string][] = [];
    let trace: Buffer | undefined;
    let origin = 0;
    const timings = await firstSync(
      browser,
      served.url,
      async (p) => {
        // The context's, not the page's: the service worker's precache requests are listed too.
        p.context().on('requestfinished', (request) => {
          const t = request.timing();
          if (!request.url().includes('/api/') && process.env.ALLREQ !== '1') return;
          requests.push([
            t.startTime,
            `+${Math.round(t.responseEnd)} ms ${request.serviceWorker() ? 'sw ' : ''}${request.method()} ${request.url().replace(served.url, '').slice(0, 40)}`,
          ]);
        });
        await p.evaluate(() => {
          const w = window as unknown as { __bar: [number, string][] };
          w.__bar = [];
          new MutationObserver(() => {
            const text = document.querySelector('.fb-statusbar')?.textContent ?? '';
            const last = w.__bar[w.__bar.length - 1];
            if (!last || last[1] !== text) w.__bar.push([performance.now(), text]);
          }).observe(document, { subtree: true, childList: true, characterData: true });
        });
        const tracing = process.env.TRACE === '1';
        if (tracing)
          await browser.startTracing(p, {
            categories: ['devtools.timeline', 'v8', 'blink', 'toplevel', '__metadata', 'IndexedDB'],
          });
        const cdp = await p.context().newCDPSession(p);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
        // The page's clock when the profile started (within a round trip).
        origin = await p.evaluate(() => performance.now());
        return async () => {
          profile = (await cdp.send('Profiler.stop')).profile as unknown as Profile;
          if (tracing) trace = await browser.stopTracing();
          bar = await p.evaluate(() => (window as unknown as { __bar: [number, string][] }).__bar);
          epochOrigin = await p.evaluate(() => performance.timeOrigin);
          marks = await p.evaluate(() =>
            performance
              .getEntriesByType('mark')
              .map((m) => [m.startTime, m.name] as [number, string]),
          );
          tapped = await p.evaluate(
            () => (window as unknown as { __bench: { tapped: number } }).__bench.tapped,
          );
        };
      },
      process.env.ENTRY === 'instant' ? 'instant' : 'typed',
    );
    console.log(`floor ${floorMs.toFixed(0)} ms; app ${timings.ms.toFixed(0)} ms`);
    console.log(
      `longest task ${timings.longestTaskMs.toFixed(0)} ms, over 200: ${timings.longTasksOver200}`,
    );
    console.log('status bar (ms after the tap):');
    for (const [at, text] of bar)
      console.log(`  ${(at - tapped).toFixed(0).padStart(6)}  ${text.slice(0, 90)}`);
    console.log('marks:');
    console.log(
      marks.map(([at, name]) => `${(at - tapped).toFixed(0)} ${name.slice(3)}`).join('\n'),
    );
    console.log('api requests (start, ms after the tap; +ms to response end):');
    for (const [at, line] of requests.sort((x, y) => x[0] - y[0]))
      console.log(`  ${(at - epochOrigin - tapped).toFixed(0).padStart(6)} ${line}`);
    if (trace) {
      writeFileSync(join(ARTIFACTS_DIR, 'first-sync-trace.json'), trace);
      type Ev = {
        ph: string;
        name: string;
        pid: number;
        tid: number;
        dur?: number;
        tdur?: number;
        args?: { name?: string };
      };
      const events = (JSON.parse(trace.toString()) as { traceEvents: Ev[] }).traceEvents;
      const main = events.find(
        (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain',
      );
      // Self time per event name on the page's main thread (nested events subtracted roughly: top 40 by total).
      const totals = new Map<string, number>();
      for (const e of events) {
        if (e.ph !== 'X' || e.pid !== main?.pid || e.tid !== main.tid) continue;
        totals.set(e.name, (totals.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
      }
      console.log('main thread events (total CPU, nested counted in each):');
      for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 40))
        console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
    }
    if (profile) {
      writeFileSync(join(ARTIFACTS_DIR, 'first-sync.cpuprofile'), JSON.stringify(profile));
      const { functions, scripts } = selfTimes(profile);
      const prof = profile;
      const window = (process.env.WINDOW ?? '').split(',').map(Number);
      if (window.length === 2) {
        // Inclusive time per function over samples in that window (ms after the tap).
        const parent = new Map<number, number>();
        for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
        const nodeOf = new Map(profile.nodes.map((n) => [n.id, n]));
        const inclusive = new Map<string, number>();
        let clock = 0;
        profile.samples.forEach((id, i) => {
          clock += prof.timeDeltas[i] ?? 0;
          const at = clock / 1000 + origin - tapped;
          if (at < window[0]! || at > window[1]!) return;
          const ms = (prof.timeDeltas[i + 1] ?? 0) / 1000;
          const seen = new Set<string>();
          for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
            const f = nodeOf.get(n)!.callFrame;
            const name = `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
            if (seen.has(name)) continue;
            seen.add(name);
            inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
          }
        });
        console.log(`inclusive time ${window[0]}-${window[1]} ms after the tap:`);
        for (const [name, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 60))
          console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
      }
      console.log('main thread busy per 250 ms after the tap (ms not idle):');
      const buckets = new Map<number, number>();
      let t = 0;
      const idle = new Set(
        profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
      );
      profile.samples.forEach((id, i) => {
        t += prof.timeDeltas[i] ?? 0;
        if (idle.has(id)) return;
        const at = t / 1000 + origin - tapped;
        const b = Math.floor(at / 250);
        buckets.set(b, (buckets.get(b) ?? 0) + (prof.timeDeltas[i + 1] ?? 0) / 1000);
      });
      console.log(
        [...buckets]
          .filter(([b]) => b >= 0 && b * 250 <= timings.ms + 250)
          .sort((a, b) => a[0] - b[0])
          .map(([b, ms]) => `${b * 250}:${ms.toFixed(0)}`)
          .join(' '),
      );
      console.log('main thread self time by script:');
      for (const [name, ms] of scripts) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
      console.log('main thread self time by function:');
      for (const [name, ms] of functions) console.log(`  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
    }
  } finally {
    await browser.close();
    await served.dispose();
  }
};

void main();
