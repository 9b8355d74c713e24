import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/domain/protocol';
import { PullResponseSchema } from '../../src/domain/protocol';
import { addPerson, makeWorld, op, snapshot, type Person, type World } from './world';

/** S6 pull, S7 server-sent hints, S9 versions. */
describe('pull, hints and versions', () => {
  let w: World;
  beforeAll(async () => {
    w = await makeWorld();
  });
  afterAll(() => w.close());

  const pushMany = async (who: Person, count: number) => {
    for (let done = 0; done < count; done += 500) {
      const ops = Array.from({ length: Math.min(500, count - done) }, () => op(w.inspectionId));
      const res = await w.push(who, ops);
      expect(res.status).toBe(200);
    }
  };

  it('[S6] pages in seq order with an opaque next and hasMore, never skipping or repeating a row', async () => {
    await pushMany(w.ann, 1_205);
    const seen: number[] = [];
    const left: number[] = [];
    let since: string | number = 0;
    let ahead = -1;
    for (;;) {
      const res = await w.pull(w.ben, `?since=${since}&limit=250`);
      expect(res.status).toBe(200);
      const page = PullResponseSchema.parse(res.body);
      seen.push(...page.rows.map((r) => r.seq));
      expect(typeof page.next).toBe('string');
      if (ahead < 0) ahead = Number(res.headers['x-fieldbook-pull-ahead']);
      left.push(Number(res.headers['x-fieldbook-pull-left']));
      since = page.next;
      if (!page.hasMore) break;
    }
    expect(seen).toHaveLength(1_205);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    // Progress: from the first row's seq distance to nothing left, never going back.
    expect(ahead).toBe(seen.at(-1));
    expect(left).toEqual([...left].sort((a, b) => b - a));
    expect(left.at(-1)).toBe(0);
    const outsider = await w.pull(w.outsider, '?limit=1');
    expect(outsider.headers['x-fieldbook-pull-ahead']).toBe('0');
    const empty = await w.pull(w.ben, `?since=${since}`);
    expect(empty.body).toMatchObject({ rows: [], hasMore: false });
    expect(empty.headers['x-fieldbook-pull-left']).toBe('0');
  });

  it('[S6] since defaults to 0, limit to 500 and is clamped to 1000', async () => {
    const byDefault = await w.pull(w.ann);
    expect(byDefault.body.rows).toHaveLength(500);
    expect(byDefault.body.rows[0].seq).toBe(1);
    const clamped = await w.pull(w.ann, '?limit=5000');
    expect(clamped.body.rows).toHaveLength(1000);
    expect(clamped.body.hasMore).toBe(true);
  });

  it('[S6] each row has the wire shape, author set by the server', async () => {
    const res = await w.pull(w.ann, '?limit=1');
    expect(Object.keys(res.body.rows[0]).sort()).toEqual(
      [
        'author',
        'conflicts',
        'createdAt',
        'deleted',
        'entity',
        'fields',
        'id',
        'inspectionId',
        'seq',
        'updatedAt',
        'versions',
      ].sort(),
    );
    expect(res.body.rows[0].author).toBe(w.ann.id);
  });

  it('[S9] a push or pull with a schemaVersion the server does not accept gets 426 and nothing lands', async () => {
    const before = await snapshot(w.store);
    const push = await w.http
      .post('/api/sync/push')
      .set('Authorization', `Bearer ${w.ann.token}`)
      .send({ clientId: crypto.randomUUID(), schemaVersion: 0, ops: [op(w.inspectionId)] });
    expect(push.status).toBe(426);
    expect(push.body.error).toMatchObject({
      code: 'client-too-old',
      details: { accepted: [SCHEMA_VERSION] },
    });
    expect(await snapshot(w.store)).toEqual(before);
    const pull = await w.pull(w.ann, '?schemaVersion=0');
    expect(pull.status).toBe(426);
    expect(pull.body.error.details.accepted).toEqual([SCHEMA_VERSION]);
    expect((await w.pull(w.ann, `?schemaVersion=${SCHEMA_VERSION}&limit=1`)).status).toBe(200);
  });

  describe('[S7] server-sent events', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = w.app.listen(0);
      await new Promise((resolve) => server.once('listening', resolve));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    /** Reads the stream like the client does (fetch-style, with the bearer header). */
    const listen = (who: Person) => {
      const received: string[] = [];
      let status = 0;
      let ended = false;
      const req = httpRequest(
        { port, path: '/api/sync/events', headers: { Authorization: `Bearer ${who.token}` } },
        (res) => {
          status = res.statusCode ?? 0;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => received.push(chunk));
          res.on('end', () => (ended = true));
        },
      );
      req.on('error', () => (ended = true));
      req.end();
      return {
        received: () => received.join(''),
        status: () => status,
        ended: () => ended,
        stop: () => req.destroy(),
      };
    };
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    };

    it('[S7] hints the team after a commit, with inspectionId and seq, and nobody else', async () => {
      const ben = listen(w.ben);
      const outsider = listen(w.outsider);
      await until(
        () => ben.received().includes('connected') && outsider.received().includes('connected'),
      );
      const res = await w.push(w.ann, [op(w.inspectionId)]);
      const seq = res.body.results[0].seq as number;
      const expected = `event: changed\ndata: ${JSON.stringify({ inspectionId: w.inspectionId, seq })}\n\n`;
      await until(() => ben.received().includes(expected));
      expect(ben.status()).toBe(200);
      expect(ben.received()).toContain(expected);
      expect(outsider.received()).not.toContain('event: changed');
      ben.stop();
      outsider.stop();
    });

    it('[S7] sends heartbeats and ends the stream when the session ends', async () => {
      const carl = await addPerson(w.store, `carl-${crypto.randomUUID().slice(0, 6)}`, w.clock);
      const stream = listen(carl);
      await until(() => stream.received().includes(': heartbeat'));
      expect(stream.received()).toContain(': heartbeat');
      const out = await w.http
        .post('/api/auth/logout')
        .set('Authorization', `Bearer ${carl.token}`);
      expect(out.status).toBe(200);
      await until(() => stream.ended());
      expect(stream.ended()).toBe(true);
    });

    it('[S7] refuses a stream without a session', async () => {
      const res = await w.http.get('/api/sync/events');
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    });
  });
});
