import { useState, type FormEvent } from 'react';
import type { ErrorItem, FieldRefs } from '../shared/write-errors';
import { adminErrorItems } from './admin-api';
import { useAdminMutation } from './queries';

/**
 * The one submit of the coordinator's forms: what the form finds wrong first (each problem tied
 * to its field for the error summary), then the request; the server's refusal joins the same
 * summary, and `done` (what the success banner says) is cleared at each submit and set from the
 * server's answer.
 */
export const useAdminForm = <Input, Output, Done, Field extends string = string>({
  fields,
  run,
  touches,
  done: doneOf,
  onSuccess,
}: {
  fields: FieldRefs & Partial<Record<Field, { id: string; label: string }>>;
  run: (input: Input) => Promise<Output>;
  /** The coordinator's data this request changes (the audit log always does). */
  touches: readonly (readonly string[])[];
  done: (output: Output, input: Input) => Done;
  onSuccess?: (output: Output, input: Input) => void;
}) => {
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [done, setDone] = useState<Done | null>(null);
  const mutation = useAdminMutation(run, touches, (output: Output, input: Input) => {
    setDone(doneOf(output, input));
    onSuccess?.(output, input);
  });

  /** Checks `problems` (none: the form is fine) and sends `input` only when there are none. */
  const submit = (
    event: FormEvent,
    input: Input,
    problems: Partial<Record<Field, string>> = {},
  ) => {
    event.preventDefault();
    setDone(null);
    setFieldErrors(problems);
    if (Object.values(problems).every((p) => !p)) mutation.mutate(input);
  };

  const errors: ErrorItem[] = [
    ...(Object.entries(fieldErrors) as [Field, string | undefined][])
      .filter((entry): entry is [Field, string] => Boolean(entry[1]))
      .map(([field, text]) => ({ href: `#${fields[field]?.id ?? field}`, text })),
    ...(mutation.error ? adminErrorItems(mutation.error, fields) : []),
  ];

  return { submit, errors, fieldErrors, done, pending: mutation.isPending };
};
