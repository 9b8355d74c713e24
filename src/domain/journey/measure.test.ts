import { describe, expect, it } from 'vitest';
import { frameworkById } from '../frameworks';
import { journeyAsOf, measureJourney, type JourneyPoint } from './measure';

const cp = frameworkById('cp-joint-2012')!;
const lac = frameworkById('lac-2012')!;

let n = 0;
const at = (stage: string, date: string): JourneyPoint => ({ id: `e${++n}`, stage, date });

const measure = (framework: typeof cp, points: JourneyPoint[], asOf: string, only?: string) => {
  const m = measureJourney({
    points,
    timescales: framework.timescales ?? [],
    gaps: framework.journeyGaps ?? [],
    asOf,
  });
  return { ...m, steps: only ? m.steps.filter((s) => s.timescaleId === only) : m.steps };
};

// Dates below were worked out by hand; each comment shows the count.
describe('Working Together timescales', () => {
  it('assessment within 45 working days of the referral', () => {
    // Mon 5 Jan 2026 + 45 working days (no bank holiday until Easter): Mon 9 Mar 2026
    const onTime = measure(
      cp,
      [at('referral', '2026-01-05'), at('assessment', '2026-03-09')],
      '2026-11-24',
      'cp-assessment',
    );
    expect(onTime.steps[0]).toMatchObject({
      status: 'on-time',
      elapsed: 45,
      dueBy: '2026-03-09',
      text: 'Assessment 45 working days after the referral',
    });
    const late = measure(
      cp,
      [at('referral', '2026-01-05'), at('assessment', '2026-03-10')],
      '2026-11-24',
      'cp-assessment',
    );
    expect(late.steps[0]).toMatchObject({
      status: 'late',
      text: 'Assessment 46 working days after the referral; the guidance says 45',
    });
    expect(late.flags).toEqual([
      expect.objectContaining({ kind: 'late', timescaleId: 'cp-assessment' }),
    ]);
  });

  it('an assessment not recorded is due, then overdue, as of the date given', () => {
    const points = [at('referral', '2026-01-05')];
    expect(measure(cp, points, '2026-03-09', 'cp-assessment').steps[0]).toMatchObject({
      status: 'not-yet-due',
      text: 'Assessment due by 9 March 2026 (45 working days after the referral on 5 January 2026)',
    });
    const overdue = measure(cp, points, '2026-03-10');
    expect(overdue.flags.map((f) => f.text)).toEqual([
      'Assessment due by 9 March 2026 (45 working days after the referral on 5 January 2026) and not recorded as of 10 March 2026',
    ]);
  });

  it('initial conference within 15 working days of the strategy discussion', () => {
    // Mon 2 Nov 2026 → Thu 3 Dec: 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), 30 Nov–3 Dec (23)
    const m = measure(
      cp,
      [
        at('strategy-discussion', '2026-11-02'),
        at('child-protection-conference', '2026-12-03'),
        at('child-protection-plan', '2026-12-03'),
      ],
      '2026-12-04',
      'cp-initial-conference',
    );
    expect(m.steps[0]).toMatchObject({ status: 'late', elapsed: 23, dueBy: '2026-11-23' });
    expect(m.steps[0]!.text).toBe(
      'Initial conference 23 working days after the strategy discussion; the guidance says 15',
    );
    // over Christmas: Mon 14 Dec 2026 + 15 working days is Thu 7 Jan 2027
    const christmas = measure(
      cp,
      [at('strategy-discussion', '2026-12-14'), at('child-protection-conference', '2027-01-07')],
      '2027-02-01',
      'cp-initial-conference',
    );
    expect(christmas.steps[0]).toMatchObject({ status: 'on-time', elapsed: 15 });
  });

  it('counts from the last strategy discussion, and expects a conference only where one followed', () => {
    // Mon 16 Nov → Thu 3 Dec: 17–20 (4), 23–27 (9), 30 Nov–3 Dec (13)
    const m = measure(
      cp,
      [
        at('strategy-discussion', '2026-11-02'),
        at('strategy-discussion', '2026-11-16'),
        at('child-protection-conference', '2026-12-03'),
      ],
      '2026-12-04',
      'cp-initial-conference',
    );
    expect(m.steps).toHaveLength(1);
    expect(m.steps[0]).toMatchObject({ status: 'on-time', elapsed: 13 });
    expect(
      measure(cp, [at('strategy-discussion', '2026-01-05')], '2026-11-24', 'cp-initial-conference')
        .steps,
    ).toEqual([]);
  });

  it('first review conference within 3 months of the initial conference, later ones within 6 months', () => {
    const start = [
      at('child-protection-conference', '2026-01-15'),
      at('child-protection-plan', '2026-01-15'),
    ];
    expect(
      measure(
        cp,
        [...start, at('cp-review-conference', '2026-04-15')],
        '2026-11-24',
        'cp-first-review',
      ).steps[0],
    ).toMatchObject({ status: 'on-time', elapsedText: '3 months' });
    expect(
      measure(
        cp,
        [...start, at('cp-review-conference', '2026-05-17')],
        '2026-11-24',
        'cp-first-review',
      ).steps[0]!.text,
    ).toBe(
      'First review conference 4 months and 2 days after the initial conference; the guidance says 3 months',
    );
    const later = measure(
      cp,
      [
        ...start,
        at('cp-review-conference', '2026-04-15'),
        at('cp-review-conference', '2026-10-16'),
      ],
      '2026-11-24',
      'cp-later-review',
    );
    expect(later.steps.map((s) => [s.status, s.elapsedText])).toEqual([
      ['late', '6 months and 1 day'],
      ['not-yet-due', null], // the next is due by 16 April 2027
    ]);
    expect(later.steps[1]!.dueBy).toBe('2027-04-16');
    // a plan that ended is reviewed no more
    const ended = measure(
      cp,
      [...start, at('cp-review-conference', '2026-04-15'), at('closure', '2026-09-01')],
      '2026-11-24',
      'cp-later-review',
    );
    expect(ended.steps).toEqual([]);
  });

  it('flags a plan with no review recorded, once, as a gap or as an overdue review', () => {
    const plan = [
      at('child-protection-conference', '2026-10-01'),
      at('child-protection-plan', '2026-10-01'),
    ];
    expect(measure(cp, plan, '2026-11-24').flags.map((f) => [f.kind, f.text])).toEqual([
      ['gap', 'Child protection plan of 1 October 2026 has no review conference recorded'],
    ]);
    // 1 Oct 2026 + 3 months = 1 Jan 2027: by February the review is overdue, said once
    expect(measure(cp, plan, '2027-02-01').flags.map((f) => f.kind)).toEqual(['overdue']);
  });
});

