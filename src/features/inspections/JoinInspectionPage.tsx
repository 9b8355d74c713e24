import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { joinCandidates, joinLocalInspection, type JoinProblem } from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { formatDate } from '../shared/format';
import { Button, Radios } from '../shared/govuk';
import { useInspection, useInspections, useUnsentCount } from '../shared/hooks';
import { useSession, useSyncEngine } from '../shared/sync-context';
import { TAP_LINK } from '../shared/touch';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';

const CHOICE_ID = 'join-target';

const problemWords = (problem: JoinProblem): string => {
  switch (problem.code) {
    case 'framework-differs':
      return `It cannot join this one: it was set up as “${problem.deviceFramework}”, but that inspection is “${problem.serverFramework}”. Their judgement areas and grades differ${
        problem.misfits.length > 0 ? ` (your records use ${problem.misfits.join(', ')})` : ''
      }, so the server would refuse the records. It stays on this device; choose another inspection or ask your coordinator.`;
    case 'not-found':
      return 'One of the two inspections is no longer on this device. Go back to your inspections and try again.';
    case 'not-device-only':
      return 'This inspection is already on the server.';
    case 'not-on-server':
      return 'Choose an inspection that is on the server.';
  }
};

/**
 * Start offline, sync later: an inspection set up on this device before sign-in joins the server
 * inspection it was meant to be, chosen from the user's own. Every record and unsent change moves
 * in one step, then syncs.
 */
export const JoinInspectionPage = () => {
  const { inspectionId = '' } = useParams();
  const { db } = useFieldbook();
  const navigate = useNavigate();
  const session = useSession();
  const engine = useSyncEngine();
  const inspection = useInspection(inspectionId);
  const all = useInspections();
  const unsent = useUnsentCount(inspectionId);
  const [target, setTarget] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [busy, setBusy] = useState(false);

  if (inspection === undefined || all === undefined || session === undefined)
    return <p className="govuk-body">Loading…</p>;
  if (inspection === null || inspection.source !== 'local')
    return (
      <>
        <h1 className="govuk-heading-l">Nothing to join</h1>
        <p className="govuk-body">This inspection is not one set up on this device alone.</p>
        <Link className={TAP_LINK} to="/">
          Back to your inspections
        </Link>
      </>
    );
  const candidates = joinCandidates(all, inspection);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!target) {
      setErrors([{ href: `#${CHOICE_ID}`, text: 'Choose the inspection on the server to join' }]);
      return;
    }
    if (!session) return;
    setBusy(true);
    try {
      const result = await joinLocalInspection(db, inspection.id, target, session.user.id);
      if (!result.ok) {
        setErrors([{ href: `#${CHOICE_ID}`, text: problemWords(result) }]);
        setBusy(false);
        return;
      }
      void engine?.sync();
      void navigate(`/i/${target}`, { replace: true, state: { joinedRecords: result.moved.rows } });
    } catch (error) {
      setErrors(writeErrorItems(error));
      setBusy(false);
    }
  };

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds-from-desktop">
        <FocusedErrorSummary errors={errors} />
        <span className="govuk-caption-l">{inspection.area}, set up on this device</span>
        <h1 className="govuk-heading-l">Join it to an inspection on the server</h1>
        <p className="govuk-body">
          Everything recorded in it on this device
          {unsent ? ` (${unsent} ${unsent === 1 ? 'change' : 'changes'} not yet sent)` : ''} moves
          to the inspection you choose, and is then sent to the server for your team. This cannot be
          undone.
        </p>
        {!session ? (
          <p className="govuk-body">
            <Link className={TAP_LINK} to="/sign-in">
              Sign in
            </Link>{' '}
            first: your inspections on the server appear after signing in.
          </p>
        ) : candidates.length === 0 ? (
          <p className="govuk-body">
            You are not on the team of any inspection on the server yet. Ask your coordinator to add
            you; it appears here after the next sync.
          </p>
        ) : (
          <form noValidate onSubmit={(e) => void submit(e)}>
            <div id={CHOICE_ID}>
              <Radios
                legend="Which of your inspections is it?"
                error={errors[0]?.href === `#${CHOICE_ID}` ? errors[0].text : undefined}
                value={target}
                onChange={(v) => {
                  setTarget(v);
                  setErrors([]);
                }}
                options={candidates.map((c) => ({
                  value: c.id,
                  label: `${c.area}, ${formatDate(c.startsOn)} to ${formatDate(c.endsOn)}`,
                  hint: c.framework.title,
                }))}
              />
            </div>
            <div className="govuk-button-group">
              <Button type="submit" disabled={busy}>
                Join and sync
              </Button>
              <Link className={TAP_LINK} to={`/i/${inspection.id}`}>
                Cancel
              </Link>
            </div>
          </form>
        )}
      </div>
    </div>
  );
};
