import { formatDateTime } from '../shared/format';
import { SortableTable, type Column } from '../shared/sortable-table';
import { AdminScreen, LoadFailure } from './AdminScreen';
import { useAuditLog, type Admin } from './queries';

type Entry = Awaited<ReturnType<Admin['api']['audit']>>[number];

const DETAIL_MAX_CHARS = 160; // one or two lines on a portrait tablet

/** The entry's detail in one line: `key: value` pairs, long values shortened. */
export const detailSummary = (detail: Entry['detail']): string => {
  if (!detail) return '';
  const text = Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
  return text.length > DETAIL_MAX_CHARS ? `${text.slice(0, DETAIL_MAX_CHARS - 1)}…` : text;
};

/** `sign-in-failed` → "Sign in failed": the server's kind, readable. */
export const kindLabel = (kind: string) => {
  const words = kind.replaceAll(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const COLUMNS: Column<Entry & { n: number }>[] = [
  { key: 'at', header: 'Time', sortValue: (e) => e.at, cell: (e) => formatDateTime(e.at) },
  { key: 'kind', header: 'What', sortValue: (e) => e.kind, cell: (e) => kindLabel(e.kind) },
  {
    key: 'who',
    header: 'Who',
    sortValue: (e) => e.username ?? '',
    cell: (e) => e.username ?? (e.userId ? e.userId.slice(0, 8) : 'Nobody signed in'),
  },
  {
    key: 'address',
    header: 'Address',
    sortValue: (e) => e.address ?? '',
    cell: (e) => e.address ?? '',
  },
  { key: 'detail', header: 'Detail', cell: (e) => detailSummary(e.detail) },
];

const Audit = ({ admin }: { admin: Admin }) => {
  const audit = useAuditLog(admin);
  if (audit.error) return <LoadFailure error={audit.error} retry={() => void audit.refetch()} />;
  if (!audit.data) return <p className="govuk-body">Loading…</p>;
  if (audit.data.length === 0) return <p className="govuk-body">Nothing has been recorded yet.</p>;
  return (
    <SortableTable
      caption={`The ${audit.data.length} most recent entries`}
      columns={COLUMNS}
      rows={audit.data.map((e, n) => ({ ...e, n }))}
      rowKey={(e) => `${e.n}`}
      initialSort={{ key: 'at', direction: 'descending' }}
      compact
    />
  );
};

/** Sign-ins, sign-outs, resets, revocations and rejected changes, newest first. */
export const AuditPage = () => (
  <AdminScreen title="Audit log">
    {(admin) => (
      <>
        <p className="govuk-body">
          What the server recorded: who did it, from which network address, and when.
        </p>
        <Audit admin={admin} />
      </>
    )}
  </AdminScreen>
);
