import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../src/config';

/** DESIGN.md §4.2: the settings main.ts and the admin CLI read. */
describe('server config', () => {
  it('defaults to 127.0.0.1:8080, ./data, SQLite and the built app in dist/', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', databaseUrl: undefined });
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.staticDir.endsWith(`${path.sep}dist`)).toBe(true);
  });

  it('reads PORT, HOST, DATA_DIR, DATABASE_URL, DATABASE_SCHEMA, STATIC_DIR, TRUST_PROXY, LOG_LEVEL and METRICS_TOKEN', () => {
    const config = readConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATA_DIR: '/srv/fieldbook',
      DATABASE_URL: 'postgres://db/fieldbook',
      DATABASE_SCHEMA: 'fb_one',
      STATIC_DIR: '/srv/app',
      TRUST_PROXY: '10.0.0.5',
      LOG_LEVEL: 'WARN',
      METRICS_TOKEN: 'a-scraper-token-of-some-length',
    });
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/srv/fieldbook',
      databaseUrl: 'postgres://db/fieldbook',
      databaseSchema: 'fb_one',
      staticDir: '/srv/app',
      trustProxy: ['10.0.0.5'],
      logLevel: 'warn',
      metricsToken: 'a-scraper-token-of-some-length',
    });
  });

  it('refuses a bad port or schema name with a clear message', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => readConfig({ LOG_LEVEL: 'loud' })).toThrow(ConfigError);
    expect(() => readConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => readConfig({ DATABASE_SCHEMA: 'x; drop table users' })).toThrow(ConfigError);
  });
});
