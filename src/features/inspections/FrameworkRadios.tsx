import { FRAMEWORKS } from '../../domain';

/** One choice per shipped framework, each with its summary as the hint, so the choice is informed. */
export const FrameworkRadios = ({
  value,
  onChange,
  error,
  idPrefix,
}: {
  value: string;
  onChange: (frameworkId: string) => void;
  error?: string;
  idPrefix: string;
}) => (
  <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
    <fieldset className="govuk-fieldset" aria-describedby={error ? `${idPrefix}-error` : undefined}>
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
        Which inspection is this?
      </legend>
      {error && (
        <p id={`${idPrefix}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <div className="govuk-radios" data-module="govuk-radios">
        {FRAMEWORKS.map((framework, i) => {
          // The first radio carries the group's id so the error summary can link to it.
          const id = i === 0 ? idPrefix : `${idPrefix}-${framework.id}`;
          return (
            <div className="govuk-radios__item" key={framework.id}>
              <input
                className="govuk-radios__input"
                id={id}
                name={idPrefix}
                type="radio"
                value={framework.id}
                checked={value === framework.id}
                onChange={() => onChange(framework.id)}
                aria-describedby={`${id}-hint`}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={id}>
                {framework.title}
              </label>
              <div id={`${id}-hint`} className="govuk-hint govuk-radios__hint">
                {framework.summary}
              </div>
            </div>
          );
        })}
      </div>
    </fieldset>
  </div>
);
