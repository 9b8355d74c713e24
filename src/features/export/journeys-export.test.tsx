// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import type { RouteObject } from 'react-router';
import { listRows } from '../../db';
import { makeFieldbook, renderRoutes } from '../../../tests/support/unit/fieldbook';
import { buildRecordJson } from './build-json';
import { ExportPage } from './ExportPage';
import { buildJourneysCsv } from './journeys-export';
import { recordJourneys, type RecordInput } from './record-model';

/** A tracked child with a late initial conference (23 working days) placed out of the area. */
const seed = async () => {
  const fb = await makeFieldbook();
  const id = fb.inspection.id;
  const caseId = await fb.repo.create('childCase', id, { caseRef: '100234', selection: 'tracked' });
  for (const [stage, date, extra] of [
    ['strategy-discussion', '2026-10-01', {}],
    ['child-protection-conference', '2026-11-03', {}],
    ['placement', '2026-11-05', { outOfArea: true }],
  ] as const)
    await fb.repo.create('journeyEvent', id, { caseId, stage, date, ...extra });
  const input: RecordInput = {
    inspection: fb.inspection,
    evidence: [],
    cases: await listRows(fb.db, 'childCase', id),
    journeyEvents: await listRows(fb.db, 'journeyEvent', id),
    reviews: [],
    drafts: [],
    concerns: [],
    meetings: [],
    asOf: '2026-11-26',
  };
  return { fb, id, caseId, input };
};

const LATE =
  'Initial conference 23 working days after the strategy discussion; the guidance says 15';

describe('the journeys in the inspection record', () => {
  it('JSON carries each step, the late one and the out-of-area group beside the rows', async () => {
    const { input, caseId } = await seed();
    const record = JSON.parse(await buildRecordJson(input, '2026-11-26T18:00:00.000Z'));
    expect(record.journeys.asOf).toBe('2026-11-26');
    const step = record.journeys.steps.find(
      (s: { timescaleId: string }) => s.timescaleId === 'cp-initial-conference',
    );
    expect(step).toMatchObject({ children: 1, late: 1, median: 23 });
    expect(step.lateSteps[0]).toMatchObject({ caseId, caseRef: '100234', text: LATE });
    expect(record.journeys.outOfArea.cases).toEqual([{ caseId, caseRef: '100234' }]);
    expect(record.journeys.byChild[0]).toMatchObject({ caseRef: '100234', outOfArea: true });
  });

  it('CSV has one line per measured step per child, saying late in words', async () => {
    const { input } = await seed();
    const lines = buildJourneysCsv(recordJourneys(input))
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe(
      'case ref,selection,placed out of area,step,started,recorded,time taken,due by,status,in words',
    );
    expect(lines).toContain(
      `100234,Tracked,yes,Initial conference,2026-10-01,2026-11-03,23 working days,2026-10-22,late,${LATE}`,
    );
  });

  it('the printed record shows both flags', async () => {
    const { fb, id } = await seed();
    const routes: RouteObject[] = [{ path: '/i/:inspectionId/export', element: <ExportPage /> }];
    renderRoutes(fb, routes, `/i/${id}/export`);
    const part = await screen.findByTestId('record-journeys');
    expect(within(part).getByTestId('record-late-steps').textContent).toBe(`100234: ${LATE}`);
    expect(within(part).getByTestId('record-out-of-area').textContent).toBe(
      '1 of 1 tracked children were placed out of the area: 100234.',
    );
  });
});
