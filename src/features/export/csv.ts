/** CSV as RFC 4180 and spreadsheets want it: the parts every export file is written with. */

/** Excel reads a file as UTF-8 only when it starts with the byte order mark. */
export const UTF8_BOM = '\uFEFF';

/**
 * One RFC 4180 field: quoted when it holds a comma, quote or line break, quotes doubled. A cell
 * that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe, so
 * opening the export cannot execute anything (OWASP "CSV injection").
 */
export const csvField = (value: string): string => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const csvLine = (fields: readonly string[]): string => fields.map(csvField).join(',');
