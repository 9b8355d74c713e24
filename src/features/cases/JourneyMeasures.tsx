import type { JourneyMeasure, StepMeasure } from '../../domain';
import { formatDate } from '../shared/format';
import { Tag } from '../shared/govuk';

const FLAG_TAGS = {
  late: { colour: 'red', label: 'Late' },
  overdue: { colour: 'orange', label: 'Overdue' },
  gap: { colour: 'yellow', label: 'Gap' },
} as const;

/**
 * What the timescales show for one child, in words: each step that missed its timescale, each
 * step due and not recorded as of the date measured to, gaps in the record, and what is coming.
 */
export const JourneyFlags = ({
  measure,
  placedOut,
  caseOutOfArea,
}: {
  measure: JourneyMeasure;
  /** Dates of placements recorded as out of the area. */
  placedOut: readonly string[];
  /** The case itself is marked out of area. */
  caseOutOfArea: boolean;
}) => {
  const coming = measure.steps.filter((s) => s.status === 'not-yet-due');
  // The seed asks for "particular attention" to children placed out of the area: say it first.
  const away =
    placedOut.length > 0
      ? placedOut.map((date) => `Placed out of the area on ${formatDate(date)}`)
      : caseOutOfArea
        ? ['The case is marked as placed out of the area']
        : [];
  return (
    <div className="govuk-!-margin-bottom-6" data-testid="journey-flags">
      <h3 className="govuk-heading-s govuk-!-margin-bottom-2">
        Against the timescales, as of {formatDate(measure.asOf)}
      </h3>
      {measure.flags.length === 0 && (
        <p className="govuk-body">No step has missed its timescale, and no gap shows.</p>
      )}
      {measure.flags.length + away.length > 0 && (
        <ul className="govuk-list govuk-list--spaced">
          {away.map((text) => (
            <li key={text} data-testid="journey-flag-out-of-area">
              <Tag colour="purple">Out of area</Tag> {text}
            </li>
          ))}
          {measure.flags.map((flag, i) => (
            <li key={i} data-testid={`journey-flag-${flag.kind}`}>
              <Tag colour={FLAG_TAGS[flag.kind].colour}>{FLAG_TAGS[flag.kind].label}</Tag>{' '}
              {flag.text}
            </li>
          ))}
        </ul>
      )}
      {coming.length > 0 && (
        <>
          <h4 className="govuk-heading-s govuk-!-margin-bottom-1">Coming up</h4>
          <ul className="govuk-list govuk-list--bullet">
            {coming.map((s, i) => (
              <li key={i}>{s.text}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
};

/** On a stage of the timeline: how long the step took, in its timescale's unit, and whether late. */
export const StepLines = ({ steps }: { steps: readonly StepMeasure[] }) =>
  steps.length === 0 ? null : (
    <ul className="govuk-list govuk-body-s govuk-!-margin-bottom-2" data-testid="journey-measure">
      {steps.map((s) => (
        <li key={`${s.timescaleId}-${s.fromId}`}>
          {s.status === 'late' && (
            <>
              <Tag colour="red">Late</Tag>{' '}
            </>
          )}
          {s.text}
          {s.calendarNote && <span className="govuk-!-display-block">{s.calendarNote}</span>}
        </li>
      ))}
    </ul>
  );
