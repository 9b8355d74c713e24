/**
 * Autosave latency: how long one autosave of a draft's text takes to be stored (the write counts
 * as saved only when its transaction commits, S2), with 10,000 evidence rows on the device and
 * the database encrypted as the app runs it. The floor (issue 10) is the same work done bare: seal
 * the row and its op with the app's cipher, put both in one raw IndexedDB transaction, into
 * stores with the app's indexes and rows. A raw put of the row alone stays as a diagnostic.
 */
import { openBenchPage } from './bench-page';
import type { LatencyRequest } from './pages/api';
import type { TypingRequest } from './pages/typing';
import { noteText, seededRandom } from './pages/data';
import { percentile } from './stats';
import type { BenchRow, BenchSuite } from './types';

const REQUEST: LatencyRequest = { rows: 10_000, writes: 200, startChars: 2_000 };
const AUTOSAVE_GOAL = '≤ 1.5× floor';
const TYPING: Omit<TypingRequest, 'saving'> = { rows: 10_000, startChars: 2_000 };
// About 40 words at 30 ms a key: several autosaves land while the keys keep coming.
const TYPED = noteText(seededRandom(11), 40);
const KEY_DELAY_MS = 30;

export const clientAutosave: BenchSuite = {
  title: 'client autosave',
  run: async () => {
    const bench = await openBenchPage();
    try {
      // Floors first, then the app, each on a fresh database.
      const floor = await bench.page.evaluate(
        (r) => window.fieldbookBench!.rawPutLatencies(r),
        REQUEST,
      );
      const fair = await bench.page.evaluate(
        (r) => window.fieldbookBench!.rawSealedPutLatencies(r),
        REQUEST,
      );
      const app = await bench.page.evaluate(
        (r) => window.fieldbookBench!.appAutosaveLatencies({ ...r, encrypted: true }),
        REQUEST,
      );
      const clear = await bench.page.evaluate(
        (r) => window.fieldbookBench!.appAutosaveLatencies({ ...r, encrypted: false }),
        REQUEST,
      );
      const dexie = await bench.page.evaluate(
        (r) => window.fieldbookBench!.dexiePutLatencies(r),
        REQUEST,
      );
      const saves = `${REQUEST.rows.toLocaleString('en-GB')} rows on device, ${REQUEST.writes} saves`;
      const rows: BenchRow[] = [50, 95].map((p) => ({
        name: `autosave p${p}, encrypted as in the app (${saves})`,
        value: percentile(app, p),
        unit: 'ms',
        floor: {
          name: `seal row + op, one raw IndexedDB transaction putting both, p${p}`,
          value: percentile(fair, p),
        },
        goal: AUTOSAVE_GOAL,
      }));
      rows.push({
        name: 'diagnostic: autosave p50 beside the old floor (a raw put of the row alone)',
        value: percentile(app, 50),
        unit: 'ms',
        floor: { name: 'raw IndexedDB put p50', value: percentile(floor, 50) },
      });
      // Diagnostics, not goals: where the gap to the floor goes — Dexie itself, the repository's
      // outbox work (same save without encryption), and encryption (the difference to the above).
      const rawP50 = { name: 'raw IndexedDB put p50', value: percentile(floor, 50) };
      rows.push(
        {
          name: 'diagnostic: Dexie table.put alone, p50',
          value: percentile(dexie, 50),
          unit: 'ms',
          floor: rawP50,
        },
        {
          name: 'diagnostic: autosave without encryption, p50',
          value: percentile(clear, 50),
          unit: 'ms',
          floor: rawP50,
        },
      );
      // Typing never waits for a save: input to next paint while autosaving, beside the same
      // typing into the same box whose save does nothing.
      const typingP95 = async (saving: boolean) => {
        await bench.page.evaluate((r) => window.fieldbookTypingBench!.setUpTyping(r), {
          ...TYPING,
          saving,
        });
        await bench.page.click('#typing');
        await bench.page.keyboard.type(TYPED, { delay: KEY_DELAY_MS });
        const typed = await bench.page.evaluate(() => window.fieldbookTypingBench!.typingResult());
        if (typed.latencies.length < TYPED.length / 2) {
          throw new Error(`only ${typed.latencies.length} inputs timed of ${TYPED.length} keys`);
        }
        return { p95: percentile(typed.latencies, 95), saves: typed.saves };
      };
      const alone = await typingP95(false);
      const saving = await typingP95(true);
      if (saving.saves < 3) throw new Error(`only ${saving.saves} autosaves while typing`);
      rows.push({
        name: `typing: input to next paint p95, ${TYPED.length} keys, ${saving.saves} autosaves meanwhile (${TYPING.rows.toLocaleString('en-GB')} notes on device)`,
        value: saving.p95,
        unit: 'ms',
        floor: { name: 'the same typing, save does nothing, p95', value: alone.p95 },
        goal: '≤ 16 ms',
      });
      return rows;
    } finally {
      await bench.close();
    }
  },
};
