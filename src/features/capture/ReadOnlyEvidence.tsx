import { useMemo } from 'react';
import { EVIDENCE_KINDS, labelOf } from '../../domain';
import type { LocalInspection, LocalRow } from '../../db';
import { SummaryList, Tag } from '../shared/govuk';
import { useRows } from '../shared/hooks';
import { describeValue } from './describe-value';
import { clockTime } from './datetime';
import { RefusedNotice } from '../refused/RefusedNotice';

const ROWS: [field: string, label: string][] = [
  ['occurredAt', 'When it happened'],
  ['agency', 'Source agency'],
  ['role', 'Practitioner role'],
  ['caseIds', 'Linked child cases'],
  ['judgementIds', 'Judgement areas'],
  ['evaluation', 'Evaluation'],
  ['sensitivity', 'Sensitivity'],
];

/**
 * Someone else's evidence (S8: only its author may change it), for the lead and the team to read
 * after sync. Shown plainly rather than as a form that would only be refused by the server.
 */
export const ReadOnlyEvidence = ({
  row,
  inspection,
  openInAnotherTab = false,
}: {
  row: LocalRow<'evidence'>;
  inspection: LocalInspection;
  /** The user's own note, being edited in another tab: no "only its author" notice then. */
  openInAnotherTab?: boolean;
}) => {
  const cases = useRows('childCase', inspection.id);
  const names = useMemo(
    () => ({
      cases: new Map((cases ?? []).map((c) => [c.id, c.fields.caseRef])),
      judgements: new Map(inspection.framework.judgements.map((j) => [j.id, j.title])),
    }),
    [cases, inspection],
  );
  const f = row.fields as Record<string, unknown>;
  const author = inspection.team.find((m) => m.userId === row.author)?.name ?? 'Another inspector';
  return (
    <>
      <span className="govuk-caption-l">{inspection.area}</span>
      <h1 className="govuk-heading-l govuk-!-margin-bottom-2">
        {labelOf(EVIDENCE_KINDS, row.fields.kind)}
      </h1>
      <div className="fb-editor-status">
        <Tag colour={row.fields.status === 'final' ? 'green' : 'grey'}>
          {row.fields.status === 'final' ? 'Final' : 'Draft'}
        </Tag>
        {!openInAnotherTab && <p className="govuk-body-s govuk-!-margin-0">Recorded by {author}</p>}
      </div>
      {!openInAnotherTab && (
        <div className="govuk-inset-text">
          Only the inspector who recorded this evidence can change it.
        </div>
      )}
      <RefusedNotice entity="evidence" id={row.id} inspectionId={inspection.id} />
      {row.fields.lines && row.fields.lines.length > 0 && (
        <>
          <h2 className="govuk-heading-m">Observation</h2>
          <ol className="fb-lines">
            {row.fields.lines.map((line, i) => (
              <li className="govuk-body fb-line" key={`${line.at}-${i}`}>
                <time className="fb-line__time" dateTime={line.at}>
                  {clockTime(line.at)}
                </time>
                <span className="fb-line__text">{line.text}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {row.fields.text && (
        <>
          <h2 className="govuk-heading-m">Notes</h2>
          <p className="govuk-body fb-preserve">{row.fields.text}</p>
        </>
      )}
      <SummaryList
        rows={ROWS.map(([field, label]) => ({
          key: label,
          value: describeValue(field, f[field], names),
        }))}
      />
    </>
  );
};
