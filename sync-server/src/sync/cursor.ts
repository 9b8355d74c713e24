/**
 * The pull cursor (S6, S6a), which only the server reads: the team epoch it was made at and, for
 * each inspection, the seq of the last row of it sent. Binary, then base64url, so a user on
 * hundreds of inspections still fits a URL: a format byte, the epoch, then per inspection its
 * 16-byte id and seq, numbers as unsigned LEB128 varints.
 *
 * A number (what version 1 stored) is read as that seq for every inspection, so an old checkpoint
 * keeps syncing without losing or repeating a row.
 */
export type PullCursor =
  | { kind: 'seq'; seq: number }
  | { kind: 'positions'; epoch: number; positions: ReadonlyMap<string, number> };

const FORMAT = 1;
const UUID_BYTES = 16;
/** Seven bits a byte: 8 bytes cover every safe integer's 53 bits. */
const VARINT_MAX_BYTES = 8;

const writeVarint = (out: number[], value: number) => {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
};

const uuidBytes = (id: string): number[] => {
  const hex = id.replaceAll('-', '');
  return Array.from({ length: UUID_BYTES }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
};

const uuidOf = (bytes: Uint8Array): string => {
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export const encodeCursor = (epoch: number, positions: ReadonlyMap<string, number>): string => {
  const out: number[] = [FORMAT];
  writeVarint(out, epoch);
  for (const [inspectionId, seq] of positions) {
    // An inspection with nothing sent yet needs no entry: absent reads as 0.
    if (seq === 0) continue;
    out.push(...uuidBytes(inspectionId));
    writeVarint(out, seq);
  }
  return Buffer.from(out).toString('base64url');
};

class CursorError extends Error {}

const reader = (bytes: Uint8Array) => {
  let at = 0;
  return {
    done: () => at >= bytes.length,
    byte: () => {
      if (at >= bytes.length) throw new CursorError('it ends too soon');
      return bytes[at++]!;
    },
    take: (n: number) => {
      if (at + n > bytes.length) throw new CursorError('it ends too soon');
      at += n;
      return bytes.subarray(at - n, at);
    },
  };
};

const readVarint = (r: ReturnType<typeof reader>): number => {
  let value = 0;
  for (let i = 0; i < VARINT_MAX_BYTES; i++) {
    const b = r.byte();
    value += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) {
      if (!Number.isSafeInteger(value)) throw new CursorError('a number in it is too large');
      return value;
    }
  }
  throw new CursorError('a number in it is too long');
};

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The cursor a client sent, or why it cannot be read. Absent, empty or "0": from the beginning. */
export const decodeCursor = (
  since: string | undefined,
): { ok: true; cursor: PullCursor } | { ok: false; message: string } => {
  if (since === undefined || since === '') return { ok: true, cursor: { kind: 'seq', seq: 0 } };
  if (/^\d+$/.test(since)) {
    const seq = Number(since);
    return Number.isSafeInteger(seq)
      ? { ok: true, cursor: { kind: 'seq', seq } }
      : { ok: false, message: 'The cursor is a number too large to be a seq' };
  }
  if (!BASE64URL.test(since)) return { ok: false, message: 'Not a cursor this server made' };
  try {
    const r = reader(Buffer.from(since, 'base64url'));
    if (r.byte() !== FORMAT) throw new CursorError('its format is unknown');
    const epoch = readVarint(r);
    const positions = new Map<string, number>();
    while (!r.done()) {
      const id = uuidOf(r.take(UUID_BYTES));
      if (positions.has(id)) throw new CursorError('it names an inspection twice');
      positions.set(id, readVarint(r));
    }
    return { ok: true, cursor: { kind: 'positions', epoch, positions } };
  } catch (error) {
    if (!(error instanceof CursorError)) throw error;
    return { ok: false, message: `Not a cursor this server made: ${error.message}` };
  }
};
