/**
 * `npm run lighthouse`: audits a tablet's first visit to the first screen with Lighthouse 12
 * (mobile preset, simulated slow 4G and a 4× slower CPU) against the real server serving the
 * built app, the way the issue measured it. Not part of `npm run bench` or CI: Lighthouse's
 * scores swing with the machine's load, so it is run by hand and its median reported beside
 * the bench table. Reports go to tests/.artifacts/lighthouse-<n>.report.{json,html}, and each
 * audit's trace and DevTools log beside them (lighthouse-<n>-0.trace.json…), to read what ran on
 * the main thread. `LIGHTHOUSE_PORT` picks the server's port (a free one otherwise).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_PATH } from '../support/browser';
import { ARTIFACTS_DIR, REPO_ROOT, assertDistBuilt } from '../support/paths';
import { startServer } from '../support/server';
import { median } from './stats';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3); // odd, for a true median
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
  'speed-index',
] as const;

type Report = {
  categories: Record<string, { score: number | null }>;
  audits: Record<string, { numericValue?: number; displayValue?: string; score: number | null }>;
};

const runLighthouse = (url: string, outputBase: string): Promise<Report> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      join(REPO_ROOT, 'node_modules', '.bin', 'lighthouse'),
      [
        url,
        '--quiet',
        '--output=json',
        '--output=html',
        `--output-path=${outputBase}`,
        '--save-assets',
        `--only-categories=${CATEGORIES.join(',')}`,
        // Debian's Chromium as root in a container; Lighthouse's own defaults otherwise.
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
      ],
      {
        env: { ...process.env, CHROME_PATH: CHROMIUM_PATH },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`lighthouse exited ${code}`));
      resolve(JSON.parse(readFileSync(`${outputBase}.report.json`, 'utf8')) as Report);
    });
  });

const main = async (): Promise<void> => {
  assertDistBuilt();
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const port = process.env.LIGHTHOUSE_PORT;
  const server = await startServer(port ? { port: Number(port) } : {});
  const reports: Report[] = [];
  try {
    for (let i = 1; i <= RUNS; i++) {
      const report = await runLighthouse(`${server.url}/`, join(ARTIFACTS_DIR, `lighthouse-${i}`));
      const scores = CATEGORIES.map(
        (c) => `${c} ${Math.round((report.categories[c]?.score ?? 0) * 100)}`,
      );
      console.log(`run ${i}: ${scores.join(', ')}`);
      reports.push(report);
    }
  } finally {
    await server.dispose();
  }
  const medianOf = (pick: (r: Report) => number) => median(reports.map(pick));
  console.log(`\nLighthouse 12, mobile preset, first screen, median of ${RUNS}:`);
  for (const c of CATEGORIES) {
    console.log(
      `  ${c.padEnd(16)} ${Math.round(medianOf((r) => r.categories[c]?.score ?? 0) * 100)}`,
    );
  }
  for (const m of METRICS) {
    const value = medianOf((r) => r.audits[m]?.numericValue ?? 0);
    console.log(
      `  ${m.padEnd(26)} ${m === 'cumulative-layout-shift' ? value.toFixed(3) : `${value.toFixed(0)} ms`}`,
    );
  }
};

await main();
