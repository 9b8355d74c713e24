import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readStat, TICK_MS } from './proc';
import type { Clock } from '../../src/domain/clock';
import {
  addUser as addUserCommand,
  revokeSessions as revokeSessionsCommand,
} from '../../sync-server/src/admin/commands';
import { addInspection as addInspectionCommand } from '../../sync-server/src/admin/inspection-commands';
import { readConfig } from '../../sync-server/src/config';
import { openStore } from '../../sync-server/src/store/open';
import type { Store } from '../../sync-server/src/store/types';
import { REPO_ROOT, tsxArgs } from './paths';

/** Cold tsx start-up plus the first SQLite migration on a loaded two-core machine. */
const START_DEADLINE_MS = 30_000;
/** Long enough for a graceful close of open SSE streams; then the process is killed outright. */
const STOP_GRACE_MS = 5_000;
const POLL_INTERVAL_MS = 100;
/** Kept so a failed start can say why without flooding the test output. */
const LOG_TAIL_CHARS = 4_000;

export type ServerOptions = {
  /** Extra environment, e.g. `{ DATABASE_URL }` to run on PostgreSQL instead of SQLite. */
  env?: Record<string, string>;
  /** Reuse a data directory (e.g. one prepared with `runAdmin`); a fresh temp dir otherwise. */
  dataDir?: string;
  port?: number;
};

export type RunningServer = {
  url: string;
  port: number;
  dataDir: string;
  /**
   * Stops the process and keeps its data. The only real "offline": a service worker's own
   * fetches ignore Playwright's setOffline.
   */
  stop: () => Promise<void>;
  /** Starts again (stopping first if running) on the same port and data, so the origin and the
   * browser's storage for it are kept. */
  restart: () => Promise<void>;
  /** Stops and removes the temp data directory if startServer made it. Call in afterAll. */
  dispose: () => Promise<void>;
  /** What the server printed so far, for failure messages. */
  log: () => string;
  /**
   * CPU time (user + system, ms) its processes have used since they started: what a benchmark's
   * figure paid the server on the same cores. Linux only (it reads /proc); 0 when stopped.
   */
  cpuMs: () => number;
};

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });

/**
 * The child environment. DATABASE_URL and DATABASE_SCHEMA are removed unless asked for: CI
 * exports DATABASE_URL for the store tests, and an end-to-end server silently sharing that
 * database would make tests depend on each other. Pass both in `env` to run on PostgreSQL (a
 * schema of its own per test, e.g. `e2e_${randomUUID().slice(0, 8)}`).
 */
const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const { DATABASE_URL: _url, DATABASE_SCHEMA: _schema, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'production', ...extra };
};

/** Detached children outlive their parent: kill whatever is left when the test process exits. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) killGroup(child, 'SIGKILL');
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** Signals go to the whole process group: the server and anything it started. */
const killGroup = (child: ChildProcess, signal: NodeJS.Signals): void => {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
};

/** User + system CPU of every live process in the server's group, in ms. */
const groupCpuMs = (group: number): number => {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(`/proc/${entry}/stat`);
    if (stat?.group === group) ticks += stat.cpuTicks;
  }
  return ticks * TICK_MS;
};

/** Spawns the real server (`sync-server/src/main.ts`) serving the built `dist/`. */
export const startServer = async (options: ServerOptions = {}): Promise<RunningServer> => {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'fieldbook-data-'));
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let child: ChildProcess | undefined;

  const launch = async () => {
    const spawned = spawn(process.execPath, tsxArgs('sync-server/src/main.ts'), {
      cwd: REPO_ROOT,
      env: childEnv({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so stop() reaches anything it started too
    });
    child = spawned;
    live.add(spawned);
    spawned.once('exit', () => live.delete(spawned));
    const append = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-LOG_TAIL_CHARS);
    };
    spawned.stdout?.on('data', append);
    spawned.stderr?.on('data', append);
    const deadline = performance.now() + START_DEADLINE_MS;
    while (performance.now() < deadline) {
      if (spawned.exitCode !== null || spawned.signalCode !== null) {
        throw new Error(
          `server exited (${spawned.exitCode ?? spawned.signalCode}) on start:\n${output}`,
        );
      }
      try {
        const response = await fetch(`${url}/healthz`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await delay(POLL_INTERVAL_MS);
    }
    killGroup(spawned, 'SIGKILL');
    throw new Error(`server did not answer /healthz within ${START_DEADLINE_MS} ms:\n${output}`);
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running) return;
    const gone = exited(running);
    killGroup(running, 'SIGTERM');
    const graceful = await Promise.race([
      gone.then(() => true),
      delay(STOP_GRACE_MS).then(() => false),
    ]);
    if (!graceful) {
      killGroup(running, 'SIGKILL');
      await gone;
    }
    // Wait until the port refuses connections: only then is the browser truly offline.
    const deadline = performance.now() + STOP_GRACE_MS;
    while (performance.now() < deadline) {
      try {
        await fetch(`${url}/healthz`);
      } catch {
        return;
      }
      await delay(POLL_INTERVAL_MS);
    }
    throw new Error(`server on port ${port} still answers after stop`);
  };

  await launch();
  return {
    url,
    port,
    dataDir,
    stop,
    restart: async () => {
      await stop();
      await launch();
    },
    dispose: async () => {
      await stop();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    log: () => output,
    cpuMs: () => (child?.pid === undefined ? 0 : groupCpuMs(child.pid)),
  };
};

export type AdminOptions = {
  dataDir: string;
  /** Given as FIELDBOOK_PASSWORD, so the CLI never prompts (stdin is closed anyway). */
  password?: string;
  env?: Record<string, string>;
};

/**
 * Runs the coordinator CLI as `npm run admin -- <args>` does (DESIGN.md §4.2), against the same
 * DATA_DIR (or DATABASE_URL in `env`) as a server, and returns its stdout. Throws with stderr on
 * a non-zero exit.
 */
export const runAdmin = (args: readonly string[], options: AdminOptions): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, tsxArgs('sync-server/src/admin/cli.ts', ...args), {
      cwd: REPO_ROOT,
      env: childEnv({
        DATA_DIR: options.dataDir,
        ...(options.password === undefined ? {} : { FIELDBOOK_PASSWORD: options.password }),
        ...options.env,
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(stdout);
      else reject(new Error(`admin ${args.join(' ')} exited ${code}:\n${stderr}${stdout}`));
    });
  });

