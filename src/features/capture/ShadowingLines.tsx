import { useEffect, useId, useRef, useState } from 'react';
import type { Framework, ShadowingLine } from '../../domain';
import { Button } from '../shared/govuk';
import { clockTime } from '../shared/format';
import { DraftStatus } from '../shared/DraftStatus';
import { useLocalDraft } from '../shared/useLocalDraft';
import { LineTags, type LineTagNames } from './LineTags';

type Tagging = { framework: Framework; names: LineTagNames };

const LineItem = ({
  line,
  index,
  onChange,
  onDelete,
  tagging,
}: {
  line: ShadowingLine;
  index: number;
  onChange: (next: ShadowingLine) => void;
  onDelete: () => void;
  tagging: Tagging;
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
            onChange={(e) => onChange({ ...line, text: e.target.value })}
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
          <LineTags
            line={line}
            time={time}
            framework={tagging.framework}
            names={tagging.names}
            onTag={(patch) => onChange({ ...line, ...patch })}
          />
        </>
      )}
    </li>
  );
};

/**
 * Shadowing mode: the running list of timestamped lines. The line box and the big "Add line"
 * button are fixed to the bottom edge of the screen, under the thumb, with the page (lines, then
 * the observation's tags) scrolling above, so it works one-handed while walking; Enter adds the
 * line too. Each line is stamped with the time it was added and saved at once, and can be tagged
 * on its own (judgement areas, evaluation, children).
 */
export const ShadowingLines = ({
  lines,
  onAdd,
  onChange,
  framework,
  names,
  draftKey,
}: {
  lines: readonly ShadowingLine[];
  onAdd: (text: string) => void;
  onChange: (lines: ShadowingLine[]) => void;
  /** The line being typed waits on this tablet until it is added (useLocalDraft). */
  draftKey: string;
} & Tagging) => {
  const draft = useLocalDraft(draftKey, { text: '' });
  const ready = draft.state === 'editing';
  const text = ready ? draft.form.text : '';
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const added = useRef(false);
  const id = 'new-line';

  // The line just added, with its time, is the inspector's only sign it was taken. With the
  // keyboard up the list sits under the line bar (the page scrolled to its top), so it is brought
  // into sight above the bar (html's scroll-padding-bottom keeps it clear); a line already in
  // sight stays where it is.
  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    list.current?.lastElementChild?.scrollIntoView?.({ block: 'nearest' });
  }, [lines.length]);

  const add = () => {
    const value = text.trim();
    if (!value) {
      setError('Type what you saw or heard, then add the line');
      input.current?.focus();
      return;
    }
    added.current = true;
    onAdd(value);
    if (ready) void draft.discard();
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
        <ol className="fb-lines" aria-label="Observation lines" ref={list}>
          {lines.map((line, i) => (
            <LineItem
              key={`${line.at}-${i}`}
              line={line}
              index={i}
              onChange={(next) => onChange(lines.map((l, j) => (j === i ? next : l)))}
              onDelete={() => onChange(lines.filter((_, j) => j !== i))}
              tagging={{ framework, names }}
            />
          ))}
        </ol>
      )}
      <div className="fb-line-bar">
        <div className={`govuk-width-container${error ? ' govuk-form-group--error' : ''}`}>
          <label className="govuk-label govuk-label--s" htmlFor={id}>
            New line
          </label>
          {error && (
            <p id={`${id}-error`} className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <div className="fb-line-bar__row">
            <input
              ref={input}
              id={id}
              className={`govuk-input fb-line-bar__input${error ? ' govuk-input--error' : ''}`}
              type="text"
              autoComplete="off"
              enterKeyHint="send"
              aria-describedby={error ? `${id}-error` : undefined}
              value={text}
              disabled={!ready}
              onChange={(e) => {
                if (ready) draft.set({ text: e.target.value });
              }}
              onBlur={() => {
                if (ready) void draft.flush();
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  add();
                }
              }}
            />
            <Button className="fb-line-bar__add" onClick={add}>
              Add line
            </Button>
          </div>
          {ready && (
            <DraftStatus
              status={draft.status}
              changed={draft.changed}
              then="“Add line” adds it."
              className="govuk-body-s govuk-!-margin-bottom-0"
            />
          )}
        </div>
      </div>
    </section>
  );
};
