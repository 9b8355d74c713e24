import { AUTOSAVE_PROMISE } from './useAutosave';

/** Beside every save status: what a crash can cost (the README says the same). */
export const AutosavePromise = () => (
  <p className="govuk-hint govuk-body-s" data-testid="autosave-promise">
    {AUTOSAVE_PROMISE}
  </p>
);
