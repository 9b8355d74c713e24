import { Link } from 'react-router';
import type { LocalInspection, LocalRow } from '../../db';
import { EVIDENCE_KINDS, INSPECTORATES, labelOf, TEAM_ROLES } from '../../domain';
import { formatDateTime } from '../shared/format';
import { SummaryList } from '../shared/govuk';
import { TAP_LINK } from '../shared/touch';

const SNIPPET_CHARS = 80;

/** The words a draft was left at, so the inspector recognises it: its text, or its last shadowing line. */
export const draftSnippet = (row: LocalRow<'evidence'>): string => {
  const { text, lines } = row.fields;
  const words = text?.trim() || lines?.at(-1)?.text.trim() || '';
  if (!words) return 'Nothing written yet';
  return words.length > SNIPPET_CHARS ? `${words.slice(0, SNIPPET_CHARS).trimEnd()}…` : words;
};

export const DraftList = ({
  inspectionId,
  drafts,
}: {
  inspectionId: string;
  drafts: LocalRow<'evidence'>[];
}) => (
  <section aria-labelledby="drafts-heading" className="govuk-!-margin-bottom-6">
    <h2 className="govuk-heading-m" id="drafts-heading">
      Drafts in progress
    </h2>
    {drafts.length === 0 ? (
      <p className="govuk-body">No drafts. Everything you have started is finished.</p>
    ) : (
      <ul className="govuk-list govuk-list--spaced" data-testid="drafts">
        {drafts.map((row) => (
          <li key={row.id}>
            <Link className={TAP_LINK} to={`/i/${inspectionId}/evidence/${row.id}`}>
              {labelOf(EVIDENCE_KINDS, row.fields.kind)}
            </Link>
            <span className="govuk-body-s govuk-!-display-block">
              “{draftSnippet(row)}” — last changed {formatDateTime(row.updatedAt)}
            </span>
          </li>
        ))}
      </ul>
    )}
  </section>
);

export const FrameworkSummary = ({ inspection }: { inspection: LocalInspection }) => {
  const { framework } = inspection;
  const top = framework.judgements.filter((j) => !j.parentId);
  return (
    <section aria-labelledby="framework-heading" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="framework-heading">
        Judgement areas
      </h2>
      <p className="govuk-body">{framework.title}</p>
      <ol className="govuk-list govuk-list--number">
        {top.map((j) => {
          const subs = framework.judgements.filter((s) => s.parentId === j.id);
          return (
            <li key={j.id}>
              {j.title}
              {subs.length > 0 && (
                <ul className="govuk-list govuk-list--bullet govuk-!-margin-top-1">
                  {subs.map((s) => (
                    <li key={s.id}>{s.title}</li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
};

export const TeamSummary = ({ inspection }: { inspection: LocalInspection }) => (
  <section aria-labelledby="team-heading" className="govuk-!-margin-bottom-6">
    <h2 className="govuk-heading-m" id="team-heading">
      Team
    </h2>
    <SummaryList
      rows={inspection.team.map((m) => ({
        key: m.name,
        value: `${labelOf(TEAM_ROLES, m.role)}, ${labelOf(INSPECTORATES, m.inspectorate)}`,
      }))}
    />
  </section>
);
