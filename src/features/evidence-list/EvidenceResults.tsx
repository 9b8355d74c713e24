import { Link } from 'react-router';
import { AGENCIES, EVALUATIONS, EVIDENCE_KINDS, labelOf } from '../../domain';
import type { LocalRow } from '../../db';
import { Tag } from '../shared/govuk';
import { snippetOf } from './snippet';
import { weekdayDateTime } from '../shared/format';

type Colour = Parameters<typeof Tag>[0]['colour'];
const EVALUATION_COLOURS: Record<string, Colour> = {
  strength: 'green',
  'area-for-improvement': 'yellow',
  'priority-action': 'red',
  neutral: 'grey',
};

/** One result: enough to recognise the evidence and judge whether to open it. */
export const EvidenceResult = ({
  row,
  inspectionId,
  query,
  caseRefs,
}: {
  row: LocalRow<'evidence'>;
  inspectionId: string;
  query: string;
  caseRefs: ReadonlyMap<string, string>;
}) => {
  const f = row.fields;
  const source = [f.role, f.agency ? labelOf(AGENCIES, f.agency) : null].filter(Boolean).join(', ');
  const refs = (f.caseIds ?? []).map((id) => caseRefs.get(id)).filter(Boolean);
  const parts = snippetOf(row, query);
  return (
    <li className="fb-result">
      <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
        <Link className="govuk-link fb-result__link" to={`/i/${inspectionId}/evidence/${row.id}`}>
          {labelOf(EVIDENCE_KINDS, f.kind)}
          <span className="govuk-visually-hidden">, </span>
          <span className="fb-result__when"> {weekdayDateTime(f.occurredAt)}</span>
        </Link>
      </h3>
      <p className="govuk-body-s govuk-!-margin-bottom-1">
        {source || 'Source not recorded'}
        {refs.length > 0 && <> · Child {refs.join(', ')}</>}
      </p>
      <p className="govuk-!-margin-bottom-1 fb-result__tags">
        <Tag colour={f.status === 'final' ? 'green' : 'grey'}>
          {f.status === 'final' ? 'Final' : 'Draft'}
        </Tag>{' '}
        {f.evaluation && (
          <Tag colour={EVALUATION_COLOURS[f.evaluation]}>{labelOf(EVALUATIONS, f.evaluation)}</Tag>
        )}
      </p>
      {parts.length > 0 && (
        <p className="govuk-body-s fb-result__snippet">
          {parts.map((p, i) =>
            p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
          )}
        </p>
      )}
    </li>
  );
};
