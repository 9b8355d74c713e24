import { useMemo } from 'react';
import { EVIDENCE_KINDS, labelOf, type EvidenceKind } from '../../domain';
import type { LocalInspection, LocalRow } from '../../db';
import { SummaryList, Tag } from '../shared/govuk';
import { useCaseRefs } from '../shared/hooks';
import { memberName } from '../shared/members';
import { describeValue } from './describe-value';
import { clockTime } from '../shared/format';
import { kindForm } from './kind-forms';
import { lineTagSummary } from './LineTags';
import { RefusedNotice } from '../refused/RefusedNotice';

/** The summary rows for a kind, labelled as its own form labels them (kind-forms.ts). */
const rowsFor = (kind: EvidenceKind): [field: string, label: string][] => {
  const form = kindForm(kind);
  return [
    ['occurredAt', 'When it happened'],
    ...(form.documentType ? [['documentType', 'Kind of document'] as [string, string]] : []),
    ...(form.agency ? [['agency', form.agency.label] as [string, string]] : []),
    ...(form.role ? [['role', form.role.label] as [string, string]] : []),
    ...(form.cases ? [['caseIds', 'Linked child cases'] as [string, string]] : []),
    ['judgementIds', 'Judgement areas'],
    ['evaluation', 'Evaluation'],
    ['sensitivity', 'Sensitivity'],
  ];
};

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
  const { caseRefs } = useCaseRefs(inspection.id);
  const names = useMemo(
    () => ({
      cases: caseRefs,
      judgements: new Map(inspection.framework.judgements.map((j) => [j.id, j.title])),
    }),
    [caseRefs, inspection],
  );
  const f = row.fields as Record<string, unknown>;
  const author = memberName(inspection.team, row.author);
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
                {lineTagSummary(line, names) && (
                  <span className="govuk-body-s fb-line__tags">
                    <span className="govuk-visually-hidden">Tagged: </span>
                    {lineTagSummary(line, names)}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      {row.fields.text && (
        <>
          <h2 className="govuk-heading-m">{kindForm(row.fields.kind).notes.label}</h2>
          <p className="govuk-body fb-preserve">{row.fields.text}</p>
        </>
      )}
      <SummaryList
        rows={rowsFor(row.fields.kind).map(([field, label]) => ({
          key: label,
          value: describeValue(field, f[field], names),
        }))}
      />
    </>
  );
};
