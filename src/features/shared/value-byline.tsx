import { useQuery } from '@tanstack/react-query';
import type { LocalRow } from '../../db';
import type { EntityName, TeamMember } from '../../domain';
import { writtenWhen } from './written-when';
import { memberName } from './members';
import { useSession, useTransport } from './sync-context';

/** TanStack Query keys for server-only data, from one factory (STYLE.md 6). */
export const queryKeys = {
  history: (entity: string, id: string, seq: number) => ['history', entity, id, seq] as const,
};

/** The record's server history, fetched once per row version when online. */
const useRowHistory = (entity: EntityName, row: LocalRow, enabled: boolean) => {
  const session = useSession();
  const transport = useTransport();
  return useQuery({
    queryKey: queryKeys.history(entity, row.id, row.seq),
    queryFn: () => transport.history(session!.token, entity, row.id),
    enabled: Boolean(session) && enabled,
    staleTime: Infinity,
    retry: false,
  });
};

/**
 * Who set the current value of a contested field, and when. The synced row carries only the
 * field's version (S6), so the author comes from the record's server history, fetched when
 * online; an edit made on this device and not yet synced is the user's own.
 */
export const useValueByline = (
  entity: EntityName,
  row: LocalRow,
  field: string,
  team: readonly TeamMember[],
): string => {
  const session = useSession();
  const version = row.versions[field] ?? 0;
  const query = useRowHistory(entity, row, version > 0);
  const setter = query.data?.history.find((op) => op.seq === version && field in op.fields);
  const same =
    JSON.stringify((row.fields as Record<string, unknown>)[field]) ===
    JSON.stringify(setter?.fields[field]);
  if (setter && same) {
    const name = memberName(team, setter.author);
    return `${name}, ${writtenWhen(setter.opId, setter.at)}`;
  }
  if (setter || version === 0) return 'Your change, not yet synced';
  if (query.isError || !session) return 'who set it is shown when online';
  return 'looking up who set it…';
};

/** The byline of a contested field's current value: a component, so lists of fields can use it. */
export const CurrentValueByline = (props: {
  entity: EntityName;
  row: LocalRow;
  field: string;
  team: readonly TeamMember[];
}) => (
  <span className="govuk-body-s">
    {' '}
    – {useValueByline(props.entity, props.row, props.field, props.team)}
  </span>
);

/**
 * Who made the changes a delete raced (S5 `_deleted`): the latest edit in the record's server
 * history, so the card names both people. Unsynced edits on this device are the user's own.
 */
export const ChangedByline = (props: {
  entity: EntityName;
  row: LocalRow;
  team: readonly TeamMember[];
}) => {
  const session = useSession();
  const query = useRowHistory(props.entity, props.row, true);
  const edit = query.data?.history.findLast((op) => op.kind === 'put' && op.seq !== null);
  const name = edit && memberName(props.team, edit.author);
  const words = edit
    ? `changed by ${name}, ${writtenWhen(edit.opId, edit.at)}`
    : query.isError || !session
      ? 'who changed it is shown when online'
      : query.isPending
        ? 'looking up who changed it…'
        : 'your change, not yet synced';
  return <span className="govuk-body-s"> – {words}</span>;
};
