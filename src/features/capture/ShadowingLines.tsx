import { useId, useRef, useState } from 'react';
import type { ShadowingLine } from '../../domain';
import { Button } from '../shared/govuk';
import { clockTime } from './datetime';

const LineItem = ({
  line,
  index,
  onChange,
  onDelete,
}: {
  line: ShadowingLine;
  index: number;
  onChange: (text: string) => void;
  onDelete: () => void;
}) => {
  const [editing, setEditing] = useState(false);
  const id = useId();
  const time = clockTime(line.at);
  return (
    <li className="govuk-body fb-line">
      <time className="fb-line__time" dateTime={line.at}>
        {time}
      </time>
      {editing ? (
        <div className="fb-line__edit">
          <label className="govuk-label govuk-visually-hidden" htmlFor={id}>
            Line {index + 1}, at {time}
          </label>
          <textarea
            id={id}
            className="govuk-textarea govuk-!-margin-bottom-2"
            rows={2}
            value={line.text}
            autoFocus
            onChange={(e) => onChange(e.target.value)}
          />
          <div className="govuk-button-group">
            <Button variant="secondary" onClick={() => setEditing(false)}>
              Done<span className="govuk-visually-hidden"> editing line at {time}</span>
            </Button>
            <Button variant="warning" onClick={onDelete}>
              Delete line<span className="govuk-visually-hidden"> at {time}</span>
            </Button>
          </div>
        </div>
      ) : (
        <>
          <span className="fb-line__text">{line.text}</span>
          <Button
            variant="secondary"
            className="govuk-!-margin-bottom-0 fb-line__change"
            onClick={() => setEditing(true)}
          >
            Edit<span className="govuk-visually-hidden"> line at {time}</span>
          </Button>
        </>
      )}
    </li>
  );
};

/**
 * Shadowing mode: the running list of timestamped lines. The line box and the big "Add line"
 * button stay at the bottom of the screen, under the thumb, so it works one-handed while walking;
 * Enter adds the line too. Each line is stamped with the time it was added and saved at once.
 */
export const ShadowingLines = ({
  lines,
  onAdd,
  onChange,
}: {
  lines: readonly ShadowingLine[];
  onAdd: (text: string) => void;
  onChange: (lines: ShadowingLine[]) => void;
}) => {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = 'new-line';

  const add = () => {
    const value = text.trim();
    if (!value) {
      setError('Type what you saw or heard, then add the line');
      input.current?.focus();
      return;
    }
    onAdd(value);
    setText('');
    setError(null);
    input.current?.focus();
  };

  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 className="govuk-heading-m" id={`${id}-heading`}>
        Observation
      </h2>
      {lines.length === 0 ? (
        <p className="govuk-body">No lines yet. Each line you add is stamped with the time.</p>
      ) : (
        <ol className="fb-lines" aria-label="Observation lines">
          {lines.map((line, i) => (
            <LineItem
              key={`${line.at}-${i}`}
              line={line}
              index={i}
              onChange={(t) => onChange(lines.map((l, j) => (j === i ? { ...l, text: t } : l)))}
              onDelete={() => onChange(lines.filter((_, j) => j !== i))}
            />
          ))}
        </ol>
      )}
      <div className={`fb-line-bar${error ? ' govuk-form-group--error' : ''}`}>
        <label className="govuk-label govuk-label--s" htmlFor={id}>
          New line
        </label>
        {error && (
          <p id={`${id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {error}
          </p>
        )}
        <input
          ref={input}
          id={id}
          className={`govuk-input fb-line-bar__input${error ? ' govuk-input--error' : ''}`}
          type="text"
          autoComplete="off"
          enterKeyHint="send"
          aria-describedby={error ? `${id}-error` : undefined}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
              e.preventDefault();
              add();
            }
          }}
        />
        <Button className="fb-line-bar__add govuk-!-margin-bottom-0" onClick={add}>
          Add line
        </Button>
      </div>
    </section>
  );
};
