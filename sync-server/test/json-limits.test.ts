import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_ROUTES } from '../../src/domain/admin';
import { ErrorBodySchema, JSON_MAX_DEPTH, SCHEMA_VERSION } from '../../src/domain/protocol';
import { jsonShapeProblem, walkShapeProblem } from '../src/http/json-shape';
import {
  addPerson,
  evidenceFields,
  id,
  makeWorld,
  notePgSkipped,
  op,
  PASSWORD,
  snapshot,
  storeKinds,
  type Person,
  type World,
} from './world';

/**
 * S10: JSON nested deeper than 32 levels and U+0000 in a username, an id or an enum value are 400
 * for a request body, or the op `rejected` `invalid` inside a push, never a 500 and never the
 * whole push; huge numbers are bad input too. Both stores (PostgreSQL text cannot hold U+0000).
 */
const nested = (levels: number, leaf: unknown = 'x'): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { a: value };
  return value;
};
/** Built as text: JSON.stringify would itself overflow on the deepest ones. */
const deepText = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

describe('[S10] the nesting walk', () => {
  it('[S10] allows exactly 32 levels, refuses 33, and walks 500,000 without recursing', () => {
    expect(jsonShapeProblem(nested(JSON_MAX_DEPTH))).toBeNull();
    expect(jsonShapeProblem(nested(JSON_MAX_DEPTH + 1))?.message).toMatch(/deeper than 32/);
    const deep = JSON.parse('['.repeat(500_000) + ']'.repeat(500_000)) as unknown;
    expect(jsonShapeProblem(deep)?.message).toMatch(/deeper than 32/);
    expect(jsonShapeProblem({ ok: ['a', { b: 'c\u0000' }] })).toEqual({
      path: 'ok.1.b',
      message: 'U+0000 is not allowed in text',
    });
    expect(jsonShapeProblem({ 'k\u0000': 1 })?.message).toMatch(/key/);
  });

  it('[S10] answers as the walk does when it answers a clean value at once', () => {
    const odd = fc.constantFrom<unknown>(
      'a\u0000b',
      JSON.parse('{"__proto__": 1}'),
      JSON.parse('{"x": {"__proto__": [1]}}'),
      { 'k\u0000': 1 },
      nested(JSON_MAX_DEPTH - 2),
      nested(JSON_MAX_DEPTH - 1),
      nested(JSON_MAX_DEPTH),
      nested(JSON_MAX_DEPTH + 1),
      nested(JSON_MAX_DEPTH - 1, 'x\u0000'),
    );
    const value = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 4 },
        { arbitrary: odd, weight: 2 },
        { arbitrary: fc.array(tie('value'), { maxLength: 3 }), weight: 1 },
        { arbitrary: fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 }), weight: 1 },
      ),
    })).value;
    fc.assert(
      fc.property(
        value,
        fc.constantFrom<number | undefined>(undefined, 2, 5, 64),
        (v, maxDepth) => {
          const checks = maxDepth === undefined ? {} : { maxDepth };
          expect(jsonShapeProblem(v, checks)).toEqual(walkShapeProblem(v, checks));
        },
      ),
      { seed: 20_261_129, numRuns: 3_000 },
    );
  });
});

