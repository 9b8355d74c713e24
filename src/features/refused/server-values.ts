import type { LocalRow } from '../../db';
import type { RecordHistory } from '../../domain';

/**
 * What the server holds for `fields` of a record, as far as this device knows: each field's
 * value at the version the device last saw (`row.versions`, S4), read from the server's history
 * of the record. A field never set on the server maps to `undefined`; one whose version is not in
 * the history is left out (unknown), so nothing is guessed.
 */
export const serverValuesOf = (
  history: RecordHistory['history'],
  row: LocalRow,
  fields: readonly string[],
): Map<string, unknown> => {
  const values = new Map<string, unknown>();
  for (const field of fields) {
    const version = row.versions[field] ?? 0;
    if (version === 0) {
      values.set(field, undefined);
      continue;
    }
    const setter = history.find((op) => op.seq === version && field in op.fields);
    if (setter) values.set(field, setter.fields[field]);
  }
  return values;
};
