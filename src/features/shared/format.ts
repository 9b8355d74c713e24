/**
 * Dates as people in England read them ("26 November 2026"), and the round trip between stored ISO
 * timestamps and the `datetime-local` control, which works in the device's own time zone.
 */
const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** `2026-11-26` (or a timestamp's date part) → "26 November 2026". */
export const formatDate = (isoDate: string): string => {
  const ms = Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? isoDate : DATE.format(ms);
};

export const formatDateTime = (iso: string): string => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : DATE_TIME.format(ms);
};

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO timestamp → the value a `datetime-local` input shows (local time, minutes). */
export const toDateTimeLocal = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** A `datetime-local` value (local time) → an ISO timestamp, or null when it is not a real time. */
export const fromDateTimeLocal = (value: string): string | null => {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

/** Adds whole days to an ISO date (`YYYY-MM-DD`), in UTC so no daylight-saving shift moves it. */
export const addDays = (isoDate: string, days: number): string | null => {
  const ms = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(ms)) return null;
  return new Date(ms + days * 86_400_000).toISOString().slice(0, 10);
};
