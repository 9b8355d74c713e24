import { Link, useParams } from 'react-router';
import type { LocalRow } from '../../db';
import { AGE_BANDS, CASE_SELECTIONS, CASE_STATUSES, labelOf } from '../../domain';
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

/** Every tracked and sampled child, with how much evidence there is about each: where the gaps are. */
export const CaseListPage = () => {
  const { inspectionId = '' } = useParams();
  const cases = useRows('childCase', inspectionId);
  const evidence = useRows('evidence', inspectionId);
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
        <SortableTable
          caption={`${cases.length} ${cases.length === 1 ? 'case' : 'cases'}`}
          columns={columns}
          rows={lines}
          rowKey={(l) => l.row.id}
          initialSort={{ key: 'caseRef', direction: 'ascending' }}
          compact
        />
      )}
    </>
  );
};
