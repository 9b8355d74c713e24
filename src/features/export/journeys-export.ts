import { labelOf, CASE_SELECTIONS, type JourneysSummary } from '../../domain';
import { csvLine, UTF8_BOM } from './csv';

/** The journeys as plain JSON: figures per step and per child, without the device's row objects. */
export const journeysJson = (summary: JourneysSummary) => ({
  asOf: summary.asOf,
  children: summary.children,
  steps: summary.steps,
  outOfArea: summary.outOfArea,
  permanence: summary.permanence,
  gaps: summary.gaps,
  byChild: summary.measures.map(({ case: c, measure }) => ({
    caseId: c.id,
    caseRef: c.caseRef,
    selection: c.selection,
    outOfArea: c.outOfArea || c.points.some((p) => p.stage === 'placement' && p.outOfArea),
    steps: measure.steps,
    flags: measure.flags,
  })),
});

export const JOURNEYS_CSV_HEADER = [
  'case ref',
  'selection',
  'placed out of area',
  'step',
  'started',
  'recorded',
  'time taken',
  'due by',
  'status',
  'in words',
] as const;

const STATUS_WORDS = {
  'on-time': 'on time',
  late: 'late',
  overdue: 'overdue (not recorded)',
  'not-yet-due': 'not yet due',
  'no-deadline': 'no deadline yet',
} as const;

/** One line per measured step per child, then one per gap: what a spreadsheet needs to re-count. */
export const buildJourneysCsv = (summary: JourneysSummary): string => {
  const lines = summary.measures.flatMap(({ case: c, measure }) => {
    const away = c.outOfArea || c.points.some((p) => p.stage === 'placement' && p.outOfArea);
    const who = [c.caseRef, labelOf(CASE_SELECTIONS, c.selection), away ? 'yes' : 'no'];
    return [
      ...measure.steps.map((s) =>
        csvLine([
          ...who,
          s.step,
          s.fromDate,
          s.toDate ?? '',
          s.elapsedText ?? '',
          s.dueBy ?? '',
          STATUS_WORDS[s.status],
          s.text,
        ]),
      ),
      ...measure.flags
        .filter((f) => f.kind === 'gap')
        .map((f) => csvLine([...who, 'Gap in the record', '', '', '', '', 'gap', f.text])),
    ];
  });
  return `${UTF8_BOM}${[csvLine(JOURNEYS_CSV_HEADER), ...lines].map((l) => `${l}\r\n`).join('')}`;
};
