import { useMemo } from 'react';
import { formatDateTime } from '../shared/format';
import { SortableTable, type Column } from '../shared/sortable-table';
import { AdminScreen, LoadFailure } from './AdminScreen';
import { describeAudit, type AuditLine, type AuditNames } from './audit-words';
import { useAdminInspectionsAndUsers, useAuditLog, type Admin } from './queries';

type Entry = Awaited<ReturnType<Admin['api']['audit']>>[number];

type Line = Entry & AuditLine & { n: number };

const COLUMNS: Column<Line>[] = [
  { key: 'at', header: 'When', sortValue: (e) => e.at, cell: (e) => formatDateTime(e.at) },
  { key: 'who', header: 'Who', sortValue: (e) => e.who, cell: (e) => e.who },
  { key: 'what', header: 'What', sortValue: (e) => e.what, cell: (e) => e.what },
  {
    key: 'address',
    header: 'From',
    sortValue: (e) => e.address ?? '',
    cell: (e) => e.address ?? '',
  },
];

const Audit = ({ admin }: { admin: Admin }) => {
  const audit = useAuditLog(admin);
  // The log names people and inspections from these lists: a failure of either is said, with one
  // Try again for all three (it used to say "Loading…" for good when only a list failed).
  const { users, inspections, error, retry } = useAdminInspectionsAndUsers(admin);
  const names = useMemo<AuditNames>(
    () => ({
      users: new Map((users ?? []).map((u) => [u.id, u.name])),
      inspections: new Map((inspections ?? []).map((i) => [i.id, i.area])),
    }),
    [users, inspections],
  );
  const failed = audit.error ?? error;
  if (failed)
    return (
      <LoadFailure
        error={failed}
        retry={() => {
          void audit.refetch();
          retry();
        }}
      />
    );
  if (!audit.data || !users || !inspections) return <p className="govuk-body">Loading…</p>;
  if (audit.data.length === 0) return <p className="govuk-body">Nothing has been recorded yet.</p>;
  return (
    <SortableTable
      caption={`The ${audit.data.length} most recent entries`}
      columns={COLUMNS}
      rows={audit.data.map((e, n) => ({ ...e, ...describeAudit(e, names), n }))}
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
          What the server recorded: who did what, to whom, when and from which network address.
          “Command line” is the coordinator’s command-line tool on the server.
        </p>
        <Audit admin={admin} />
      </>
    )}
  </AdminScreen>
);
