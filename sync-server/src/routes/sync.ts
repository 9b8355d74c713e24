import express, { type Router } from 'express';
import type { Clock } from '../../../src/domain/clock';
import { isEntityName } from '../../../src/domain/entities';
import { isUuid } from '../../../src/domain/ids';
import { toSyncRow } from '../../../src/domain/merge';
import {
  ACCEPTED_SCHEMA_VERSIONS,
  ERROR_CODES,
  PUSH_MAX_OPS,
  PullQuerySchema,
  PushRequestSchema,
  type PullResponse,
  type RecordHistory,
  type PushResponse,
} from '../../../src/domain/protocol';
import { authOf, requireAuth } from '../auth/sessions';
import { jsonBody, parseWith } from '../http/body';
import { httpError } from '../http/errors';
import { metricsOf } from '../ops/metrics';
import type { Store } from '../store/types';
import { pushOps } from '../sync/push';

/** S9: an app too old for the wire format gets 426 and nothing lands; it keeps its outbox. */
const requireAcceptedVersion = (version: number | undefined): void => {
  if (version === undefined || ACCEPTED_SCHEMA_VERSIONS.includes(version)) return;
  throw httpError(
    ERROR_CODES.clientTooOld,
    'This version of the app is too old to sync: update it',
    {
      accepted: [...ACCEPTED_SCHEMA_VERSIONS],
    },
  );
};

/** The newest row seq the user may see, sent with every pull page. */
export const HEAD_SEQ_HEADER = 'X-Fieldbook-Head-Seq';

export const syncRoutes = (store: Store, clock: Clock): Router => {
  const router = express.Router();
  const auth = requireAuth(store, clock);
  // A retired device sends its unsent work before it wipes (issue 11 point 7); nothing else.
  const authToSend = requireAuth(store, clock, { retiredMaySend: true });

  router.post('/sync/push', authToSend, jsonBody({ opsJudgedAlone: true }), async (req, res) => {
    const { user } = authOf(res);
    const request = parseWith(PushRequestSchema, req.body, 'push request');
    requireAcceptedVersion(request.schemaVersion);
    if (request.ops.length > PUSH_MAX_OPS) {
      throw httpError(ERROR_CODES.payloadTooLarge, `At most ${PUSH_MAX_OPS} ops in one push`, {
        maxOps: PUSH_MAX_OPS,
      });
    }
    const results = await pushOps(store, clock, {
      userId: user.id,
      clientId: request.clientId,
      ops: request.ops,
    });
    metricsOf(res)?.pushed(results);
    const body: PushResponse = { results };
    res.json(body);
  });

  router.get('/sync/pull', auth, async (req, res) => {
    const { user } = authOf(res);
    const query = parseWith(PullQuerySchema, req.query, 'pull query');
    requireAcceptedVersion(query.schemaVersion);
    const inspectionIds = await store.inspectionIdsFor(user.id);
    // One row more than asked tells whether another page follows without a count query.
    const rows = await store.rowsSince(inspectionIds, query.since, query.limit + 1);
    const page = rows.slice(0, query.limit);
    // Lets a first sync show real progress: how far `next` has to go (src/sync/engine.ts).
    res.setHeader(HEAD_SEQ_HEADER, String(await store.headSeq(inspectionIds)));
    const body: PullResponse = {
      rows: page.map(toSyncRow),
      next: page.at(-1)?.seq ?? query.since,
      hasMore: rows.length > query.limit,
    };
    metricsOf(res)?.pulled(page.length);
    res.json(body);
  });

  router.get('/records/:entity/:id/history', auth, async (req, res) => {
    const { user } = authOf(res);
    const { entity, id } = req.params;
    if (!isEntityName(entity) || !isUuid(id))
      throw httpError(ERROR_CODES.notFound, 'No such record');
    const row = await store.rowById(id);
    if (!row || row.entity !== entity) throw httpError(ERROR_CODES.notFound, 'No such record');
    if (!(await store.inspectionIdsFor(user.id)).includes(row.inspectionId)) {
      throw httpError(
        ERROR_CODES.forbidden,
        'Only the team of this inspection may see its history',
      );
    }
    const history = (await store.history(id))
      .filter((op) => op.inspectionId === row.inspectionId)
      .map((op) => ({
        opId: op.opId,
        seq: op.seq,
        author: op.userId,
        at: op.at,
        kind: op.kind,
        fields: op.fields,
        base: op.base,
        status: op.status,
      }));
    const body: RecordHistory = { entity, id, inspectionId: row.inspectionId, history };
    res.json(body);
  });

  return router;
};
