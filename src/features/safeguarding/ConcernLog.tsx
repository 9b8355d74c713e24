import { Link } from 'react-router';
import type { LocalRow } from '../../db';
import { CONCERN_STATUSES, labelOf, REFERRED_TO, type TeamMember } from '../../domain';
import { formatDateTime } from '../shared/format';
import { SummaryList, Tag } from '../shared/govuk';
import { memberName } from '../shared/members';
import { TAP_LINK } from '../shared/touch';
import { concernSnippet, STATUS_COLOUR } from './concern-status';

type Concern = LocalRow<'safeguardingConcern'>;

const NOT_YET = 'Not recorded yet';

/** Who raised it, by team name; a user no longer on the team still shows as someone. */
export const raisedByName = (team: readonly TeamMember[], concern: Concern): string =>
  memberName(team, concern.author);

/**
 * The safeguarding log of one concern: each step that must happen, with who and when, so the lead
 * sees at a glance what is still to do. Recording a step happens on the concern's own page.
 */
export const ConcernSteps = ({
  concern,
  team,
}: {
  concern: Concern;
  team: readonly TeamMember[];
}) => {
  const f = concern.fields;
  return (
    <SummaryList
      rows={[
        { key: 'Concern', value: concernSnippet(concern) },
        {
          key: 'Raised',
          value: `${formatDateTime(f.raisedAt)} by ${raisedByName(team, concern)}`,
        },
        {
          key: 'Referred',
          value:
            f.referredTo && f.referredAt
              ? `To ${labelOf(REFERRED_TO, f.referredTo)}, ${formatDateTime(f.referredAt)}`
              : NOT_YET,
        },
        {
          key: 'Lead inspector told',
          value: f.leadInformedAt ? formatDateTime(f.leadInformedAt) : NOT_YET,
        },
        {
          key: 'Director told',
          value: f.directorInformedAt ? formatDateTime(f.directorInformedAt) : NOT_YET,
        },
      ]}
    />
  );
};

/** One concern as a summary card: a heading that opens it, its status and its steps. */
export const ConcernCard = ({
  concern,
  team,
  inspectionId,
  headingLevel = 3,
}: {
  concern: Concern;
  team: readonly TeamMember[];
  inspectionId: string;
  headingLevel?: 2 | 3;
}) => {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li className="govuk-summary-card" data-testid="concern-card">
      <div className="govuk-summary-card__title-wrapper">
        <Heading className="govuk-summary-card__title">
          <Link className={TAP_LINK} to={`/i/${inspectionId}/safeguarding/${concern.id}`}>
            Raised {formatDateTime(concern.fields.raisedAt)} by {raisedByName(team, concern)}
          </Link>
        </Heading>
        <Tag colour={STATUS_COLOUR[concern.fields.status]}>
          {labelOf(CONCERN_STATUSES, concern.fields.status)}
        </Tag>
      </div>
      <div className="govuk-summary-card__content">
        <ConcernSteps concern={concern} team={team} />
      </div>
    </li>
  );
};
