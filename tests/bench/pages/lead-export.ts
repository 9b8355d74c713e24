/**
 * The inspection record export on the bench page: JSON (wire rows) and the evidence CSV for
 * 5,000 evidence records, built as the export screen builds them, and the printed document
 * (record model + React render). Floor: `JSON.stringify` of the same rows in one go.
 * Exposed as `window.fieldbookExportBench`.
 */
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { LocalInspection, LocalRow } from '../../../src/db';
import { frameworkById } from '../../../src/domain';
import { buildEvidenceCsv } from '../../../src/features/export/build-csv';
import { buildRecordJson } from '../../../src/features/export/build-json';
import { yieldToBrowser } from '../../../src/features/export/chunks';
import { PrintDocument } from '../../../src/features/export/PrintDocument';
import {
  buildRecord,
  evidenceContext,
  type RecordInput,
} from '../../../src/features/export/record-model';
import { BENCH_INSPECTION_ID, benchId, evidenceRows } from './data';

export type ExportRequest = { rows: number; runs: number };
export type ExportTimings = {
  /** Floor: `JSON.stringify` of the same evidence rows. */
  floor: number[];
  floorKB: number;
  /** JSON built in chunks without giving the browser a turn: the builder's own cost. */
  json: number[];
  /** As the screen does it: chunks of 500 rows, yielding between them. */
  jsonYielding: number[];
  jsonKB: number;
  csv: number[];
  csvYielding: number[];
  csvKB: number;
  /** buildRecord and a first render of the print document, layout forced. */
  document: number[];
};

const framework = frameworkById('cp-joint-2012')!;
const inspection: LocalInspection = {
  id: BENCH_INSPECTION_ID,
  frameworkId: framework.id,
  area: 'Benchshire',
  startsOn: '2026-11-02',
  endsOn: '2026-11-13',
  status: 'fieldwork',
  team: [{ userId: benchId(2, 1), name: 'Ann Lead', inspectorate: 'ofsted', role: 'lead' }],
  framework,
  source: 'server',
};

const dataset = (count: number): RecordInput => {
  const evidence = evidenceRows(count);
  const base = evidence[0]!;
  const cases: LocalRow<'childCase'>[] = Array.from({ length: 60 }, (_, n) => ({
    ...base,
    id: benchId(4, n),
    fields: { caseRef: `CASE-${n}`, selection: 'tracked' },
  }));
  const drafts: LocalRow<'judgementDraft'>[] = framework.judgements.map((j, n) => ({
    ...base,
    id: benchId(7, n),
    fields: {
      judgementId: j.id,
      grade: 'good',
      rationale: 'Help is timely and partners work well together.',
      evidenceIds: evidence.slice(n * 10, n * 10 + 10).map((e) => e.id),
      state: 'draft',
    },
  }));
  return {
    inspection,
    evidence,
    cases,
    journeyEvents: [],
    reviews: [],
    drafts,
    concerns: [],
    meetings: [],
  };
};

const kb = (text: string) => new Blob([text]).size / 1024;

const timedAsync = async (run: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

const exportTimings = async (request: ExportRequest): Promise<ExportTimings> => {
  const input = dataset(request.rows);
  const ctx = evidenceContext(input.inspection, input.cases);
  const noPause = { pause: async () => {} };
  const result: ExportTimings = {
    floor: [],
    floorKB: 0,
    json: [],
    jsonYielding: [],
    jsonKB: 0,
    csv: [],
    csvYielding: [],
    csvKB: 0,
    document: [],
  };
  const container = document.createElement('div');
  document.body.append(container);
  try {
    for (let i = 0; i < request.runs; i++) {
      let floorText = '';
      result.floor.push(
        await timedAsync(async () => {
          floorText = JSON.stringify(input.evidence);
        }),
      );
      result.floorKB = kb(floorText);
      let json = '';
      result.json.push(
        await timedAsync(async () => {
          json = await buildRecordJson(input, '2026-11-13T18:00:00.000Z', noPause);
        }),
      );
      result.jsonKB = kb(json);
      result.jsonYielding.push(
        await timedAsync(() =>
          buildRecordJson(input, '2026-11-13T18:00:00.000Z', { pause: yieldToBrowser }),
        ),
      );
      let csv = '';
      result.csv.push(
        await timedAsync(async () => {
          csv = await buildEvidenceCsv(input.evidence, ctx, noPause);
        }),
      );
      result.csvKB = kb(csv);
      result.csvYielding.push(
        await timedAsync(() => buildEvidenceCsv(input.evidence, ctx, { pause: yieldToBrowser })),
      );
      const root = createRoot(container);
      result.document.push(
        await timedAsync(async () => {
          const record = buildRecord(input);
          flushSync(() => root.render(createElement(PrintDocument, { record })));
          void container.offsetHeight;
        }),
      );
      root.unmount();
    }
    return result;
  } finally {
    container.remove();
  }
};

export type FieldbookExportBench = { exportTimings: typeof exportTimings };

declare global {
  interface Window {
    fieldbookExportBench?: FieldbookExportBench;
  }
}

window.fieldbookExportBench = { exportTimings };
