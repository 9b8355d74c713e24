import { useId, useState } from 'react';
import { EVALUATIONS, labelOf, type Framework, type ShadowingLine } from '../../domain';
import { Button, Checkboxes, Radios } from '../shared/govuk';

export type LineTagNames = {
  cases: ReadonlyMap<string, string>;
  judgements: ReadonlyMap<string, string>;
};
type TagPatch = Pick<ShadowingLine, 'judgementIds' | 'evaluation' | 'caseIds'>;

const NOT_SET = '';

/** A line's tags in words ("The quality of practice · Strength · NS-1"), or null when untagged. */
export const lineTagSummary = (line: ShadowingLine, names: LineTagNames): string | null => {
  const parts = [
    ...(line.judgementIds ?? []).map((id) => names.judgements.get(id) ?? id),
    ...(line.evaluation ? [labelOf(EVALUATIONS, line.evaluation)] : []),
    ...(line.caseIds ?? []).map((id) => names.cases.get(id) ?? id),
  ];
  return parts.length ? parts.join(' · ') : null;
};

/**
 * Tags one line of a shadowing observation (issue 9): the moment a child was seen alone can be
 * a strength for the quality of practice even when the visit as a whole was not. A disclosure
 * under the line, so the list stays one line per moment while walking; tags save as they change.
 */
export const LineTags = ({
  line,
  time,
  framework,
  names,
  onTag,
}: {
  line: ShadowingLine;
  time: string;
  framework: Framework;
  names: LineTagNames;
  onTag: (patch: TagPatch) => void;
}) => {
  const [open, setOpen] = useState(false);
  const panel = useId();
  const summary = lineTagSummary(line, names);
  const cases = [...names.cases.entries()].sort(([, a], [, b]) => a.localeCompare(b));
  return (
    <div className="fb-line__tags">
      {summary && (
        <p className="govuk-body-s govuk-!-margin-bottom-1" data-testid="line-tags">
          <span className="govuk-visually-hidden">Tagged: </span>
          {summary}
        </p>
      )}
      <Button
        variant="secondary"
        className="govuk-!-margin-bottom-0"
        aria-expanded={open}
        aria-controls={panel}
        onClick={() => setOpen((was) => !was)}
      >
        {open ? 'Close tags' : 'Tag'}
        <span className="govuk-visually-hidden"> line at {time}</span>
      </Button>
      <div id={panel} hidden={!open} className="fb-line__tag-panel">
        {open && (
          <>
            <Checkboxes
              legend={`Judgement areas for the line at ${time}`}
              small
              values={line.judgementIds ?? []}
              options={framework.judgements.map((j) => ({ value: j.id, label: j.title }))}
              onChange={(ids) => onTag({ judgementIds: ids.length ? ids : null })}
            />
            <Radios
              legend={`Evaluation of the line at ${time}`}
              small
              value={line.evaluation ?? NOT_SET}
              options={[
                ...EVALUATIONS.map((e) => ({ value: e.id, label: e.label })),
                { value: NOT_SET, label: 'Not evaluated' },
              ]}
              onChange={(v) =>
                onTag({ evaluation: v === NOT_SET ? null : (v as ShadowingLine['evaluation']) })
              }
            />
            {cases.length > 0 && (
              <Checkboxes
                legend={`Children the line at ${time} is about`}
                small
                values={line.caseIds ?? []}
                options={cases.map(([value, label]) => ({ value, label }))}
                onChange={(ids) => onTag({ caseIds: ids.length ? ids : null })}
              />
            )}
          </>
        )}
      </div>
    </div>
  );
};
