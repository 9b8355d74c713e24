import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Clock } from '../../src/domain/clock';
import {
  UsageError,
  addUser,
  listAll,
  revokeDevice,
  revokeSessions,
  setIdleLock,
  setPassword,
} from './admin/commands';
import { addInspection, setContacts, setMember, setStatus } from './admin/inspection-commands';
import { ConfigError, readConfig } from './config';
import { openStore } from './store/open';

/**
 * The coordinator CLI (DESIGN.md §4.2). It opens the same database as the server, honours the
 * same DATA_DIR / DATABASE_URL / DATABASE_SCHEMA, and may run while the server runs: the server
 * reads users and teams fresh on every request.
 */
const USAGE = `Usage:
  npm run admin -- add-user <username> --name "<name>" --inspectorate <id> [--admin]
  npm run admin -- add-inspection --framework <id> --area "<local authority>" --starts <YYYY-MM-DD>
                   --lead <username> [--members <u1,u2>] [--ends <YYYY-MM-DD>] [--status <status>]
  npm run admin -- add-member --inspection <id> --user <username> [--role lead|inspector]
  npm run admin -- set-status --inspection <id> --status <planned|fieldwork|moderation|reported>
  npm run admin -- set-contacts --inspection <id> [--front-door "<phone>"] [--out-of-hours "<phone>"]
                   [--lado "<phone>"]   (the authority's safeguarding numbers; "" clears one)
  npm run admin -- set-password <username>        (also ends all their sessions)
  npm run admin -- revoke-sessions <username>     (signs them out everywhere, e.g. a lost tablet)
  npm run admin -- revoke-device <username> [--device <id>]   (a lost tablet wipes itself; all if no id)
  npm run admin -- set-idle-lock <minutes>        (how long a tablet may sit idle before it locks)
  npm run admin -- list
The password comes from FIELDBOOK_PASSWORD when set, otherwise it is asked for.`;

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

const required = (value: string | undefined, flag: string): string => {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
};

const run = async (argv: string[]): Promise<void> => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      inspectorate: { type: 'string' },
      admin: { type: 'boolean', default: false },
      framework: { type: 'string' },
      area: { type: 'string' },
      starts: { type: 'string' },
      ends: { type: 'string' },
      status: { type: 'string' },
      lead: { type: 'string' },
      members: { type: 'string' },
      inspection: { type: 'string' },
      user: { type: 'string' },
      role: { type: 'string' },
      device: { type: 'string' },
      'front-door': { type: 'string' },
      'out-of-hours': { type: 'string' },
      lado: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    if (!command && !values.help) process.exitCode = 2;
    return;
  }
  if (
    ![
      'add-user',
      'add-inspection',
      'set-password',
      'revoke-sessions',
      'set-idle-lock',
      'revoke-device',
      'add-member',
      'set-status',
      'set-contacts',
      'list',
    ].includes(command)
  ) {
    throw new UsageError(`Unknown command "${command}"`);
  }
  const config = readConfig();
  const store = await openStore(config, { clock: systemClock });
  try {
    if (command === 'add-user') {
      const username = required(rest[0], '<username>');
      const id = await addUser(store, systemClock, {
        username,
        name: required(values.name, '--name'),
        inspectorate: required(values.inspectorate, '--inspectorate'),
        admin: values.admin,
        password: await password(),
      });
      console.log(`Added user ${username.toLowerCase()}`);
      console.log(id);
    } else if (command === 'add-inspection') {
      const id = await addInspection(store, systemClock, {
        framework: required(values.framework, '--framework'),
        area: required(values.area, '--area'),
        starts: required(values.starts, '--starts'),
        ends: values.ends,
        status: values.status,
        lead: required(values.lead, '--lead'),
        members: (values.members ?? '')
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean),
      });
      console.log(`Added inspection of ${values.area} under ${values.framework}`);
      // Alone on the last line, so a script can take it with `tail -n 1`.
      console.log(id);
    } else if (command === 'set-password') {
      const username = required(rest[0], '<username>');
      await setPassword(store, systemClock, username, await password());
      console.log(`Password set for ${username}; their existing sessions have ended`);
    } else if (command === 'add-member') {
      const inspection = required(values.inspection, '--inspection');
      const username = required(values.user, '--user');
      const role = values.role ?? 'inspector';
      await setMember(store, systemClock, { inspection, username, role });
      console.log(`${username} is now on the team as ${role}`);
    } else if (command === 'set-status') {
      const status = required(values.status, '--status');
      await setStatus(store, systemClock, {
        inspection: required(values.inspection, '--inspection'),
        status,
      });
      console.log(`Inspection status: ${status}`);
    } else if (command === 'set-contacts') {
      const contacts = await setContacts(store, systemClock, {
        inspection: required(values.inspection, '--inspection'),
        contacts: {
          frontDoor: values['front-door'],
          outOfHours: values['out-of-hours'],
          lado: values.lado,
        },
      });
      const set = Object.entries(contacts).map(([id, phone]) => `${id} ${phone}`);
      console.log(`Safeguarding numbers: ${set.length ? set.join(', ') : 'none recorded'}`);
    } else if (command === 'revoke-device') {
      const username = required(rest[0], '<username>');
      const revoked = await revokeDevice(store, systemClock, username, values.device);
      console.log(
        `Revoked ${revoked} device(s) of ${username}; each wipes its data at next contact`,
      );
    } else if (command === 'set-idle-lock') {
      const minutes = await setIdleLock(store, systemClock, required(rest[0], '<minutes>'));
      console.log(`Tablets lock after ${minutes} idle minute(s) from their next sync`);
    } else if (command === 'revoke-sessions') {
      const username = required(rest[0], '<username>');
      const revoked = await revokeSessions(store, systemClock, username);
      console.log(`Ended ${revoked} session(s) of ${username}`);
    } else {
      for (const line of await listAll(store)) console.log(line);
    }
  } finally {
    await store.close();
  }
};

run(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof ConfigError) {
    console.error(`Error: ${error.message}`);
    console.error(USAGE);
    process.exit(2);
  }
  if (
    error instanceof TypeError &&
    'code' in error &&
    String(error.code).startsWith('ERR_PARSE_ARGS')
  ) {
    console.error(`Error: ${error.message}`);
    console.error(USAGE);
    process.exit(2);
  }
  console.error('Error:', error);
  process.exit(1);
});
