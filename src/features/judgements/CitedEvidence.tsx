import { Link } from 'react-router';
import type { LocalRow } from '../../db';
import { EVALUATIONS, labelOf } from '../../domain';
import { evidenceSource, evidenceTitle } from '../shared/evidence-title';
import { Tag } from '../shared/govuk';

type Evidence = LocalRow<'evidence'>;

/** Who it came from, on the line under the title. */
export const sourceLine = (row: Evidence) => evidenceSource(row.fields) || 'Source not recorded';

/**
 * The evidence a judgement cites, each a link to the evidence itself. Ids of evidence no longer
 * on the device (deleted by its author) are said so rather than silently dropped.
 */
export const CitedEvidence = ({
  inspectionId,
  ids,
  byId,
  onRemove,
}: {
  inspectionId: string;
  ids: readonly string[];
  byId: ReadonlyMap<string, Evidence>;
  onRemove?: (id: string) => void;
}) => {
  if (ids.length === 0) return <p className="govuk-body">No evidence cited yet.</p>;
  return (
    <ul className="govuk-list govuk-list--spaced" data-testid="cited-evidence">
      {ids.map((id) => {
        const row = byId.get(id);
        const title = row ? evidenceTitle(row) : 'Evidence no longer on this device';
        return (
          <li key={id} className="fb-cited">
            {row ? (
              <Link className="govuk-link" to={`/i/${inspectionId}/evidence/${id}`}>
                {title}
              </Link>
            ) : (
              <span className="govuk-body">{title}</span>
            )}
            {row && (
              <span className="govuk-body-s govuk-!-display-block">
                {sourceLine(row)}
                {row.fields.evaluation && <> · {labelOf(EVALUATIONS, row.fields.evaluation)}</>}
                {row.fields.sensitivity === 'official-sensitive' && (
                  <>
                    {' '}
                    <Tag colour="red">Official-sensitive</Tag>
                  </>
                )}
              </span>
            )}
            {onRemove && (
              <button
                type="button"
                className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-top-1"
                onClick={() => onRemove(id)}
              >
                Remove<span className="govuk-visually-hidden"> {title} from this judgement</span>
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
};
