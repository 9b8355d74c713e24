import type { ComponentType } from 'react';
import { Link, useParams } from 'react-router';
import { useInspection } from '../features/shared/hooks';
import { useScreenTitleOverride } from '../features/shared/useDocumentTitle';
import { useTeamRole } from '../features/shared/useTeamRole';

/**
 * The lead's screens (Today, Coverage, Judgements, Team meetings) refuse anyone else, whatever
 * address they type: hiding the nav link is not enough. The server still enforces S8 on writes;
 * this keeps an inspector's screen to what their role is for.
 */
const Guard = ({ Screen }: { Screen: ComponentType }) => {
  const { inspectionId = '' } = useParams();
  const inspection = useInspection(inspectionId);
  const role = useTeamRole(inspection);
  // A missing inspection is the screen's own "not on this device" message.
  if (inspection === null) return <Screen />;
  if (inspection === undefined || role === undefined)
    return <p className="govuk-body">Loading the inspection…</p>;
  if (role === 'lead') return <Screen />;
  return <Refused inspectionId={inspectionId} />;
};

const REFUSED = 'Only the lead inspector sees this screen';

const Refused = ({ inspectionId }: { inspectionId: string }) => {
  useScreenTitleOverride(REFUSED);
  return (
    <>
      <h1 className="govuk-heading-l">{REFUSED}</h1>
      <p className="govuk-body">
        The lead inspector reviews the team’s evidence, weighs coverage, drafts the judgements and
        records the team meetings.{' '}
        <Link className="govuk-link" to={`/i/${inspectionId}`}>
          Go to the inspection home
        </Link>
        .
      </p>
    </>
  );
};

export const leadOnly = (Screen: ComponentType): ComponentType => {
  const LeadScreen = () => <Guard Screen={Screen} />;
  LeadScreen.displayName = `LeadOnly(${Screen.displayName ?? Screen.name})`;
  return LeadScreen;
};
