import { useId, useState } from 'react';
import { DateInput, dateError } from '../shared/DateInput';
import { isRealDate } from '../shared/format';
import type { Option } from '../shared/govuk';
import { Button, Checkboxes, Select } from '../shared/govuk';
import type { EvidenceFilter } from './filter';
import { activeFilterCount, type ListKey } from './filter-params';

export type FilterOptions = Record<ListKey, readonly Option[]>;

const GROUP_LABELS: Record<ListKey, string> = {
  kinds: 'Kind',
  judgementIds: 'Judgement area',
  agencies: 'Agency',
  caseIds: 'Child',
  authors: 'Author',
  evaluations: 'Evaluation',
  statuses: 'Draft or final',
};

/** Short lists as checkboxes; long ones (25 agencies, dozens of children) as a single choice. */
const CHECKBOX_GROUPS: ListKey[] = ['kinds', 'judgementIds', 'evaluations', 'statuses'];
const SELECT_GROUPS: ListKey[] = ['agencies', 'caseIds', 'authors'];

const SelectedFilters = ({
  filter,
  options,
  onChange,
}: {
  filter: EvidenceFilter;
  options: FilterOptions;
  onChange: (patch: EvidenceFilter) => void;
}) => {
  const groups = [...CHECKBOX_GROUPS, ...SELECT_GROUPS].filter((k) => filter[k]?.length);
  const dates = [
    filter.from ? { key: 'from' as const, label: `From ${filter.from}` } : null,
    filter.to ? { key: 'to' as const, label: `To ${filter.to}` } : null,
  ].filter((d) => d !== null);
  return (
    <div className="moj-filter__selected">
      <div className="moj-filter__selected-heading">
        <div className="moj-filter__heading-title">
          <h2 className="govuk-heading-m">Selected filters</h2>
        </div>
        <div className="moj-filter__heading-action">
          <Button
            variant="secondary"
            className="govuk-!-margin-bottom-0"
            onClick={() =>
              onChange({
                ...Object.fromEntries(groups.map((k) => [k, undefined])),
                from: undefined,
                to: undefined,
              })
            }
          >
            Clear filters
          </Button>
        </div>
      </div>
      {groups.map((key) => (
        <div key={key}>
          <h3 className="govuk-heading-s govuk-!-margin-bottom-0">{GROUP_LABELS[key]}</h3>
          <ul className="moj-filter-tags">
            {filter[key]!.map((value) => {
              const label = options[key].find((o) => o.value === value)?.label ?? value;
              return (
                <li key={value}>
                  <button
                    type="button"
                    className="moj-filter__tag"
                    onClick={() => onChange({ [key]: filter[key]!.filter((v) => v !== value) })}
                  >
                    <span className="govuk-visually-hidden">Remove this filter </span>
                    {label}
                  </button>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      {dates.length > 0 && (
        <div>
          <h3 className="govuk-heading-s govuk-!-margin-bottom-0">Date</h3>
          <ul className="moj-filter-tags">
            {dates.map((d) => (
              <li key={d.key}>
                <button
                  type="button"
                  className="moj-filter__tag"
                  onClick={() => onChange({ [d.key]: undefined })}
                >
                  <span className="govuk-visually-hidden">Remove this filter </span>
                  {d.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
};

/**
 * A date filter in GOV.UK's three boxes. The list filters as soon as the boxes make a real date
 * (or are emptied); until then what is typed stays in the boxes, and the address and the selected
 * tags keep the last real date.
 */
const DateFilter = ({
  legend,
  value,
  onChange,
}: {
  legend: string;
  value: string;
  onChange: (value: string | undefined) => void;
}) => {
  const [draft, setDraft] = useState(value);
  const settled = draft === '' || isRealDate(draft);
  // A tag removed or a link followed changes the filter from outside: the boxes follow it.
  const shown = settled ? value : draft;
  const complete = /^\d{4}-\d{1,2}-\d{1,2}$/.test(shown);
  return (
    <DateInput
      legend={legend}
      value={shown}
      error={complete ? dateError(shown, null) : null}
      onChange={(next) => {
        setDraft(next);
        if (next === '' || isRealDate(next)) onChange(next || undefined);
      }}
    />
  );
};

/** The MOJ filter component: selected filters with one-tap removal, then every option. */
export const FilterPanel = ({
  filter,
  options,
  onChange,
}: {
  filter: EvidenceFilter;
  options: FilterOptions;
  onChange: (patch: EvidenceFilter) => void;
}) => {
  const id = useId();
  return (
    <div className="moj-filter" id={id}>
      <div className="moj-filter__header">
        <div className="moj-filter__header-title">
          <h2 className="govuk-heading-m">Filter</h2>
        </div>
      </div>
      <div className="moj-filter__content">
        {activeFilterCount(filter) > 0 && (
          <SelectedFilters filter={filter} options={options} onChange={onChange} />
        )}
        <div className="moj-filter__options">
          {CHECKBOX_GROUPS.map((key) => (
            <Checkboxes
              key={key}
              legend={GROUP_LABELS[key]}
              small
              values={filter[key] ?? []}
              options={options[key]}
              onChange={(values) => onChange({ [key]: values })}
            />
          ))}
          {SELECT_GROUPS.map((key) => (
            <Select
              key={key}
              label={GROUP_LABELS[key]}
              value={filter[key]?.[0] ?? ''}
              emptyLabel="Any"
              options={options[key]}
              onChange={(v) => onChange({ [key]: v ? [v] : [] })}
            />
          ))}
          <DateFilter
            legend="From date"
            value={filter.from ?? ''}
            onChange={(from) => onChange({ from })}
          />
          <DateFilter
            legend="To date"
            value={filter.to ?? ''}
            onChange={(to) => onChange({ to })}
          />
        </div>
      </div>
    </div>
  );
};
