import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import {
  applyRestore,
  BackupError,
  planRestore,
  readBackup,
  type RestorePlan,
  type RestoreResult,
} from '../../db';
import { useFieldbook } from '../shared/fieldbook-context';
import { Button, Checkboxes, ErrorSummary, NotificationBanner, TextInput } from '../shared/govuk';
import { useSession } from '../shared/sync-context';
import { useDeviceUser } from '../shared/useDeviceUser';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

type Step =
  | { step: 'choose' }
  | { step: 'opening' }
  | { step: 'review'; plan: RestorePlan }
  | { step: 'restoring'; done: number; total: number }
  | { step: 'done'; result: RestoreResult };

const ERROR_ANCHOR = { file: '#restore-file', password: '#restore-password' } as const;

/** What a copy holds, said before anything is written. */
const PlanSummary = ({ plan }: { plan: RestorePlan }) => {
  const sendable = plan.groups.filter((g) => g.onDevice);
  const away = plan.groups.filter((g) => !g.onDevice);
  const area = (a: string | undefined) => a ?? 'an inspection this tablet does not know';
  return (
    <>
      <p className="govuk-body">
        Made on {new Date(plan.copy.createdAt).toLocaleString('en-GB')}. It holds:
      </p>
      <ul className="govuk-list govuk-list--bullet" aria-label="What the copy holds">
        {sendable.map((g) => (
          <li key={g.inspectionId}>
            {plural(g.ops, 'unsent change', 'unsent changes')} in {area(g.area)}
          </li>
        ))}
        {away.map((g) => (
          <li key={g.inspectionId}>
            {plural(g.ops, 'change', 'changes')} in {area(g.area)}, which is not on this tablet for
            you: {g.ops === 1 ? 'it will be kept' : 'they will be kept'} as refused changes for you
            to copy or discard
          </li>
        ))}
        <li>{plural(plan.drafts.length, 'draft', 'drafts')}</li>
        {plan.draftsLeftOut > 0 && (
          <li>
            {plural(plan.draftsLeftOut, 'draft', 'drafts')} of inspections not on this tablet, which
            cannot come back here
          </li>
        )}
        {plan.alreadyHere > 0 && (
          <li>
            {plural(plan.alreadyHere, 'change is', 'changes are')} already on this tablet and will
            not be added again
          </li>
        )}
      </ul>
    </>
  );
};

/**
 * Settings → Restore unsent work: the encrypted copy offered at sign-out (DESIGN.md §5) brought
 * back on a tablet where its owner is signed in. Nothing is written before the user has seen
 * what the copy holds and said yes.
 */
