import { useId, type ReactNode } from 'react';

/**
 * GOV.UK Frontend components as small React components: the markup and classes of the design
 * system, with a label on every control and errors tied to their fields (aria-describedby).
 */

type FieldProps = { label: ReactNode; hint?: ReactNode; error?: string | null; className?: string };

const describedBy = (...ids: unknown[]) =>
  ids.filter((x): x is string => typeof x === 'string' && x !== '').join(' ') || undefined;

const Hint = ({ id, children }: { id: string; children: ReactNode }) => (
  <div id={id} className="govuk-hint">
    {children}
  </div>
);

const ErrorMessage = ({ id, children }: { id: string; children: ReactNode }) => (
  <p id={id} className="govuk-error-message">
    <span className="govuk-visually-hidden">Error:</span> {children}
  </p>
);

/**
 * The frame every single-control field shares: form group, label, hint and error message, and
 * the control's id and aria-describedby tying them together.
 */
const useField = (
  givenId: string | undefined,
  hint: ReactNode,
  error: string | null | undefined,
) => {
  const generated = useId();
  const id = givenId ?? generated;
  return { id, describedBy: describedBy(hint && `${id}-hint`, error && `${id}-error`) };
};

const FieldGroup = ({
  id,
  label,
  hint,
  error,
  children,
}: FieldProps & { id: string; children: ReactNode }) => (
  <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
    <label className="govuk-label" htmlFor={id}>
      {label}
    </label>
    {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
    {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
    {children}
  </div>
);

/**
 * A password field's node can outlive its screen (detached, but still reachable) and React's
 * value tracker on it keeps the last typed value: emptying it through the DOM on unmount (which
 * updates the tracker too) leaves no password behind when the app locks (issue 11 point 7).
 */
const emptyOnUnmount = (node: HTMLInputElement | null) => {
  if (!node) return;
  return () => {
    node.value = '';
  };
};

export const TextInput = ({
  label,
  hint,
  error,
  value,
  onChange,
  type = 'text',
  width,
  id: givenId,
  autoComplete = 'off',
  ...rest
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'date' | 'time' | 'datetime-local' | 'search' | 'password' | 'number' | 'tel';
  width?: 2 | 3 | 4 | 5 | 10 | 20 | 30;
  id?: string;
  autoComplete?: string;
  name?: string;
  required?: boolean;
  inputMode?: 'text' | 'numeric';
}) => {
  const { id, describedBy: describedById } = useField(givenId, hint, error);
  return (
    <FieldGroup id={id} label={label} hint={hint} error={error}>
      <input
        {...rest}
        ref={type === 'password' ? emptyOnUnmount : undefined}
        id={id}
        type={type}
        autoComplete={autoComplete}
        className={`govuk-input${width ? ` govuk-input--width-${width}` : ''}${error ? ' govuk-input--error' : ''}`}
        aria-describedby={describedById}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldGroup>
  );
};

export const Textarea = ({
  label,
  hint,
  error,
  value,
  onChange,
  rows = 8,
  id: givenId,
  ...rest
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  id?: string;
  name?: string;
}) => {
  const { id, describedBy: describedById } = useField(givenId, hint, error);
  return (
    <FieldGroup id={id} label={label} hint={hint} error={error}>
      <textarea
        {...rest}
        id={id}
        rows={rows}
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        aria-describedby={describedById}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldGroup>
  );
};

/** `hint` shows under a radio's label (GOV.UK radio item hint); selects ignore it. */
export type Option = { value: string; label: string; hint?: string };

export const Select = ({
  label,
  hint,
  error,
  value,
  onChange,
  options,
  emptyLabel,
  id: givenId,
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  /** Shown as the first, empty choice ("Not set"); omit to force a choice. */
  emptyLabel?: string;
  id?: string;
}) => {
  const { id, describedBy: describedById } = useField(givenId, hint, error);
  return (
    <FieldGroup id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        aria-describedby={describedById}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldGroup>
  );
};

const Fieldset = ({
  legend,
  hint,
  error,
  children,
  id,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  children: ReactNode;
  id: string;
}) => (
  <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
    <fieldset
      className="govuk-fieldset"
      aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
    >
      <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
      {hint && <Hint id={`${id}-hint`}>{hint}</Hint>}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      {children}
    </fieldset>
  </div>
);

export const Radios = ({
  legend,
  hint,
  error,
  value,
  onChange,
  options,
  inline,
  small,
}: { legend: ReactNode; hint?: ReactNode; error?: string | null } & {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  inline?: boolean;
  small?: boolean;
}) => {
  const id = useId();
  return (
    <Fieldset legend={legend} hint={hint} error={error} id={id}>
      <div
        className={`govuk-radios${inline ? ' govuk-radios--inline' : ''}${small ? ' govuk-radios--small' : ''}`}
        data-module="govuk-radios"
      >
        {options.map((o) => (
          <div className="govuk-radios__item" key={o.value}>
            <input
              className="govuk-radios__input"
              id={`${id}-${o.value}`}
              name={id}
              type="radio"
              value={o.value}
              checked={value === o.value}
              onChange={() => onChange(o.value)}
              aria-describedby={o.hint ? `${id}-${o.value}-hint` : undefined}
            />
            <label className="govuk-label govuk-radios__label" htmlFor={`${id}-${o.value}`}>
              {o.label}
            </label>
            {o.hint && (
              <div id={`${id}-${o.value}-hint`} className="govuk-hint govuk-radios__hint">
                {o.hint}
              </div>
            )}
          </div>
        ))}
      </div>
    </Fieldset>
  );
};

export const Checkboxes = ({
  legend,
  hint,
  error,
  values,
  onChange,
  options,
  small,
}: { legend: ReactNode; hint?: ReactNode; error?: string | null } & {
  values: readonly string[];
  onChange: (values: string[]) => void;
  options: readonly Option[];
  small?: boolean;
}) => {
  const id = useId();
  const toggle = (v: string) =>
    onChange(values.includes(v) ? values.filter((x) => x !== v) : [...values, v]);
  return (
    <Fieldset legend={legend} hint={hint} error={error} id={id}>
      <div
        className={`govuk-checkboxes${small ? ' govuk-checkboxes--small' : ''}`}
        data-module="govuk-checkboxes"
      >
        {options.map((o) => (
          <div className="govuk-checkboxes__item" key={o.value}>
            <input
              className="govuk-checkboxes__input"
              id={`${id}-${o.value}`}
              name={id}
              type="checkbox"
              value={o.value}
              checked={values.includes(o.value)}
              onChange={() => toggle(o.value)}
            />
            <label className="govuk-label govuk-checkboxes__label" htmlFor={`${id}-${o.value}`}>
              {o.label}
            </label>
          </div>
        ))}
      </div>
    </Fieldset>
  );
};

export const Button = ({
  children,
  variant = 'primary',
  type = 'button',
  onClick,
  disabled,
  className,
  ...rest
}: {
  children: ReactNode;
  variant?: 'primary' | 'secondary' | 'warning';
  type?: 'button' | 'submit';
  onClick?: () => void;
  disabled?: boolean;
  className?: string;
  'aria-describedby'?: string;
  /** For a button that shows and hides a panel (a disclosure). */
  'aria-expanded'?: boolean;
  'aria-controls'?: string;
}) => (
  <button
    {...rest}
    type={type}
    className={`govuk-button${variant === 'primary' ? '' : ` govuk-button--${variant}`}${className ? ` ${className}` : ''}`}
    data-module="govuk-button"
    disabled={disabled}
    aria-disabled={disabled || undefined}
    onClick={onClick}
  >
    {children}
  </button>
);

export const ErrorSummary = ({
  title = 'There is a problem',
  errors,
}: {
  title?: string;
  errors: { href?: string; text: string }[];
}) =>
  errors.length === 0 ? null : (
    <div
      className="govuk-error-summary"
      data-module="govuk-error-summary"
      role="alert"
      tabIndex={-1}
    >
      <h2 className="govuk-error-summary__title">{title}</h2>
      <div className="govuk-error-summary__body">
        <ul className="govuk-list govuk-error-summary__list">
          {errors.map((e) => (
            <li key={e.text}>{e.href ? <a href={e.href}>{e.text}</a> : e.text}</li>
          ))}
        </ul>
      </div>
    </div>
  );

export const Tag = ({
  children,
  colour,
}: {
  children: ReactNode;
  colour?:
    'grey' | 'green' | 'turquoise' | 'blue' | 'purple' | 'pink' | 'red' | 'orange' | 'yellow';
}) => <strong className={`govuk-tag${colour ? ` govuk-tag--${colour}` : ''}`}>{children}</strong>;

export const WarningText = ({ children }: { children: ReactNode }) => (
  <div className="govuk-warning-text">
    <span className="govuk-warning-text__icon" aria-hidden="true">
      !
    </span>
    <strong className="govuk-warning-text__text">
      <span className="govuk-visually-hidden">Warning</span>
      {children}
    </strong>
  </div>
);

export const NotificationBanner = ({
  title,
  children,
  success,
  role,
}: {
  title: string;
  children: ReactNode;
  success?: boolean;
  role?: 'alert' | 'region' | 'status';
}) => {
  const id = useId();
  return (
    <div
      className={`govuk-notification-banner${success ? ' govuk-notification-banner--success' : ''}`}
      role={role ?? (success ? 'alert' : 'region')}
      aria-labelledby={`${id}-title`}
      data-module="govuk-notification-banner"
    >
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id={`${id}-title`}>
          {title}
        </h2>
      </div>
      <div className="govuk-notification-banner__content">{children}</div>
    </div>
  );
};

export const SummaryList = ({ rows }: { rows: { key: ReactNode; value: ReactNode }[] }) => (
  <dl className="govuk-summary-list">
    {rows.map((r, i) => (
      <div className="govuk-summary-list__row" key={i}>
        <dt className="govuk-summary-list__key">{r.key}</dt>
        <dd className="govuk-summary-list__value">{r.value}</dd>
      </div>
    ))}
  </dl>
);

/**
 * A page with no header, menu or status bar: the screens before the device is unlocked, and the
 * words when the app around a screen could not be drawn.
 */
export const BarePage = ({ children }: { children: ReactNode }) => (
  <div className="fb-shell">
    <div className="govuk-width-container">
      <main className="govuk-main-wrapper" id="main-content">
        {children}
      </main>
    </div>
  </div>
);
