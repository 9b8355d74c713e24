/**
 * Deterministic evidence rows for benches: the same seed gives the same 10,000 rows in every run,
 * with text long enough (a few hundred words) that IndexedDB and search do real work.
 */
import { AGENCY_IDS, EVALUATION_IDS, EVIDENCE_KIND_IDS } from '../../../src/domain';
import type { LocalRow } from '../../../src/db';

/** mulberry32: tiny, seedable, good enough to spread test data. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const WORDS = (
  'social worker visited child home mother father carer school nurse health visitor police ' +
  'strategy discussion referral assessment plan review conference placement foster adoption ' +
  'permanence pathway leaving care adviser manager supervision caseload chronology risk neglect ' +
  'domestic abuse drugs alcohol mental health escalation threshold early help front door mash ' +
  'timely drift delay voice wishes feelings advocate independent reviewing officer education ' +
  'attendance exclusion missing exploitation contextual safeguarding partnership audit quality'
).split(' ');

export const JUDGEMENT_IDS = [
  'overall',
  'help-and-protection',
  'quality-of-practice',
  'leadership',
];

/** A plausible note of `words` words. */
export const noteText = (random: () => number, words: number): string =>
  Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');

const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** A uuid-shaped id derived from a counter: cheap, unique, and stable across runs. */
export const benchId = (prefix: number, n: number): string =>
  `${prefix.toString(16).padStart(8, '0')}-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

export const BENCH_INSPECTION_ID = benchId(1, 1);
export const BENCH_AUTHOR_ID = benchId(2, 1);

/** An evidence row exactly as the device stores it (LocalRow), already synced (seq > 0). */
export const evidenceRow = (random: () => number, n: number): LocalRow<'evidence'> => {
  const at = new Date(Date.UTC(2026, 10, 2, 8) + n * 60_000).toISOString();
  return {
    id: benchId(3, n),
    inspectionId: BENCH_INSPECTION_ID,
    fields: {
      kind: pick(random, EVIDENCE_KIND_IDS),
      occurredAt: at,
      text: noteText(random, 60 + Math.floor(random() * 120)),
      agency: pick(random, AGENCY_IDS),
      role: 'Senior social worker',
      caseIds: [benchId(4, Math.floor(random() * 60))],
      judgementIds: [pick(random, JUDGEMENT_IDS)],
      evaluation: pick(random, EVALUATION_IDS),
      sensitivity: 'official',
      status: 'final',
    },
    seq: n + 1,
    versions: { kind: n + 1, occurredAt: n + 1, text: n + 1, status: n + 1 },
    conflicts: {},
    author: BENCH_AUTHOR_ID,
    createdAt: at,
    updatedAt: at,
    deleted: false,
  };
};

export const evidenceRows = (count: number, seed = 42): LocalRow<'evidence'>[] => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, n) => evidenceRow(random, n));
};
