import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import type { Clock } from '../../../src/domain/clock';
import { ConfigError, readConfig } from '../config';
import { openStore } from '../store/open';
import { ACCOUNT_COMMANDS, INSPECTION_COMMANDS, type CliCommand, type Flag } from './cli-commands';
import { UsageError } from './commands';
import { OPERATIONS_COMMANDS } from './ops-commands';
import { RETENTION_COMMANDS } from './retention-cli';

/**
 * The coordinator CLI (`npm run admin -- …`, DESIGN.md §4.2). It opens the same database as the
 * server, honours the same DATA_DIR / DATABASE_URL / DATABASE_SCHEMA, and may run while the server
 * runs: the server reads users and teams fresh on every request. The commands are data
 * (cli-commands.ts); this file only parses, opens the store and reports errors.
 */
const COMMANDS: Readonly<Record<string, CliCommand>> = {
  ...ACCOUNT_COMMANDS,
  ...INSPECTION_COMMANDS,
  ...RETENTION_COMMANDS,
  ...OPERATIONS_COMMANDS,
};

const USAGE = [
  'Usage:',
  ...Object.values(COMMANDS).map((c) => `  npm run admin -- ${c.usage}`),
  'The password comes from FIELDBOOK_PASSWORD when set, otherwise it is asked for.',
].join('\n');

const systemClock: Clock = { now: () => Date.now() };

/** Asks without echoing what is typed, so a password never lands in a terminal's scrollback. */
const askPassword = async (prompt: string): Promise<string> => {
  if (!process.stdin.isTTY)
    throw new UsageError('Set FIELDBOOK_PASSWORD: there is no terminal to ask for a password');
  process.stdout.write(prompt);
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const rl = createInterface({ input: process.stdin, output: muted, terminal: true });
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
};

const password = async (): Promise<string> => {
  const fromEnv = process.env.FIELDBOOK_PASSWORD;
  if (fromEnv) return fromEnv;
  const first = await askPassword('Password: ');
  const again = await askPassword('Password again: ');
  if (first !== again) throw new UsageError('The passwords do not match');
  return first;
};

/** Destructive commands ask first; `--yes` answers for scripts. */
const confirmWith =
  (yes: boolean) =>
  async (question: string): Promise<boolean> => {
    if (yes) return true;
    if (!process.stdin.isTTY)
      throw new UsageError('Add --yes to confirm: there is no terminal to ask');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await new Promise<string>((resolve) =>
      rl.question(`${question} Type yes to go on: `, resolve),
    );
    rl.close();
    return answer.trim().toLowerCase() === 'yes';
  };

const run = async (argv: string[]): Promise<void> => {
  const options: Record<string, Flag & { short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const command of Object.values(COMMANDS)) Object.assign(options, command.flags);
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options });
  const [name, ...args] = positionals;
  if (values.help || !name) {
    console.log(USAGE);
    if (!name && !values.help) process.exitCode = 2;
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`Unknown command "${name}"`);
  const config = readConfig();
  // One command and out: the server, if running, checkpoints the WAL; a worker thread here would
  // only cost start-up time.
  const store = await openStore(config, { clock: systemClock, checkpointWorker: false });
  try {
    await command.run({
      store,
      config,
      clock: systemClock,
      args,
      flags: values,
      password,
      confirm: confirmWith(values.yes === true),
      print: (line) => console.log(line),
    });
  } finally {
    await store.close();
  }
};

const isUsageProblem = (error: unknown): boolean =>
  error instanceof UsageError ||
  error instanceof ConfigError ||
  (error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS'));

run(process.argv.slice(2)).catch((error: unknown) => {
  if (isUsageProblem(error)) {
    console.error(`Error: ${(error as Error).message}`);
    console.error(USAGE);
    process.exit(2);
  }
  console.error('Error:', error);
  process.exit(1);
});
