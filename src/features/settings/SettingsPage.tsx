import { useState, type FormEvent } from 'react';
import type { DeviceUser } from '../../db';
import { INSPECTORATES, labelOf } from '../../domain';
import { Button, NotificationBanner, Select, SummaryList, TextInput } from '../shared/govuk';
import { useSession } from '../shared/sync-context';
import { useDeviceUser } from '../shared/useDeviceUser';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { RestoreSection } from './RestoreSection';
import { StorageSection } from './StorageSection';

const FIELDS = {
  name: { id: 'settings-name', label: 'Your name' },
  inspectorate: { id: 'settings-inspectorate', label: 'Your inspectorate' },
};

const YouForm = ({ user, save }: { user: DeviceUser; save: (u: DeviceUser) => Promise<void> }) => {
  const [name, setName] = useState(user.name);
  const [inspectorate, setInspectorate] = useState(user.inspectorate);
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [saved, setSaved] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const problems: ErrorItem[] = [];
    if (!name.trim()) problems.push({ href: `#${FIELDS.name.id}`, text: 'Enter your name' });
    if (!inspectorate)
      problems.push({ href: `#${FIELDS.inspectorate.id}`, text: 'Select your inspectorate' });
    setErrors(problems);
    if (problems.length > 0) return;
    try {
      await save({ ...user, name: name.trim(), inspectorate });
      setSaved(true);
    } catch (error) {
      setErrors(writeErrorItems(error, FIELDS));
    }
  };
  const errorFor = (id: string) => errors.find((e) => e.href === `#${id}`)?.text;
  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="govuk-!-margin-bottom-8">
      <FocusedErrorSummary errors={errors} />
      {saved && (
        <NotificationBanner title="Saved" success role="status">
          <p className="govuk-notification-banner__heading">Your details are saved</p>
        </NotificationBanner>
      )}
      <h2 className="govuk-heading-m">You</h2>
      <TextInput
        id={FIELDS.name.id}
        label={FIELDS.name.label}
        hint="What you record on this device is recorded under this name."
        autoComplete="name"
        value={name}
        error={errorFor(FIELDS.name.id)}
        onChange={setName}
      />
      <Select
        id={FIELDS.inspectorate.id}
        label={FIELDS.inspectorate.label}
        emptyLabel="Select your inspectorate"
        value={inspectorate}
        options={INSPECTORATES.map((i) => ({ value: i.id, label: i.label }))}
        error={errorFor(FIELDS.inspectorate.id)}
        onChange={setInspectorate}
      />
      <Button type="submit">Save your details</Button>
    </form>
  );
};

/** Who is using this device, and how safe their data is in its storage. */
export const SettingsPage = () => {
  const { user, save } = useDeviceUser();
  const session = useSession();
  return (
    <>
      <h1 className="govuk-heading-l">Settings</h1>
      {user === undefined || session === undefined ? (
        <p className="govuk-body">Loading…</p>
      ) : session ? (
        // Signed in, the device user is the account: the server knows them by these details.
        <section className="govuk-!-margin-bottom-8" aria-labelledby="you-heading">
          <h2 className="govuk-heading-m" id="you-heading">
            You
          </h2>
          <SummaryList
            rows={[
              { key: 'Name', value: session.user.name },
              { key: 'Inspectorate', value: labelOf(INSPECTORATES, session.user.inspectorate) },
            ]}
          />
          <p className="govuk-body">
            These come from your account. Ask your coordinator if they need to change.
          </p>
        </section>
      ) : (
        <YouForm key={user.id} user={user} save={save} />
      )}
      <RestoreSection />
      <StorageSection />
    </>
  );
};