export const RestoreSection = () => {
  const { db } = useFieldbook();
  const session = useSession();
  const { user } = useDeviceUser();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [mine, setMine] = useState<string[]>([]);
  const [state, setState] = useState<Step>({ step: 'choose' });
  const [error, setError] = useState<{ href?: string; text: string } | null>(null);
  const userId = session?.user.id ?? user?.id;

  const open = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return setError({ href: ERROR_ANCHOR.file, text: 'Choose the copy to restore' });
    if (!password)
      return setError({ href: ERROR_ANCHOR.password, text: "Enter the copy's password" });
    if (!userId) return setError({ text: 'Fieldbook is still loading: try again in a moment' });
    setError(null);
    setState({ step: 'opening' });
    try {
      const copy = await readBackup(await file.text(), password);
      const plan = await planRestore(db, copy, { userId, origin: window.location.origin });
      setMine([]);
      setState({ step: 'review', plan });
    } catch (e) {
      setState({ step: 'choose' });
      setError({
        text: e instanceof BackupError ? e.message : 'The copy could not be opened. Try again',
      });
    }
  };

  const restore = async (plan: RestorePlan) => {
    if (plan.unverified && mine.length === 0)
      return setError({ text: 'Say that these changes are yours before restoring them' });
    setError(null);
    setState({ step: 'restoring', done: 0, total: plan.ops.length });
    try {
      const result = await applyRestore(db, plan, (done, total) =>
        setState({ step: 'restoring', done, total }),
      );
      setPassword('');
      setFile(null);
      setState({ step: 'done', result });
    } catch {
      setState({ step: 'review', plan });
      setError({ text: 'The copy could not be restored. Nothing was lost: try again' });
    }
  };

  const nothingToDo = (plan: RestorePlan) => plan.ops.length === 0 && plan.drafts.length === 0;

  return (
    <section className="govuk-!-margin-bottom-8" aria-labelledby="restore-heading">
      <h2 className="govuk-heading-m" id="restore-heading">
        Restore unsent work
      </h2>
      <ErrorSummary errors={error ? [error] : []} />
      <p className="govuk-body">
        Bring back the encrypted copy you saved when you signed out with work not yet on the server.
        Its changes are sent when this tablet next syncs.
      </p>
      {(state.step === 'choose' || state.step === 'opening') && (
        <form noValidate onSubmit={(e) => void open(e)}>
          <div className="govuk-form-group">
            <label className="govuk-label" htmlFor="restore-file">
              Encrypted copy (a file ending .fieldbook.json)
            </label>
            <input
              className="govuk-file-upload"
              id="restore-file"
              type="file"
              accept=".json,application/json"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </div>
          <TextInput
            id="restore-password"
            label="The copy's password"
            hint="The password you chose when you downloaded the copy."
            type="password"
            value={password}
            onChange={setPassword}
            autoComplete="off"
            width={20}
          />
          <Button type="submit" variant="secondary" disabled={state.step === 'opening'}>
            {state.step === 'opening' ? 'Opening the copy…' : 'Open the copy'}
          </Button>
        </form>
      )}
      {state.step === 'review' && (
        <>
          <h3 className="govuk-heading-s">What this copy holds</h3>
          <PlanSummary plan={state.plan} />
          {state.plan.unverified && (
            <Checkboxes
              legend="This copy was made by an older Fieldbook and does not say whose it is"
              hint={
                state.plan.writtenBy.length > 0
                  ? `The records it made were written by ${state.plan.writtenBy.join(', ')}.`
                  : 'Restore it only if you made it.'
              }
              values={mine}
              onChange={setMine}
              options={[{ value: 'mine', label: 'These changes are mine' }]}
            />
          )}
          <div className="govuk-button-group">
            {!nothingToDo(state.plan) && (
              <Button onClick={() => void restore(state.plan)}>Restore these changes</Button>
            )}
            <Button variant="secondary" onClick={() => setState({ step: 'choose' })}>
              {nothingToDo(state.plan) ? 'Choose another copy' : 'Cancel'}
            </Button>
          </div>
          {nothingToDo(state.plan) && (
            <p className="govuk-body">Everything in this copy is already on this tablet.</p>
          )}
        </>
      )}
      {state.step === 'restoring' && (
        <p className="govuk-body" role="status">
          Restoring… {state.done} of {state.total} changes
          <progress className="govuk-!-display-block" max={state.total} value={state.done}>
            {state.done} of {state.total}
          </progress>
        </p>
      )}
      {state.step === 'done' && (
        <NotificationBanner title="Restored" success role="status">
          <p className="govuk-notification-banner__heading">
            Restored {plural(state.result.ops, 'change', 'changes')} and{' '}
            {plural(state.result.drafts, 'draft', 'drafts')}. They are sent when this tablet next
            syncs.
          </p>
          {state.result.refused > 0 && (
            <p className="govuk-body">
              {plural(state.result.refused, 'change is', 'changes are')} kept as refused:{' '}
              <Link className="govuk-notification-banner__link" to="/refused">
                read them on the refused changes page
              </Link>
              .
            </p>
          )}
          <Button variant="secondary" onClick={() => setState({ step: 'choose' })}>
            Restore another copy
          </Button>
        </NotificationBanner>
      )}
    </section>
  );
};