/** `add-inspection` prints the new inspection's id alone on the last line of its output. */
export const lastLine = (output: string): string =>
  output.trimEnd().split('\n').at(-1)?.trim() ?? '';

export type NewUser = {
  username: string;
  name: string;
  inspectorate: string;
  /** A coordinator (`--admin`). */
  admin?: boolean;
};

/**
 * Runs one of the coordinator's commands in this process, on the store the CLI would open for
 * these options (the same config reading, so DATA_DIR or DATABASE_URL in `env`). For setting a
 * test up: the CLI's own start-up (a cold tsx process, about 2.5 s of CPU on the CI machine) was
 * most of the time e2e set-up took, and admin.test.ts and stream-end.test.ts drive the CLI process
 * itself, alongside a running server.
 */
const withAdminStore = async <T>(
  admin: AdminOptions,
  command: (store: Store, clock: Clock) => Promise<T>,
): Promise<T> => {
  const clock: Clock = { now: () => Date.now() };
  const store = await openStore(readConfig({ DATA_DIR: admin.dataDir, ...admin.env }), { clock });
  try {
    return await command(store, clock);
  } finally {
    await store.close();
  }
};

const adminPassword = (admin: AdminOptions): string => {
  if (admin.password === undefined) throw new Error('addUser needs AdminOptions.password');
  return admin.password;
};

/** Adds a user as the coordinator's `add-user` does, and returns the new user's id. */
export const addUser = (admin: AdminOptions, user: NewUser): Promise<string> =>
  withAdminStore(admin, (store, clock) =>
    addUserCommand(store, clock, {
      username: user.username,
      name: user.name,
      inspectorate: user.inspectorate,
      admin: user.admin === true,
      password: adminPassword(admin),
    }),
  );

/** Ends every session of a user, as the coordinator's `revoke-sessions` does; returns how many. */
export const revokeSessions = (admin: AdminOptions, username: string): Promise<number> =>
  withAdminStore(admin, (store, clock) => revokeSessionsCommand(store, clock, username));

/**
 * The cast of the team-change tests: Cora, a coordinator; Lena, who leads; Amy, an inspector taken
 * off a team and put back. All with `admin.password`.
 */
export const addTeamCast = async (admin: AdminOptions): Promise<void> => {
  await addUser(admin, {
    username: 'cora',
    name: 'Cora Coordinator',
    inspectorate: 'ofsted',
    admin: true,
  });
  await addUser(admin, { username: 'lena', name: 'Lena Lead', inspectorate: 'ofsted' });
  await addUser(admin, { username: 'amy', name: 'Amy Inspector', inspectorate: 'cqc' });
};

export type NewInspection = {
  area: string;
  /** The first day of fieldwork, YYYY-MM-DD. */
  starts: string;
  /** Usernames. */
  lead: string;
  members?: readonly string[];
  framework?: string;
};

/** Sets an inspection up as the coordinator's `add-inspection` does, and returns its id. */
export const addInspection = (admin: AdminOptions, inspection: NewInspection): Promise<string> =>
  withAdminStore(admin, (store, clock) =>
    addInspectionCommand(store, clock, {
      framework: inspection.framework ?? 'cp-joint-2012',
      area: inspection.area,
      starts: inspection.starts,
      lead: inspection.lead,
      members: [...(inspection.members ?? [])],
    }),
  );
