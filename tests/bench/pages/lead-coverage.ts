/**
 * The lead's coverage screen on the bench page: the pure model (`buildCoverage`) and a React
 * render of the screen's parts (matrix, children, per inspector per day; production React, real
 * DOM, layout forced) over 5,000 or 50,000 evidence rows in memory. Floor: a plain loop over the
 * same rows counting them per agency. Exposed as `window.fieldbookCoverageBench`.
 */
import { createElement, Fragment } from 'react';
import { flushSync } from 'react-dom';
import type { Root } from 'react-dom/client';
import { MemoryRouter } from 'react-router';
import type { LocalRow } from '../../../src/db';
import { frameworkById, type TeamMember } from '../../../src/domain';
import { CoverageMatrix } from '../../../src/features/coverage/CoverageMatrix';
import {
  buildCoverage,
  coverageMemoKey,
  createCoverageMemo,
} from '../../../src/features/coverage/coverage-model';
import { ChildrenCoverage, InspectorDays } from '../../../src/features/coverage/coverage-parts';
import { BENCH_INSPECTION_ID, benchId, evidenceRows } from './data';
import { timeScreenLoad, type ScreenLoadTimings } from './screen-load';
import { mountPoint, timeScreen, type ScreenTimings } from './screen-timing';

export type CoverageRequest = { rows: number; runs: number };
/** Floor: a plain loop counting rows per agency; model: `buildCoverage`; screen: its parts. */
export type CoverageTimings = ScreenTimings & {
  /** Cells in the matrix, so a bench that renders nothing is noticed. */
  cells: number;
  evidenceCounted: number;
};

const TEAM_SIZE = 6;
const CASES = 60; // the bench rows link to 60 children (data.ts)
const authorOf = (n: number) => benchId(2, 1 + (n % TEAM_SIZE));
const framework = frameworkById('cp-joint-2012')!;
const team: TeamMember[] = Array.from({ length: TEAM_SIZE }, (_, i) => ({
  userId: authorOf(i),
  name: `Inspector ${i + 1}`,
  inspectorate: 'ofsted',
  role: i === 0 ? 'lead' : 'inspector',
}));

const dataset = (count: number) => {
  const evidence = evidenceRows(count).map((row, n) => ({ ...row, author: authorOf(n) }));
  // 70 children, 10 of them with no evidence at all, so "no case-tracking note" has entries.
  const cases: LocalRow<'childCase'>[] = Array.from({ length: CASES + 10 }, (_, n) => ({
    ...evidence[0]!,
    id: benchId(4, n),
    fields: { caseRef: `CASE-${n}`, selection: n % 3 === 0 ? 'sampled' : 'tracked' },
  }));
  return { evidence, cases };
};

/** The model, then the screen's parts rendered into `root` and laid out: what the lead waits for. */
const renderCoverage = (
  root: Root,
  evidence: readonly LocalRow<'evidence'>[],
  cases: readonly LocalRow<'childCase'>[],
  build: typeof buildCoverage = buildCoverage,
) => {
  const model = build({ framework, evidence, cases, team });
  flushSync(() =>
    root.render(
      createElement(
        MemoryRouter,
        null,
        createElement(
          Fragment,
          null,
          createElement(CoverageMatrix, { inspectionId: BENCH_INSPECTION_ID, model }),
          createElement(ChildrenCoverage, {
            inspectionId: BENCH_INSPECTION_ID,
            model,
            targets: { tracked: 40, sampled: 30 },
            canEdit: true,
            onSaveTargets: async () => {},
          }),
          createElement(InspectorDays, { model }),
        ),
      ),
    ),
  );
};

const coverageTimings = async (request: CoverageRequest): Promise<CoverageTimings> => {
  const { evidence, cases } = dataset(request.rows);
  let cells = 0;
  let evidenceCounted = 0;
  const timings = await timeScreen(request.runs, {
    floor: () => {
      const perAgency = new Map<string, number>();
      for (const row of evidence) {
        const agency = row.fields.agency ?? '';
        perAgency.set(agency, (perAgency.get(agency) ?? 0) + 1);
      }
    },
    model: () => {
      evidenceCounted = buildCoverage({ framework, evidence, cases, team }).evidenceCount;
    },
    render: (root) => renderCoverage(root, evidence, cases),
    shown: (container) => {
      cells = container.querySelectorAll('[data-testid="coverage-matrix"] td').length;
    },
  });
  return { ...timings, cells, evidenceCounted };
};

export type CoverageLoadTimings = ScreenLoadTimings;

/** Opening Coverage also reads the inspection's evidence and children from the device. */
const coverageLoad = (request: CoverageRequest): Promise<CoverageLoadTimings> => {
  const { evidence, cases } = dataset(request.rows);
  return timeScreenLoad(
    'coverage',
    evidence,
    { entity: 'childCase', table: 'childCases', rows: cases },
    request.runs,
    (rows, children, store) => {
      const { root, container, remove } = mountPoint();
      const build = store.keep(coverageMemoKey(BENCH_INSPECTION_ID), createCoverageMemo);
      renderCoverage(root, rows, children, build);
      void container.offsetHeight; // layout, as when the lead waits for it
      return remove;
    },
  );
};

export type FieldbookCoverageBench = {
  coverageTimings: typeof coverageTimings;
  coverageLoad: typeof coverageLoad;
};

declare global {
  interface Window {
    fieldbookCoverageBench?: FieldbookCoverageBench;
  }
}

window.fieldbookCoverageBench = { coverageTimings, coverageLoad };
