import { useState, type ReactNode } from 'react';

export type Column<T> = {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Leave out for a column that cannot be sorted. */
  sortValue?: (row: T) => string | number;
  numeric?: boolean;
};

type Sort = { key: string; direction: 'ascending' | 'descending' };

const compare = (a: string | number, b: string | number) =>
  typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a).localeCompare(String(b), 'en-GB', { numeric: true, sensitivity: 'base' });

/**
 * The MOJ sortable table as a React component: each sortable header is a real button, and
 * `aria-sort` tells assistive technology which column orders the rows and which way.
 */
export const SortableTable = <T,>({
  caption,
  columns,
  rows,
  rowKey,
  initialSort,
  compact,
}: {
  caption: ReactNode;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  initialSort?: Sort;
  /** Smaller text, so a wide table fits a portrait tablet (768 px). */
  compact?: boolean;
}) => {
  const [sort, setSort] = useState<Sort | undefined>(initialSort);
  const column = columns.find((c) => c.key === sort?.key);
  const sorted =
    column?.sortValue && sort
      ? [...rows].sort((a, b) => {
          const order = compare(column.sortValue!(a), column.sortValue!(b));
          return sort.direction === 'ascending' ? order : -order;
        })
      : rows;
  const toggle = (key: string) =>
    setSort((current) => ({
      key,
      direction:
        current?.key === key && current.direction === 'ascending' ? 'descending' : 'ascending',
    }));
  return (
    <table
      className={`govuk-table${compact ? ' govuk-!-font-size-16' : ''}`}
      data-module="moj-sortable-table"
    >
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {columns.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={`govuk-table__header${c.numeric ? ' govuk-table__header--numeric' : ''}`}
              aria-sort={c.sortValue ? (sort?.key === c.key ? sort.direction : 'none') : undefined}
            >
              {c.sortValue ? (
                <button
                  type="button"
                  className="govuk-!-padding-top-3 govuk-!-padding-bottom-3"
                  onClick={() => toggle(c.key)}
                >
                  {c.header}
                </button>
              ) : (
                c.header
              )}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {sorted.map((row) => (
          <tr className="govuk-table__row" key={rowKey(row)}>
            {columns.map((c) => (
              <td
                key={c.key}
                className={`govuk-table__cell${c.numeric ? ' govuk-table__cell--numeric' : ''}`}
              >
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
};
