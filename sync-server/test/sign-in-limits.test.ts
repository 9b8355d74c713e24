import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock';
import { ErrorBodySchema } from '../../src/domain/protocol';
import { createApp } from '../src/app';
import { readConfig } from '../src/config';
import { LOGIN_WINDOW_MS, usernameDelayMs } from '../src/auth/rate-limit';
import {
  PASSWORD,
  START_MS,
  addPerson,
  notePgSkipped,
  openTestStore,
  storeKinds,
  type OpenedStore,
} from './world';

/**
 * DESIGN.md §4.2, with an injected clock: 10 failures from one address in 15 minutes → 429 for
 * that address; failures for one username from other addresses slow it down there, but never
 * lock its owner out from an address without failures; X-Forwarded-For counts only from a proxy
 * named in TRUST_PROXY (unset by default).
 */
notePgSkipped('sign-in limits');
describe.each(storeKinds())('sign-in limits on %s', (kind) => {
  let nowMs = START_MS;
  const clock: Clock = { now: () => nowMs };
  let opened: OpenedStore;
  /** Behind a proxy on this machine: each request names its client in X-Forwarded-For. */
  let proxied: ReturnType<typeof supertest>;
  /** No TRUST_PROXY: the socket's address is the client, whatever the header says. */
  let direct: ReturnType<typeof supertest>;
  /** A proxy is named, but not this one (the tests connect from loopback). */
  let otherProxy: ReturnType<typeof supertest>;

  beforeAll(async () => {
    opened = await openTestStore(kind, clock);
    for (const name of ['lead', 'ann', 'bob', 'cat', 'dan'])
      await addPerson(opened.store, name, clock);
    proxied = supertest(createApp({ store: opened.store, clock, trustProxy: ['loopback'] }));
    direct = supertest(createApp({ store: opened.store, clock }));
    otherProxy = supertest(createApp({ store: opened.store, clock, trustProxy: ['10.200.0.1'] }));
  });
  afterAll(() => opened.close());

  const login = (
    username: string,
    password: string,
    address: string,
    http: ReturnType<typeof supertest> = proxied,
  ) => http.post('/api/auth/login').set('X-Forwarded-For', address).send({ username, password });
  const expectLimited = (res: {
    status: number;
    body: unknown;
    headers: Record<string, string>;
  }) => {
    expect(res.status).toBe(429);
    expect(ErrorBodySchema.parse(res.body).error.code).toBe('rate-limited');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    return retryAfter;
  };
  /** Each test moves the clock a window on, so earlier failures no longer count. */
  const freshWindow = () => {
    nowMs += LOGIN_WINDOW_MS + 60_000;
  };

  it('[§4.2] after 10 failures from one address, that address gets 429 for any username, even with the right password, until the window passes', async () => {
    freshWindow();
    for (let i = 0; i < 10; i++) {
      expect((await login(`nobody${i}`, 'guess', '203.0.113.7')).status).toBe(401);
      nowMs += 1000;
    }
    expectLimited(await login('ann', PASSWORD, '203.0.113.7'));
    expect((await login('ann', PASSWORD, '203.0.113.8')).status).toBe(200);
    nowMs += LOGIN_WINDOW_MS - 9_000; // the first failure has just left the window
    expect((await login('ann', PASSWORD, '203.0.113.7')).status).toBe(200);
  });

  it('[§4.2] ten wrong passwords for the lead from many addresses never lock the lead out from a clean address', async () => {
    freshWindow();
    for (let i = 0; i < 30; i++) {
      const res = await login('lead', 'guess', `198.51.100.${i}`);
      expect(res.status).toBe(401);
    }
    // The owner, at the office, with no failures there: straight in.
    expect((await login('lead', PASSWORD, '192.0.2.10')).status).toBe(200);
    expect((await login('LEAD', PASSWORD, '192.0.2.11')).status).toBe(200);
  });

  it('[§4.2] failures for one username slow it down at addresses that have failures, more with each failure', async () => {
    freshWindow();
    for (let i = 0; i < 10; i++)
      expect((await login('bob', 'guess', `198.51.100.${i}`)).status).toBe(401);
    // Address .3 has one failure (under the address limit): bob is slowed there, others are not.
    const first = expectLimited(await login('bob', PASSWORD, '198.51.100.3'));
    expect(first).toBe(usernameDelayMs(10) / 1000);
    expect((await login('cat', PASSWORD, '198.51.100.3')).status).toBe(200);
    nowMs += usernameDelayMs(10);
    expect((await login('bob', 'guess again', '198.51.100.3')).status).toBe(401);
    // The eleventh failure doubles the wait.
    expect(expectLimited(await login('bob', PASSWORD, '198.51.100.4'))).toBe(
      usernameDelayMs(11) / 1000,
    );
    expect(usernameDelayMs(11)).toBe(2 * usernameDelayMs(10));
    nowMs += usernameDelayMs(11);
    expect((await login('bob', PASSWORD, '198.51.100.4')).status).toBe(200);
    // The slow-down never exceeds the window.
    expect(usernameDelayMs(60)).toBe(LOGIN_WINDOW_MS);
  });

  it('[§4.2] without TRUST_PROXY a client rotating X-Forwarded-For is still one address', async () => {
    freshWindow();
    for (let i = 0; i < 10; i++)
      expect((await login(`x${i}`, 'guess', `192.0.2.${100 + i}`, direct)).status).toBe(401);
    expectLimited(await login('dan', PASSWORD, '192.0.2.200', direct));
    // From a proxy that is not the named one, the header is ignored in the same way.
    expectLimited(await login('dan', PASSWORD, '192.0.2.201', otherProxy));
    // Through the trusted proxy the real client at another address is not affected.
    expect((await login('dan', PASSWORD, '192.0.2.202')).status).toBe(200);
  });
});

describe('TRUST_PROXY', () => {
  it('[§4.2] is unset by default, takes a list of addresses, subnets or names, and refuses a hop count', () => {
    expect(readConfig({}).trustProxy).toEqual([]);
    expect(readConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(() => readConfig({ TRUST_PROXY: 'true' })).toThrow(/not a count/);
    expect(() => readConfig({ TRUST_PROXY: '2' })).toThrow(/not a count/);
    expect(() => readConfig({ TRUST_PROXY: 'my-proxy' })).toThrow(/TRUST_PROXY/);
  });
});
