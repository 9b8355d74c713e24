import { v7 } from 'uuid';
import type { Clock } from './clock';

/** [S1] Every record and operation id is a UUIDv7 made on the client: time-ordered, no temporary ids. */
export const newId = (clock: Clock): string => v7({ msecs: clock.now() });

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID_PATTERN.test(value);
