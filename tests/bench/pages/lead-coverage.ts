/**
 * The lead's coverage screen on the bench page: the pure model (`buildCoverage`) and a React
 * render of the screen's parts (matrix, children, per inspector per day; production React, real
 * DOM, layout forced) over 5,000 or 50,000 evidence rows in memory. Floor: a plain loop over the
 * same rows counting them per agency. Exposed as `window.fieldbookCoverageBench`.
 */
import { createElement, Fragment } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
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

export type CoverageRequest = { rows: number; runs: number };
export type CoverageTimings = {
  /** A plain loop counting rows per agency. */
  floor: number[];
  /** `buildCoverage` alone. */
  model: number[];
  /** `buildCoverage`, then rendering the screen's parts and forcing layout. */
  screen: number[];
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

const timed = (run: () => void): number => {
  const started = performance.now();
  run();
  return performance.now() - started;
};

const nextFrame = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The model, then the screen's parts rendered into `root` and laid out: what the lead waits for. */
const renderCoverage = (
  root: Root,
  container: HTMLElement,
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
  void container.offsetHeight; // layout, so the figure is what the lead waits for
};

const coverageTimings = async (request: CoverageRequest): Promise<CoverageTimings> => {
  const { evidence, cases } = dataset(request.rows);
  const result: CoverageTimings = {
    floor: [],
    model: [],
    screen: [],
    cells: 0,
    evidenceCounted: 0,
  };
  const container = document.createElement('div');
  document.body.append(container);
  try {
    for (let i = 0; i < request.runs; i++) {
      result.floor.push(
        timed(() => {
          const perAgency = new Map<string, number>();
          for (const row of evidence) {
            const agency = row.fields.agency ?? '';
            perAgency.set(agency, (perAgency.get(agency) ?? 0) + 1);
          }
        }),
      );
      result.model.push(
        timed(() => {
          result.evidenceCounted = buildCoverage({
            framework,
            evidence,
            cases,
            team,
          }).evidenceCount;
        }),
      );
      // Each render is a first render into an empty root, as when the lead opens Coverage.
      const root = createRoot(container);
      result.screen.push(
        timed(() => {
          renderCoverage(root, container, evidence, cases);
        }),
      );
      result.cells = container.querySelectorAll('[data-testid="coverage-matrix"] td').length;
      root.unmount();
      await nextFrame();
    }
    return result;
  } finally {
    container.remove();
  }
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
      const container = document.createElement('div');
      document.body.append(container);
      const root = createRoot(container);
      const build = store.keep(coverageMemoKey(BENCH_INSPECTION_ID), createCoverageMemo);
      renderCoverage(root, container, rows, children, build);
      return () => {
        root.unmount();
        container.remove();
      };
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
