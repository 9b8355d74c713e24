import express, { type Router } from 'express';
import type { Clock } from '../../../src/domain/clock';
import { isEntityName } from '../../../src/domain/entities';
import { isUuid } from '../../../src/domain/ids';
import {
  ACCEPTED_SCHEMA_VERSIONS,
  API_PATHS,
  apiRoute,
  ERROR_CODES,
  PULL_AHEAD_HEADER,
  PULL_LEFT_HEADER,
  PUSH_MAX_OPS,
  PullQuerySchema,
  PushRequestSchema,
  type RecordHistory,
  type PushResponse,
} from '../../../src/domain/protocol';
import { authOf, requireAuth } from '../auth/sessions';
import { jsonBody, parseWith } from '../http/body';
import { badRequest, httpError } from '../http/errors';
import { metricsOf } from '../ops/metrics';
import type { Store } from '../store/types';
import { decodeCursor } from '../sync/cursor';
import { pullBody, pullPage } from '../sync/pull';
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

export const syncRoutes = (store: Store, clock: Clock): Router => {
  const router = express.Router();
  const auth = requireAuth(store, clock);
  // A retired device sends its unsent work before it wipes (issue 11 point 7); nothing else.
  const authToSend = requireAuth(store, clock, { retiredMaySend: true });

  router.post(
    apiRoute(API_PATHS.push),
    authToSend,
    jsonBody({ opsJudgedAlone: true }),
    async (req, res) => {
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
    },
  );

  router.get(apiRoute(API_PATHS.pull), auth, async (req, res) => {
    const { user } = authOf(res);
    const query = parseWith(PullQuerySchema, req.query, 'pull query');
    requireAcceptedVersion(query.schemaVersion);
    const cursor = decodeCursor(query.since);
    if (!cursor.ok)
      throw badRequest(cursor.message, [{ path: ['since'], message: cursor.message }]);
    const { ahead, left, ...body } = await pullPage(store, user.id, cursor.cursor, query.limit);
    // The cursor is opaque, so progress comes in headers (see PULL_AHEAD_HEADER).
    res.setHeader(PULL_AHEAD_HEADER, String(ahead));
    res.setHeader(PULL_LEFT_HEADER, String(left));
    metricsOf(res)?.pulled(body.rows.length);
    res.type('json').send(pullBody(body));
  });

  router.get(apiRoute(API_PATHS.history), auth, async (req, res) => {
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