notePgSkipped('JSON limits');
describe.each(storeKinds())('[S10] JSON limits on %s', (kind) => {
  let w: World;
  let coordinator: Person;
  beforeAll(async () => {
    w = await makeWorld(kind);
    coordinator = await addPerson(w.store, `coord-${id().slice(0, 6)}`, w.clock, true);
  });
  afterAll(() => w.close());

  const expect400 = async (res: { status: number; body: unknown }) => {
    expect(res.status).toBe(400);
    expect(ErrorBodySchema.parse(res.body).error.code).toBe('bad-request');
  };
  const rawPush = (who: Person, text: string) =>
    w.http
      .post('/api/sync/push')
      .set('Authorization', `Bearer ${who.token}`)
      .set('Content-Type', 'application/json')
      .send(text);

  /**
   * A push whose first and last ops are good and the ones between refused for `reasons`: the good
   * ones land, and the same push again is all duplicates (S3).
   */
  const pushTwice = async (text: string, seqBefore: number, reasons: string[]) => {
    const res = await rawPush(w.ann, text);
    expect(res.status).toBe(200);
    const results = res.body.results as { status: string; reason?: string }[];
    expect(results.map((r) => [r.status, r.reason])).toEqual([
      ['applied', undefined],
      ...reasons.map((reason) => ['rejected', reason]),
      ['applied', undefined],
    ]);
    expect(await w.store.currentSeq()).toBe(seqBefore + 2);
    const again = await rawPush(w.ann, text);
    expect(again.status).toBe(200);
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(
      results.map(() => 'duplicate'),
    );
  };

  it('[S10] [S3] an op nested too deep is rejected invalid alone; the rest of the push lands; a retry is a duplicate', async () => {
    const before = await w.store.currentSeq();
    const good = op(w.inspectionId);
    const alsoGood = op(w.inspectionId);
    const justTooDeep = op(w.inspectionId, { fields: { caseRef: 'LA-9', selection: 'tracked' } });
    const deepOpIds = [id(), id()];
    const ops = [
      JSON.stringify(good),
      JSON.stringify({ ...justTooDeep, fields: { caseRef: nested(JSON_MAX_DEPTH) } }),
      `{"opId":"${deepOpIds[0]}","entity":"childCase","entityId":"${id()}","inspectionId":"${w.inspectionId}","kind":"put","fields":{"caseRef":${deepText(2_200)}}}`,
      `{"opId":"${deepOpIds[1]}","fields":${'['.repeat(200_000)}${']'.repeat(200_000)}}`,
      JSON.stringify(alsoGood),
    ];
    // A `\u` escape in the text takes the body through the prototype-key walk: it must not recurse either.
    const text = `{"clientId":"${id()}","schemaVersion":${SCHEMA_VERSION},"note":"\\u00e9","ops":[${ops.join(',')}]}`;
    await pushTwice(text, before, ['invalid', 'invalid', 'invalid']);
  });

  it('[S10] U+0000 in an entity name, an id, a kind or an enum value rejects that op as invalid', async () => {
    const before = await snapshot(w.store);
    const nul = '\u0000';
    const ops = [
      op(w.inspectionId, { entity: `childCase${nul}` }),
      op(w.inspectionId, { entity: `space${nul}ship` }),
      { ...op(w.inspectionId), entityId: `${id()}${nul}` },
      { ...op(w.inspectionId), inspectionId: `${w.inspectionId}${nul}` },
      { ...op(w.inspectionId), opId: `${id()}${nul}` },
      { ...op(w.inspectionId), kind: `put${nul}` },
      op(w.inspectionId, { fields: { caseRef: 'LA-2', selection: `tracked${nul}` } }),
      op(w.inspectionId, {
        entity: 'evidence',
        fields: evidenceFields({ kind: `focus-group${nul}`, text: 'x' }),
      }),
    ];
    const res = await w.push(w.ann, ops);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { reason?: string }) => r.reason)).toEqual(
      ops.map(() => 'invalid'),
    );
    expect(await snapshot(w.store)).toEqual(before);
  });

  it('[S10] [S3] a lone surrogate in an entity name or a malformed id rejects that op alone; the rest lands; a retry is a duplicate', async () => {
    const before = await w.store.currentSeq();
    // Escapes in the text: JSON.parse gives strings holding one half of a surrogate pair, which
    // PostgreSQL text cannot hold; the record of the refused op keeps U+FFFD instead.
    const ops = [
      JSON.stringify(op(w.inspectionId)),
      `{"opId":"${id()}","entity":"child\\ud800Case","entityId":"${id()}","inspectionId":"${w.inspectionId}","kind":"put","fields":{}}`,
      `{"opId":"${id()}","entity":"childCase","entityId":"\\udc00${id()}","inspectionId":"${w.inspectionId}","kind":"put"}`,
      `{"opId":"${id()}","entity":"childCase","entityId":"${id()}","inspectionId":"${'\\ud83d'.repeat(60)}","kind":"put\\ud83d"}`,
      JSON.stringify(op(w.inspectionId)),
    ];
    const text = `{"clientId":"${id()}","schemaVersion":${SCHEMA_VERSION},"ops":[${ops.join(',')}]}`;
    await pushTwice(text, before, ['unknown-entity', 'invalid', 'invalid']);
  });

  it('[S10] huge numbers are rejected, never stored: base, schemaVersion, a field', async () => {
    const before = await snapshot(w.store);
    const entityId = id();
    const res = await rawPush(
      w.ann,
      `{"clientId":"${id()}","schemaVersion":${SCHEMA_VERSION},"ops":[` +
        `{"opId":"${id()}","entity":"childCase","entityId":"${entityId}","inspectionId":"${w.inspectionId}","kind":"put","fields":{"caseRef":"LA-3","selection":"tracked"},"base":{"caseRef":1e999}},` +
        `{"opId":"${id()}","entity":"childCase","entityId":"${entityId}","inspectionId":"${w.inspectionId}","kind":"put","fields":{"caseRef":1e308,"selection":"tracked"}},` +
        `{"opId":"${id()}","entity":"childCase","entityId":"${entityId}","inspectionId":"${w.inspectionId}","kind":"put","fields":{"caseRef":"LA-3","selection":"tracked"},"base":{"caseRef":123456789012345678901234567890}}]}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { reason?: string }) => r.reason)).toEqual([
      'invalid',
      'invalid',
      'invalid',
    ]);
    await expect400(await rawPush(w.ann, `{"clientId":"${id()}","schemaVersion":1e999,"ops":[]}`));
    await expect400(
      await w.pull(w.ann, '?since=99999999999999999999999999999999999999&limit=1e308'),
    );
    expect(await snapshot(w.store)).toEqual(before);
  });

  it('[S10] a request body nested deeper than 32 levels is 400, on every body-taking route', async () => {
    const deep = JSON.stringify({ username: 'x', password: nested(40) });
    await expect400(
      await w.http.post('/api/auth/login').set('Content-Type', 'application/json').send(deep),
    );
    await expect400(
      await w.http
        .post('/api/auth/login')
        .set('Content-Type', 'application/json')
        .send(`{"username":${deepText(100_000)}}`),
    );
    await expect400(
      await w.http
        .put(ADMIN_ROUTES.inspectionTeam(w.inspectionId))
        .set('Authorization', `Bearer ${coordinator.token}`)
        .send({ members: [{ userId: w.lead.id, role: 'lead', x: nested(40) }] }),
    );
  });

  it('[S10] U+0000 in a username is 400 at sign-in and when a coordinator adds a user', async () => {
    await expect400(
      await w.http
        .post('/api/auth/login')
        .send({ username: `${w.ann.username}\u0000`, password: PASSWORD }),
    );
    await expect400(
      await w.http
        .post(ADMIN_ROUTES.users)
        .set('Authorization', `Bearer ${coordinator.token}`)
        .send({
          username: 'nul\u0000l',
          name: 'N',
          inspectorate: 'ofsted',
          admin: false,
          password: PASSWORD,
        }),
    );
    await expect400(
      await w.http
        .put(ADMIN_ROUTES.inspectionStatus(w.inspectionId))
        .set('Authorization', `Bearer ${coordinator.token}`)
        .send({ status: 'fieldwork\u0000' }),
    );
    // The real sign-in still works: nothing above broke the store.
    const ok = await w.http
      .post('/api/auth/login')
      .send({ username: w.ann.username, password: PASSWORD });
    expect(ok.status).toBe(200);
  });
});
