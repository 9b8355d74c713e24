import { createServer } from 'node:http';
import type { Clock } from '../../src/domain/clock';
import { createApp } from './app';
import { ConfigError, readConfig } from './config';
import { startPurgeSchedule } from './admin/retention-commands';
import { createLog } from './ops/logging';
import { openStore } from './store/open';

/** Reads config, opens the store, listens. Everything else lives in createApp (STYLE.md 8). */
const systemClock: Clock = { now: () => Date.now() };

/** Open SSE streams would hold the process forever; give in-flight pushes this long to finish. */
const SHUTDOWN_GRACE_MS = 5_000;

const start = async (): Promise<void> => {
  const config = readConfig();
  const log = createLog(config.logLevel);
  const store = await openStore(config, {
    clock: systemClock,
    onError: (message, err) => log.error({ err }, message),
  });
  const shutdown = new AbortController();
  const app = createApp({
    store,
    clock: systemClock,
    staticDir: config.staticDir,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    log,
    shutdown: shutdown.signal,
  });
  const server = createServer(app);
  // DESIGN.md §4.3: content past its retention date is purged at start, then daily.
  const purging = startPurgeSchedule({
    store,
    clock: systemClock,
    timers: {
      setInterval: (run, ms) => setInterval(run, ms).unref(),
      clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    },
    onError: (err) => log.error({ err }, 'The retention purge failed'),
    onPurged: (purged) => log.info({ purged }, 'Purged inspections past their retention date'),
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
    log.info(
      { port, host: config.host, store: config.databaseUrl ? 'postgres' : 'sqlite' },
      `Fieldbook sync server listening on http://${config.host}:${port} (${where})`,
    );
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'Shutting down');
    purging.stop();
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      void store.close().then(
        () => {
          log.info('Stopped');
          log.flush();
          process.exit(0);
        },
        (err: unknown) => {
          log.error({ err }, 'Closing the store failed');
          log.flush();
          process.exit(1);
        },
      );
    });
    shutdown.abort();
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
};

start().catch((err: unknown) => {
  // The configured log may not exist yet: a plain JSON line at error level says why.
  const log = createLog('error');
  if (err instanceof ConfigError) log.error(err.message);
  else log.error({ err }, 'The server could not start');
  log.flush();
  process.exit(1);
});
