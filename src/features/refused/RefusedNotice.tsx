import { useInspection, useRefusedOf, useRow } from '../shared/hooks';
import type { OutboxOp } from '../../db';
import type { EntityName } from '../../domain';
import { RefusedCard } from './RefusedCard';
import './refused.scss';

/**
 * On a record's own screen: the changes to it that the server refused, with why and what was
 * written, so the person sees it where they work, not only on the refused-changes screen.
 */
export const RefusedNotice = ({
  entity,
  id,
  inspectionId,
}: {
  entity: EntityName;
  id: string;
  inspectionId: string;
}) => {
  const ops = useRefusedOf(id);
  // Almost every record has none: only then are the record and inspection read as well.
  if (!ops || ops.length === 0) return null;
  return <RefusedOfRecord entity={entity} id={id} inspectionId={inspectionId} ops={ops} />;
};

const RefusedOfRecord = ({
  entity,
  id,
  inspectionId,
  ops,
}: {
  entity: EntityName;
  id: string;
  inspectionId: string;
  ops: OutboxOp[];
}) => {
  const row = useRow(entity, id);
  const inspection = useInspection(inspectionId);
  return (
    <section
      className="govuk-!-margin-bottom-6"
      aria-labelledby={`refused-${id}`}
      data-testid="refused-notice"
    >
      <h2 className="govuk-heading-m" id={`refused-${id}`}>
        {ops.length === 1
          ? 'The server refused a change to this record'
          : `The server refused ${ops.length} changes to this record`}
      </h2>
      {ops.map((op) => (
        <RefusedCard
          key={op.opId}
          change={{ op, row: row ?? undefined, inspection: inspection ?? undefined }}
          headingLevel={3}
          showLink={false}
        />
      ))}
    </section>
  );
};