describe('looked after children: Care Planning, Placement and Case Review (England) Regulations 2010', () => {
  // Mon 30 Mar 2026 + 20 working days over Easter (3 and 6 April) is Wed 29 Apr
  const entered = at('entering-care', '2026-03-30');

  it('first review within 20 working days of entering care', () => {
    expect(
      measure(
        lac,
        [entered, at('looked-after-review', '2026-04-29')],
        '2026-11-24',
        'lac-first-review',
      ).steps[0],
    ).toMatchObject({ status: 'on-time', elapsed: 20 });
    expect(
      measure(
        lac,
        [entered, at('looked-after-review', '2026-04-30')],
        '2026-11-24',
        'lac-first-review',
      ).steps[0]!.text,
    ).toBe('First looked after review 21 working days after entering care; the regulations say 20');
  });

  it('second review within 3 months of the first, later ones within 6 months of the last', () => {
    const reviews = [
      entered,
      at('looked-after-review', '2026-04-29'),
      at('looked-after-review', '2026-07-30'),
      at('looked-after-review', '2027-01-29'),
    ];
    expect(measure(lac, reviews, '2027-08-01', 'lac-second-review').steps[0]).toMatchObject({
      status: 'late',
      elapsedText: '3 months and 1 day',
      dueBy: '2026-07-29',
    });
    // 30 Jul 2026 → 29 Jan 2027 is 5 months and 30 days; the fourth was due by 29 Jul 2027
    expect(
      measure(lac, reviews, '2027-08-01', 'lac-later-review').steps.map((s) => [s.status, s.dueBy]),
    ).toEqual([
      ['on-time', '2027-01-30'],
      ['overdue', '2027-07-29'],
    ]);
  });

  it('a permanence plan by the second review', () => {
    const reviews = [
      entered,
      at('looked-after-review', '2026-04-29'),
      at('looked-after-review', '2026-07-29'),
    ];
    // 30 Mar → 10 Aug 2026: 31 + 30 + 31 + 30 + 11 = 133 days
    const late = measure(
      lac,
      [...reviews, at('permanence-plan', '2026-08-10')],
      '2026-11-24',
      'lac-permanence-plan',
    );
    expect(late.steps[0]!.text).toBe(
      'Permanence plan 133 days after entering care, after the second review on 29 July 2026; the regulations say by the second review',
    );
    expect(
      measure(
        lac,
        [...reviews, at('permanence-plan', '2026-07-29')],
        '2026-11-24',
        'lac-permanence-plan',
      ).steps[0]!.status,
    ).toBe('on-time');
    expect(measure(lac, reviews, '2026-11-24', 'lac-permanence-plan').steps[0]).toMatchObject({
      status: 'overdue',
      text: 'Permanence plan due by the second review on 29 July 2026 and not recorded as of 24 November 2026',
    });
    // no second review yet: the plan's deadline is not known, and nothing is flagged for it
    expect(measure(lac, [entered], '2026-04-01', 'lac-permanence-plan').steps[0]!.status).toBe(
      'no-deadline',
    );
  });
});

