import { createServer } from 'node:http';
import type { Clock } from '../../src/domain/clock';
import { createApp, type Logger } from './app';
import { ConfigError, readConfig } from './config';
import { openStore } from './store/open';

/** Reads config, opens the store, listens. Everything else lives in createApp (STYLE.md 8). */
const systemClock: Clock = { now: () => Date.now() };

const logger: Logger = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, error ?? ''),
};

/** Open SSE streams would hold the process forever; give in-flight pushes this long to finish. */
const SHUTDOWN_GRACE_MS = 5_000;

const start = async (): Promise<void> => {
  const config = readConfig();
  const store = await openStore(config, { clock: systemClock, onError: logger.error });
  const shutdown = new AbortController();
  const app = createApp({
    store,
    clock: systemClock,
    staticDir: config.staticDir,
    trustProxy: config.trustProxy,
    logger,
    shutdown: shutdown.signal,
  });
  const server = createServer(app);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const where = config.databaseUrl ? 'PostgreSQL' : `SQLite in ${config.dataDir}`;
    logger.info(`Fieldbook sync server listening on http://${config.host}:${port} (${where})`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: shutting down`);
    const force = setTimeout(() => server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      void store.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('Closing the store failed', error);
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

start().catch((error: unknown) => {
  logger.error(
    error instanceof ConfigError ? error.message : 'The server could not start',
    error instanceof ConfigError ? undefined : error,
  );
  process.exit(1);
});
