import { useState } from 'react';
import type { CitedFigure, JourneyFigure } from '../../domain';
import { formatDate, formatDateTime } from '../shared/format';
import { Button, Radios } from '../shared/govuk';

/**
 * Journey figures cited in a judgement, each shown as it read when cited (the wire keeps its
 * words and counts, not a pointer to a figure that changes as cases are read), with how it reads
 * now when that has changed since.
 */
export const CitedFigures = ({
  cited,
  current,
  onRemove,
}: {
  cited: readonly CitedFigure[];
  current: ReadonlyMap<string, JourneyFigure>;
  onRemove?: (key: string) => void;
}) => {
  if (cited.length === 0) return <p className="govuk-body">No journey figures cited yet.</p>;
  return (
    <ul className="govuk-list govuk-list--spaced" data-testid="cited-figures">
      {cited.map((f) => {
        const now = current.get(f.key);
        return (
          <li key={f.key} className="fb-cited">
            <span className="govuk-body govuk-!-font-weight-bold">{f.text}</span>
            <span className="govuk-body-s govuk-!-display-block">
              As of {formatDate(f.asOf)}, cited {formatDateTime(f.citedAt)}
            </span>
            {now && now.text !== f.text && (
              <span className="govuk-body-s govuk-!-display-block" data-testid="figure-now">
                Now: {now.text}
              </span>
            )}
            {onRemove && (
              <button
                type="button"
                className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 govuk-!-margin-top-1"
                onClick={() => onRemove(f.key)}
              >
                Remove<span className="govuk-visually-hidden"> the figure “{f.text}”</span>
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
};

/** Choose a figure from the Journeys screen's figures and cite it as it reads now. */
export const FigurePicker = ({
  figures,
  citedKeys,
  onCite,
}: {
  figures: readonly JourneyFigure[];
  citedKeys: readonly string[];
  onCite: (figure: JourneyFigure) => void;
}) => {
  const [key, setKey] = useState('');
  const offered = figures.filter((f) => !citedKeys.includes(f.key));
  if (offered.length === 0) return null;
  const chosen = offered.find((f) => f.key === key);
  return (
    <div className="govuk-!-margin-top-4">
      <Radios
        legend="Cite a journey figure"
        hint="From the children's journeys, measured as of today within fieldwork. The judgement keeps the figure as it reads now."
        small
        value={chosen ? key : ''}
        options={offered.map((f) => ({ value: f.key, label: f.text }))}
        onChange={setKey}
      />
      <Button
        variant="secondary"
        disabled={!chosen}
        onClick={() => {
          if (!chosen) return;
          onCite(chosen);
          setKey('');
        }}
      >
        Cite this figure
      </Button>
    </div>
  );
};