describe('adoption: the Department for Education 2012 scorecards', () => {
  it('entering care to moving in with the adoptive family within 21 months, for children on the adoption route', () => {
    const points = [
      at('entering-care', '2024-01-10'),
      at('placement-order', '2025-03-01'),
      at('placed-for-adoption', '2025-11-20'),
    ];
    // 10 Jan 2024 + 21 months = 10 Oct 2025; to 20 Nov 2025 is 22 months and 10 days
    expect(measure(lac, points, '2026-11-24', 'adoption-a1').steps[0]).toMatchObject({
      status: 'late',
      dueBy: '2025-10-10',
    });
    expect(measure(lac, points, '2026-11-24', 'adoption-a1').steps[0]!.text).toBe(
      'Moving in with the adoptive family 22 months and 10 days after entering care; the scorecard says 21 months',
    );
    expect(
      measure(lac, [at('entering-care', '2024-01-10')], '2026-11-24', 'adoption-a1').steps,
    ).toEqual([]);
  });

  it("the court's placement order to a match within 7 months", () => {
    // 1 Mar 2025 + 7 months = 1 Oct 2025
    const order = at('placement-order', '2025-03-01');
    expect(
      measure(lac, [order, at('matched-with-adopters', '2025-09-30')], '2026-11-24', 'adoption-a2')
        .steps[0],
    ).toMatchObject({ status: 'on-time', elapsedText: '6 months and 29 days' });
    expect(
      measure(lac, [order, at('matched-with-adopters', '2025-10-02')], '2026-11-24', 'adoption-a2')
        .steps[0]!.text,
    ).toBe(
      'Match with adopters 7 months and 1 day after the placement order; the scorecard says 7 months',
    );
    expect(measure(lac, [order], '2025-10-02', 'adoption-a2').steps[0]!.status).toBe('overdue');
  });
});

describe('as of the inspection', () => {
  it('measures to today during fieldwork, to the last day after it, to the first day before it', () => {
    const inspection = { startsOn: '2026-11-23', endsOn: '2026-12-04' };
    expect(journeyAsOf(inspection, '2026-11-25')).toBe('2026-11-25');
    expect(journeyAsOf(inspection, '2027-01-10')).toBe('2026-12-04');
    expect(journeyAsOf(inspection, '2026-11-01')).toBe('2026-11-23');
  });
});
