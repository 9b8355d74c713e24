import { Link, useParams } from 'react-router';
import type { LocalRow } from '../../db';
import { AGE_BANDS, CASE_SELECTIONS, CASE_STATUSES, labelOf } from '../../domain';
import { differingConflicts } from '../shared/conflicts';
import { Tag } from '../shared/govuk';
import { useRows } from '../shared/hooks';
import { SortableTable, type Column } from '../shared/sortable-table';
import { TAP_LINK } from '../shared/touch';

type CaseLine = {
  row: LocalRow<'childCase'>;
  evidenceCount: number;
  hasTrackingNote: boolean;
};

const ageOrder = (id: string | null | undefined) => AGE_BANDS.findIndex((b) => b.id === id);

/**
 * Cases two people changed at once (the case or a stage of its journey, S5), each a link to it:
 * the choice is made on the case's page, and without this the lead would have to open every case
 * to find it.
 */
const ContestedCases = ({
  base,
  cases,
  events,
}: {
  base: string;
  cases: readonly LocalRow<'childCase'>[];
  events: readonly LocalRow<'journeyEvent'>[];
}) => {
  const stages = new Set(
    events.filter((e) => differingConflicts(e).length > 0).map((e) => e.fields.caseId),
  );
  const contested = cases
    .filter((c) => stages.has(c.id) || differingConflicts(c).length > 0)
    .sort((a, b) => a.fields.caseRef.localeCompare(b.fields.caseRef));
  if (contested.length === 0) return null;
  return (
    <div className="govuk-inset-text" data-testid="contested-cases">
      <p className="govuk-body">
        Two people changed {contested.length === 1 ? 'this case' : 'these cases'} at the same time.
        Open {contested.length === 1 ? 'it' : 'each'} to choose which values to keep.
      </p>
      <ul className="govuk-list">
        {contested.map((c) => (
          <li key={c.id}>
            <Link className={TAP_LINK} to={`${base}/cases/${c.id}`}>
              {c.fields.caseRef}
              {c.fields.initials ? ` (${c.fields.initials})` : ''}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
};

/** Every tracked and sampled child, with how much evidence there is about each: where the gaps are. */
export const CaseListPage = () => {
  const { inspectionId = '' } = useParams();
  const cases = useRows('childCase', inspectionId);
  const evidence = useRows('evidence', inspectionId);
  const events = useRows('journeyEvent', inspectionId);
  const base = `/i/${inspectionId}`;

  const lines: CaseLine[] = (cases ?? []).map((row) => {
    const about = (evidence ?? []).filter((e) => e.fields.caseIds?.includes(row.id));
    return {
      row,
      evidenceCount: about.length,
      hasTrackingNote: about.some((e) => e.fields.kind === 'case-tracking-note'),
    };
  });

  const columns: Column<CaseLine>[] = [
    {
      key: 'caseRef',
      header: 'Case reference',
      sortValue: (l) => l.row.fields.caseRef,
      cell: (l) => (
        <Link className={TAP_LINK} to={`${base}/cases/${l.row.id}`}>
          {l.row.fields.caseRef}
          {l.row.fields.initials ? ` (${l.row.fields.initials})` : ''}
        </Link>
      ),
    },
    {
      key: 'selection',
      header: 'Selection',
      sortValue: (l) => l.row.fields.selection,
      cell: (l) => labelOf(CASE_SELECTIONS, l.row.fields.selection),
    },
    {
      key: 'status',
      header: 'Status',
      sortValue: (l) => labelOf(CASE_STATUSES, l.row.fields.status),
      cell: (l) => labelOf(CASE_STATUSES, l.row.fields.status) || 'Not set',
    },
    {
      key: 'ageBand',
      header: 'Age band',
      sortValue: (l) => ageOrder(l.row.fields.ageBand),
      cell: (l) => labelOf(AGE_BANDS, l.row.fields.ageBand) || 'Not set',
    },
    {
      key: 'outOfArea',
      header: 'Out of area',
      sortValue: (l) => (l.row.fields.outOfArea ? 1 : 0),
      cell: (l) =>
        l.row.fields.outOfArea ? (
          <Tag colour="purple">Out of area</Tag>
        ) : l.row.fields.outOfArea === false ? (
          'No'
        ) : (
          'Not known'
        ),
    },
    {
      key: 'agencies',
      header: 'Agencies',
      numeric: true,
      sortValue: (l) => l.row.fields.agencies?.length ?? 0,
      cell: (l) => l.row.fields.agencies?.length ?? 0,
    },
    {
      key: 'evidence',
      header: 'Evidence',
      numeric: true,
      sortValue: (l) => l.evidenceCount,
      cell: (l) => l.evidenceCount,
    },
    {
      key: 'trackingNote',
      header: 'Case-tracking note',
      sortValue: (l) => (l.hasTrackingNote ? 1 : 0),
      cell: (l) =>
        l.hasTrackingNote ? <Tag colour="green">Recorded</Tag> : <Tag colour="yellow">Not yet</Tag>,
    },
  ];

  return (
    <>
      <h1 className="govuk-heading-l">Child cases</h1>
      <p className="govuk-body">
        Children are recorded by the authority's case reference only, never by name.
      </p>
      <Link className="govuk-button" to={`${base}/cases/new`}>
        Add a child case
      </Link>
      {cases === undefined ? (
        <p className="govuk-body">Loading cases…</p>
      ) : cases.length === 0 ? (
        <p className="govuk-body">No child cases yet.</p>
      ) : (
        <>
          <ContestedCases base={base} cases={cases} events={events ?? []} />
          <SortableTable
            caption={`${cases.length} ${cases.length === 1 ? 'case' : 'cases'}`}
            columns={columns}
            rows={lines}
            rowKey={(l) => l.row.id}
            initialSort={{ key: 'caseRef', direction: 'ascending' }}
            compact
          />
        </>
      )}
    </>
  );
};
