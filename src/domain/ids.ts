import { v7 } from 'uuid';
import type { Clock } from './clock';

/** [S1] Every record and operation id is a UUIDv7 made on the client: time-ordered, no temporary ids. */
export const newId = (clock: Clock): string => v7({ msecs: clock.now() });

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID_PATTERN.test(value);

/**
 * The time a UUIDv7 was made (its first 48 bits, Unix ms), or null for any other id. An op id is
 * made on the device when the edit is (S1), so this is when it was written, by the device's
 * clock, which may be wrong: callers check it against a time they trust.
 */
export const uuidV7Time = (id: string): number | null =>
  isUuid(id) && id[14] === '7' ? parseInt(id.slice(0, 8) + id.slice(9, 13), 16) : null;
