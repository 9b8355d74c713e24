// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { DateInput, dateError } from './DateInput';

afterEach(cleanup);

const Harness = ({ initial, seen }: { initial: string; seen: string[] }) => {
  const [value, setValue] = useState(initial);
  return (
    <>
      <DateInput
        id="when"
        legend="Date of the meeting"
        error={dateError(value, 'Enter the date of the meeting')}
        value={value}
        onChange={(next) => {
          seen.push(next);
          setValue(next);
        }}
      />
      <button type="button" onClick={() => setValue('2027-01-02')}>
        Set from elsewhere
      </button>
    </>
  );
};

const boxes = () => {
  const group = screen.getByRole('group', { name: 'Date of the meeting' });
  const box = (label: string) => within(group).getByLabelText<HTMLInputElement>(label);
  return { day: box('Day'), month: box('Month'), year: box('Year') };
};

describe('the GOV.UK date input', () => {
  it('shows a stored date as day, month and year without leading zeros, the day box carrying the id', () => {
    render(<Harness initial="2026-03-05" seen={[]} />);
    const { day, month, year } = boxes();
    expect([day.value, month.value, year.value]).toEqual(['5', '3', '2026']);
    expect(day.id).toBe('when');
    expect(screen.queryByText(/must be a real date/)).toBeNull();
  });

  it('gives an ISO date once the three boxes hold numbers, and keeps a half-typed date on screen', async () => {
    const seen: string[] = [];
    const user = userEvent.setup();
    render(<Harness initial="" seen={seen} />);
    expect(screen.getByText('Enter the date of the meeting')).toBeTruthy();
    await user.type(boxes().day, '9');
    expect(boxes().day.value).toBe('9');
    expect(screen.getByText('Date must be a real date')).toBeTruthy();
    await user.type(boxes().month, '12');
    await user.type(boxes().year, '2026');
    expect(seen.at(-1)).toBe('2026-12-09');
    expect(screen.queryByText(/must be a real date|Enter the date/)).toBeNull();
  });

  it('says "Date must be a real date" for 31 February', async () => {
    const user = userEvent.setup();
    render(<Harness initial="2026-02-28" seen={[]} />);
    await user.clear(boxes().day);
    await user.type(boxes().day, '31');
    expect(screen.getByText('Date must be a real date')).toBeTruthy();
    const group = screen.getByRole('group', { name: 'Date of the meeting' });
    expect(group.getAttribute('aria-describedby')).toBe('when-error');
  });

  it('follows a value set from outside the boxes', async () => {
    const user = userEvent.setup();
    render(<Harness initial="2026-11-26" seen={[]} />);
    await user.click(screen.getByRole('button', { name: 'Set from elsewhere' }));
    const { day, month, year } = boxes();
    expect([day.value, month.value, year.value]).toEqual(['2', '1', '2027']);
  });
});

describe('dateError', () => {
  it('is null for a real date, the given message when empty and GOV.UK words otherwise', () => {
    expect(dateError('2024-02-29', 'Enter a date')).toBeNull();
    expect(dateError('', 'Enter a date')).toBe('Enter a date');
    expect(dateError('', null)).toBeNull();
    expect(dateError('2026-02-30', null)).toBe('Date must be a real date');
    expect(dateError('2026--3', null)).toBe('Date must be a real date');
  });
});
