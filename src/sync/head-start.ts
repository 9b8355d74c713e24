import type { FieldbookDB } from '../db';
// A module, not the barrel: sign-in takes only what it uses of src/db.
import { preparePulledPage, type PreparedPage } from '../db/outbox';
import { PULL_MAX_LIMIT, SCHEMA_VERSION, type Clock, type MeResponse } from '../domain';
import type { PullPage, Transport } from './transport';

/**
 * A new tablet's first pull page, asked at sign-in as soon as the server's login answer gives the
 * token, and sealed as soon as the device's key is set up: the server builds it and the device
 * seals it while the sign-in finishes, instead of after it (issue 10: ~0.2–0.4 s of a first sync's
 * critical path on a two-core machine). It is only ever page one from the start, for one token;
 * the engine's first run writes it in place of asking that page itself only if it is still what
 * that run would have asked for and written (`fitsRun`, `rowsInScope`).
 */
export type HeadStart = {
  token: string;
  limit: number;
  schemaVersion: number;
  /** Never rejects: a failed ask is `null`, and the engine asks again and reports its own error. */
  page: Promise<PullPage | null>;
  /** The page sealed for the checkpoint `key` (`sealHeadStart`); `null` if that failed. */
  prepared?: { key: string; page: Promise<PreparedPage | null> };
  /** The sign-in's own `GET /api/me` answer, asked with the page, and when it came (clock ms). */
  scope?: { me: MeResponse; at: number };
};

/**
 * How old the sign-in's `GET /api/me` answer may be for the first run to start from it (S6a)
 * instead of asking again: that run starts within a second of the sign-in, which asked at the same
 * moment as page one. A device that took longer (another tab held the sync lock, the connection
 * went) asks afresh.
 */
export const SIGN_IN_SCOPE_MAX_AGE_MS = 5_000;

/**
 * S6a's answer for the first run: the sign-in's, when it is that session's and seconds old. The
 * device then acts on a removal exactly as if the run had begun when the sign-in asked; one made
 * since is acted on at the next run, as one made during any run is. Rows the server sends are
 * its own check of the team at each page (S8), so nothing of a team the user has left is sent.
 */
export const signInScope = (
  head: HeadStart | null,
  token: string,
  clock: Clock,
): MeResponse | undefined =>
  head?.scope && head.token === token && clock.now() - head.scope.at <= SIGN_IN_SCOPE_MAX_AGE_MS
    ? head.scope.me
    : undefined;

export const askHeadStart = (transport: Transport, token: string): HeadStart => {
  const limit = PULL_MAX_LIMIT;
  const schemaVersion = SCHEMA_VERSION;
  return {
    token,
    limit,
    schemaVersion,
    page: transport.pull(token, 0, limit, schemaVersion).catch(() => null),
  };
};

/** Once the key is in: seals the page as it arrives, with `key` as its checkpoint (S6). */
export const sealHeadStart = (head: HeadStart, db: FieldbookDB, key: string): HeadStart => ({
  ...head,
  prepared: {
    key,
    page: head.page
      .then((page) => (page ? preparePulledPage(db, page.rows, { key, value: page.next }) : null))
      .catch(() => null),
  },
});

/**
 * Whether a head start stands for the first page of this run's pull. The run's own ask would come
 * after it learnt its scope (S6a) and pushed (S6: push first, then pull), so a page asked before
 * both is used only when neither could have changed it:
 * - the same token (so the same user), page size and schema version, and the device's checkpoint
 *   still the start (another tab may have pulled meanwhile);
 * - nothing pushed by this run: a page built before its ops landed would put back, for a while,
 *   the server's older values of rows this device has just changed;
 * - and, checked once it has arrived (`rowsInScope`), no row of an inspection this run's
 *   `GET /api/me` does not list: the user was taken off its team between the two asks, and its
 *   rows must not land on the device.
 */
export const fitsRun = (
  head: HeadStart,
  run: { token: string; limit: number; schemaVersion: number; since: unknown; pushed: number },
): boolean =>
  head.token === run.token &&
  head.limit === run.limit &&
  head.schemaVersion === run.schemaVersion &&
  run.since === 0 &&
  run.pushed === 0;

export const rowsInScope = (page: PullPage, listed: ReadonlySet<string>): boolean =>
  page.rows.every((row) => listed.has(row.inspectionId));
