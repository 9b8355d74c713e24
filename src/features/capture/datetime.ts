/**
 * The inspector types the local wall-clock date and time of what they saw; the record keeps an
 * ISO 8601 instant. These convert between the two in the device's own time zone.
 */
const pad = (n: number) => String(n).padStart(2, '0');

export const localDateOf = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? ''
    : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

export const localTimeOf = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** `null` when the date or time is not a real one (the field shows an error, nothing is saved). */
export const isoFromLocal = (date: string, time: string): string | null => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}(:\d{2})?$/.test(time)) return null;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss = 0] = time.split(':').map(Number) as [number, number, number?];
  const at = new Date(y, m - 1, d, hh, mm, ss);
  // Rejects 31 February and 25:00 rather than rolling them over silently.
  if (at.getMonth() !== m - 1 || at.getDate() !== d || hh > 23 || mm > 59) return null;
  return at.toISOString();
};

/** "09:41:07", for the saved status and shadowing line stamps. */
export const clockTime = (msOrIso: number | string): string => {
  const d = new Date(msOrIso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};

/** "26 Nov 2026, 09:41", for lists and conflict authors. */
export const shortDateTime = (iso: string): string => {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' })}, ${pad(d.getHours())}:${pad(d.getMinutes())}`;
};
