import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the request thread. A checkpoint copies committed pages from the WAL into
 * the database file and fsyncs it; SQLite runs one automatically inside whichever commit pushes
 * the WAL past its threshold, and with better-sqlite3 that commit blocks the event loop for as
 * long as the copy takes — about half of a push's commit time under load. Here a worker thread
 * with its own connection runs PASSIVE checkpoints after commits instead: they never wait for
 * or block the writer, and durability is unchanged (every commit still fsyncs the WAL).
 *
 * The write connection keeps an automatic checkpoint at a much higher threshold, so the WAL stays
 * bounded even if the worker falls behind or is gone.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 20_000; // ~80 MB of WAL at 4 KB pages

/** Plain CommonJS so the worker needs no TypeScript loader, whoever started the server. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
let due = false;
let running = false;
const run = () => {
  running = true;
  while (due) {
    due = false;
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      parentPort.postMessage({ error: String(error && error.message || error) });
    }
  }
  running = false;
};
parentPort.on('message', (message) => {
  if (message === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  due = true;
  if (!running) setImmediate(run);
});
`;

export type Checkpointer = {
  /** A commit just landed: checkpoint soon. Cheap; calls while one runs fold into the next. */
  committed(): void;
  close(): Promise<void>;
};

export const startCheckpointer = (
  file: string,
  onError?: (message: string, error: unknown) => void,
): Checkpointer => {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
  let alive = true;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  void exited.then(() => (alive = false));
  worker.on('message', (message: { error?: string }) => {
    if (message.error) onError?.('WAL checkpoint failed', new Error(message.error));
  });
  worker.on('error', (error) => onError?.('WAL checkpoint worker failed', error));
  // The worker only helps: it must never keep the process alive on its own.
  worker.unref();
  return {
    committed() {
      if (alive) worker.postMessage('commit');
    },
    async close() {
      if (alive) {
        // Held again while it closes: an unref'd worker would let a process whose last task is
        // this close (the admin CLI) exit before the close, and its output, ever finished.
        worker.ref();
        worker.postMessage('close');
      }
      await exited;
    },
  };
};
