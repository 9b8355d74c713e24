import { describe, expect, it } from 'vitest';
import { frameworkById } from '../frameworks';
import { median, summariseJourneys, type JourneyCase } from './summary';

const cp = frameworkById('cp-joint-2012')!;
const lac = frameworkById('lac-2012')!;

const child = (
  id: string,
  points: [string, string, { route?: string; outOfArea?: boolean }?][],
  extra: Partial<JourneyCase> = {},
): JourneyCase => ({
  id,
  caseRef: `REF-${id}`,
  selection: 'tracked',
  outOfArea: false,
  points: points.map(([stage, date, more], i) => ({ id: `${id}-${i}`, stage, date, ...more })),
  ...extra,
});

describe('all children at once', () => {
  it('counts children, the median time and the late ones for each step', () => {
    const summary = summariseJourneys({
      cases: [
        // 23 working days (late), 10 and 15 working days (on time): see measure.test.ts for counting
        child('a', [
          ['strategy-discussion', '2026-11-02'],
          ['child-protection-conference', '2026-12-03'],
        ]),
        child('b', [
          ['strategy-discussion', '2026-11-02'],
          ['child-protection-conference', '2026-11-16'],
        ]),
        child(
          'c',
          [
            ['strategy-discussion', '2026-11-02'],
            ['child-protection-conference', '2026-11-23'],
          ],
          { selection: 'sampled' },
        ),
        child('d', [['referral', '2026-11-02']]),
      ],
      timescales: cp.timescales ?? [],
      gaps: cp.journeyGaps ?? [],
      asOf: '2026-12-04',
    });
    const conf = summary.steps.find((s) => s.timescaleId === 'cp-initial-conference')!;
    expect(conf).toMatchObject({
      children: 3,
      recorded: 3,
      late: 1,
      overdue: 0,
      median: 15,
      medianText: '15 working days',
    });
    expect(conf.lateSteps).toEqual([
      {
        caseId: 'a',
        caseRef: 'REF-a',
        status: 'late',
        text: 'Initial conference 23 working days after the strategy discussion; the guidance says 15',
      },
    ]);
    expect(conf.figure).toEqual({
      key: 'step:cp-initial-conference',
      text: "1 of 3 children's initial conferences were late",
      count: 1,
      of: 3,
    });
    // child d: 2 Nov + 45 working days is 4 Jan 2027 (Christmas and the moved Boxing Day and New Year's Day left out): not yet due
    expect(summary.steps.find((s) => s.timescaleId === 'cp-assessment')).toMatchObject({
      children: 0,
      late: 0,
      median: null,
    });
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it('keeps out-of-area placements as their own group and permanence by route', () => {
    const summary = summariseJourneys({
      cases: [
        child('a', [
          ['entering-care', '2026-03-30'],
          ['placement', '2026-03-30', { outOfArea: true }],
          ['looked-after-review', '2026-04-30'],
        ]),
        child(
          'b',
          [
            ['entering-care', '2025-01-01'],
            ['permanence-achieved', '2025-12-01', { route: 'special-guardianship' }],
          ],
          { outOfArea: true },
        ),
        child('c', [
          ['entering-care', '2025-01-01'],
          ['permanence-achieved', '2025-06-01', { route: 'special-guardianship' }],
        ]),
        child('d', [
          ['entering-care', '2024-01-10'],
          ['permanence-achieved', '2025-11-20', { route: 'adoption' }],
        ]),
        child('e', [['permanence-achieved', '2025-11-20']]),
      ],
      timescales: lac.timescales ?? [],
      asOf: '2026-11-24',
    });
    expect(summary.outOfArea.cases.map((c) => c.caseId)).toEqual(['a', 'b']);
    expect(summary.outOfArea.figure.text).toBe(
      '2 of 5 tracked children were placed out of the area',
    );
    const away = summary.outOfArea.steps.find((s) => s.timescaleId === 'lac-first-review')!;
    // a: 21 working days; b: entered care in January 2025 and no review recorded at all
    expect(away).toMatchObject({ children: 2, late: 2, overdue: 1 });
    expect(away.figure.text).toBe(
      "2 of 2 out-of-area tracked children's first looked after reviews were late (1 not recorded when due)",
    );
    // 1 Jan → 1 Dec 2025 is 334 days, 1 Jan → 1 Jun 151: median 242.5; 10 Jan 2024 → 20 Nov 2025 is 680
    expect(summary.permanence.map((p) => [p.label, p.children, p.medianDays])).toEqual([
      ['Adoption', 1, 680],
      ['Special guardianship', 2, 242.5],
      ['Route not recorded', 1, null],
    ]);
    expect(summary.permanence[1]!.figure.text).toBe(
      '2 of 4 children who reached permanence did so by special guardianship, a median of 242.5 days (8 months) after entering care',
    );
  });
});
