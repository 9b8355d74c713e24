import { useQuery } from '@tanstack/react-query';
import type { LocalRow } from '../../db';
import type { EntityName, TeamMember } from '../../domain';
import { formatDateTime } from './format';
import { useSession, useTransport } from './sync-context';

/** TanStack Query keys for server-only data, from one factory (STYLE.md 6). */
export const queryKeys = {
  history: (entity: string, id: string, seq: number) => ['history', entity, id, seq] as const,
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
  const transport = useTransport();
  const version = row.versions[field] ?? 0;
  const query = useQuery({
    queryKey: queryKeys.history(entity, row.id, row.seq),
    queryFn: () => transport.history(session!.token, entity, row.id),
    enabled: Boolean(session) && version > 0,
    staleTime: Infinity,
    retry: false,
  });
  const setter = query.data?.history.find((op) => op.seq === version && field in op.fields);
  const same =
    JSON.stringify((row.fields as Record<string, unknown>)[field]) ===
    JSON.stringify(setter?.fields[field]);
  if (setter && same) {
    const name = team.find((m) => m.userId === setter.author)?.name ?? 'Another inspector';
    return `${name}, ${formatDateTime(setter.at)}`;
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
