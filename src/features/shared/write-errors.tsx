import { useEffect, useRef } from 'react';
import { StorageFullError, ValidationError } from '../../db';
import { ErrorSummary } from './govuk';

export type ErrorItem = { href?: string; text: string };

/** A form field as the error summary names it: the control's id (to link to) and its label. */
export type FieldRefs = Record<string, { id: string; label: string }>;

/** A full disk under an autosave, which keeps trying (useAutosave's AUTOSAVE_RETRY_MS). */
export const STORAGE_FULL_RETRYING =
  'This tablet is out of storage space: your last words are not saved. They stay on screen. Free some space on the tablet (photos or videos you no longer need): Fieldbook tries again every few seconds and saves them as soon as there is room.';

/**
 * Turns a failed write into lines for the error summary. A full disk and a record the wire would
 * reject are the two failures a person can act on; anything else is shown as it is, never hidden.
 */
export const writeErrorItems = (
  error: unknown,
  fields: FieldRefs = {},
  /** An autosave tries again on its own (useAutosave): the words say so instead of "save again". */
  retrying = false,
): ErrorItem[] => {
  if (error instanceof StorageFullError)
    return [{ text: retrying ? STORAGE_FULL_RETRYING : error.message }];
  if (error instanceof ValidationError) {
    return error.issues.map((issue) => {
      const field = fields[issue.path.split('.')[0] ?? ''];
      return field
        ? { href: `#${field.id}`, text: `${field.label}: ${issue.message}` }
        : { text: `${issue.path || 'Record'}: ${issue.message}` };
    });
  }
  return [
    {
      text:
        error instanceof Error
          ? `This was not saved: ${error.message}`
          : 'This was not saved. Try again.',
    },
  ];
};

/**
 * The GOV.UK error summary, moved into focus whenever its errors change so a screen reader and a
 * sighted user both land on it (GOV.UK error summary guidance).
 */
export const FocusedErrorSummary = ({ errors }: { errors: ErrorItem[] }) => {
  const ref = useRef<HTMLDivElement>(null);
  const key = errors.map((e) => e.text).join('\n');
  useEffect(() => {
    if (key) ref.current?.querySelector<HTMLElement>('.govuk-error-summary')?.focus();
  }, [key]);
  return (
    <div ref={ref}>
      <ErrorSummary errors={errors} />
    </div>
  );
};
