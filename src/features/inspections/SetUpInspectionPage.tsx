import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { setUpLocalInspection, todayIso, type DeviceUser } from '../../db';
import { frameworkById, INSPECTORATES } from '../../domain';
import { useFieldbook } from '../shared/fieldbook-context';
import { addDays, isRealDate } from '../shared/format';
import { Button, Select, TextInput } from '../shared/govuk';
import { FieldworkFields, fieldworkErrors } from '../shared/fieldwork';
import { useEditingGuard } from '../shared/hooks';
import { FocusedErrorSummary, writeErrorItems, type ErrorItem } from '../shared/write-errors';
import { FrameworkRadios } from './FrameworkRadios';
import { TAP_LINK } from '../shared/touch';

const FIELDS = {
  name: { id: 'setup-name', label: 'Your name' },
  inspectorate: { id: 'setup-inspectorate', label: 'Your inspectorate' },
  frameworkId: { id: 'setup-framework', label: 'Inspection' },
  area: { id: 'setup-area', label: 'Local authority area' },
  startsOn: { id: 'setup-starts', label: 'Start of fieldwork' },
  endsOn: { id: 'setup-ends', label: 'End of fieldwork' },
} as const;
type Field = keyof typeof FIELDS;

const endFor = (frameworkId: string, startsOn: string) => {
  const framework = frameworkById(frameworkId);
  return framework && isRealDate(startsOn)
    ? (addDays(startsOn, framework.fieldworkWeeks * 7 - 1) ?? '')
    : '';
};

/** Sets up an inspection on this device (the device user leads it) so recording can start offline. */
export const SetUpInspectionPage = () => {
  useEditingGuard('set-up-inspection');
  const { db, repo, clock } = useFieldbook();
  const navigate = useNavigate();
  const [user, setUser] = useState<DeviceUser>();
  const [form, setForm] = useState(() => ({
    name: '',
    inspectorate: '',
    frameworkId: '',
    area: '',
    startsOn: todayIso(clock),
    endsOn: '',
  }));
  // The end date follows the start and the framework's length until the person edits it.
  const [endEdited, setEndEdited] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [writeErrors, setWriteErrors] = useState<ErrorItem[]>([]);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    void repo.deviceUser().then((u) => live && setUser(u));
    return () => {
      live = false;
    };
  }, [repo]);
  const needsName = user !== undefined && !user.name;

  const set = (field: Field, value: string) =>
    setForm((f) => {
      const next = { ...f, [field]: value };
      if (!endEdited && (field === 'startsOn' || field === 'frameworkId'))
        next.endsOn = endFor(next.frameworkId, next.startsOn);
      return next;
    });

  const validate = () => {
    const errors: Partial<Record<Field, string>> = {};
    if (needsName && !form.name.trim()) errors.name = 'Enter your name';
    if (needsName && !form.inspectorate) errors.inspectorate = 'Select your inspectorate';
    // In the order the form asks, as the error summary lists them.
    return { ...errors, ...fieldworkErrors(form) };
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const errors = validate();
    setFieldErrors(errors);
    setWriteErrors([]);
    if (Object.keys(errors).length > 0 || !user) return;
    setSaving(true);
    try {
      if (needsName) {
        await repo.setDeviceUser({
          ...user,
          name: form.name.trim(),
          inspectorate: form.inspectorate,
        });
      }
      const inspection = await setUpLocalInspection(db, clock, await repo.deviceUser(), {
        frameworkId: form.frameworkId,
        area: form.area,
        startsOn: form.startsOn,
        endsOn: form.endsOn || undefined,
      });
      void navigate(`/i/${inspection.id}`);
    } catch (error) {
      setWriteErrors(writeErrorItems(error, FIELDS));
      setSaving(false);
    }
  };

  const summary: ErrorItem[] = [
    ...(Object.entries(fieldErrors) as [Field, string][]).map(([field, text]) => ({
      href: `#${FIELDS[field].id}`,
      text,
    })),
    ...writeErrors,
  ];

  return (
    <>
      <FocusedErrorSummary errors={summary} />
      <h1 className="govuk-heading-l">Set up an inspection on this device</h1>
      <p className="govuk-body">
        You will lead this inspection on this device. Everything you record stays on the device
        until it can be sent.
      </p>
      <form noValidate onSubmit={(e) => void submit(e)}>
        {needsName && (
          <>
            <h2 className="govuk-heading-m">About you</h2>
            <TextInput
              id={FIELDS.name.id}
              label="Your name"
              hint="Your evidence is recorded under this name."
              autoComplete="name"
              value={form.name}
              error={fieldErrors.name}
              onChange={(v) => set('name', v)}
            />
            <Select
              id={FIELDS.inspectorate.id}
              label="Your inspectorate"
              value={form.inspectorate}
              emptyLabel="Select your inspectorate"
              options={INSPECTORATES.map((i) => ({ value: i.id, label: i.label }))}
              error={fieldErrors.inspectorate}
              onChange={(v) => set('inspectorate', v)}
            />
          </>
        )}
        <FrameworkRadios
          idPrefix={FIELDS.frameworkId.id}
          value={form.frameworkId}
          error={fieldErrors.frameworkId}
          onChange={(v) => set('frameworkId', v)}
        />
        <FieldworkFields
          ids={FIELDS}
          form={form}
          errors={fieldErrors}
          set={(field, v) => {
            if (field === 'endsOn') setEndEdited(true);
            set(field, v);
          }}
          end={{
            legend: 'End of fieldwork',
            hint: "Filled in from the inspection's length (two weeks). Change it if yours differs.",
          }}
        />
        <div className="govuk-button-group">
          <Button type="submit" disabled={saving || !user}>
            Set up inspection
          </Button>
          <Link className={TAP_LINK} to="/">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
};
