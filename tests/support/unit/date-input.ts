import { within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/**
 * Types an ISO date (`2026-11-26`) into a GOV.UK date input's three boxes, as a person would:
 * `group` is the fieldset, found by its legend (`getByRole('group', { name })`). An empty date
 * empties the boxes.
 */
export const fillDate = async (user: UserEvent, group: HTMLElement, isoDate: string) => {
  const [year = '', month = '', day = ''] = isoDate ? isoDate.split('-') : [];
  for (const [label, value] of [
    ['Day', day],
    ['Month', month],
    ['Year', year],
  ] as const) {
    const box = within(group).getByLabelText(label);
    await user.clear(box);
    if (value) await user.type(box, value);
  }
};

/** What a GOV.UK date input's boxes hold, as `YYYY-MM-DD` (or '' when empty). */
export const dateShown = (group: HTMLElement): string => {
  const box = (label: string) => within(group).getByLabelText<HTMLInputElement>(label).value;
  const [day, month, year] = [box('Day'), box('Month'), box('Year')];
  return day || month || year ? `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}` : '';
};
