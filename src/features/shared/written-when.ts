import { uuidV7Time } from '../../domain';
import { formatDateTime, hourMinute, localDateOf } from './format';

/**
 * A device clock can be wrong (a reset tablet says 1970, a dead battery last week): a written time
 * after the server received the edit is impossible, and one this long before it is not believed.
 * An inspection's fieldwork lasts days to a few weeks, offline at most for that long.
 */
export const WRITTEN_BEFORE_SENT_MAX_MS = 45 * 24 * 60 * 60 * 1000;

/**
 * When an edit was written (its op id's UUIDv7 time, S1) and when it reached the server (`at`),
 * for a conflict card: two inspectors offline all day both "sent" at 17:30 what they wrote at
 * 09:14. "written 26 Nov 2026, 09:14, sent 17:30"; across days "written 25 Nov 2026, 16:02, sent
 * 26 Nov 2026, 08:10"; the same minute, or a written time not to be believed, only
 * "sent 26 Nov 2026, 17:30". No wire change: the time is in the op id already.
 */
export const writtenWhen = (opId: string, at: string): string => {
  const sentMs = Date.parse(at);
  if (Number.isNaN(sentMs)) return at;
  const sent = formatDateTime(at);
  const writtenMs = uuidV7Time(opId);
  if (writtenMs === null || writtenMs > sentMs || sentMs - writtenMs > WRITTEN_BEFORE_SENT_MAX_MS)
    return `sent ${sent}`;
  const written = new Date(writtenMs).toISOString();
  if (formatDateTime(written) === sent) return `sent ${sent}`;
  return localDateOf(written) === localDateOf(at)
    ? `written ${formatDateTime(written)}, sent ${hourMinute(at)}`
    : `written ${formatDateTime(written)}, sent ${sent}`;
};
