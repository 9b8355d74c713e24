import type { Clock } from '../../../src/domain/clock';
import type { ServerConfig } from '../config';
import type { Store } from '../store/types';
import {
  UsageError,
  addUser,
  listAll,
  revokeDevice,
  revokeSessions,
  setIdleLock,
  setPassword,
} from './commands';
import { addInspection, setContacts, setMember, setStatus } from './inspection-commands';

/**
 * The coordinator CLI's commands (DESIGN.md §4.2), one entry each: its usage line, the flags it
 * reads and what it does. `cli.ts` parses the arguments and opens the store; a new command is one
 * more entry here (or in a sibling file spread into COMMANDS), never a branch in the parser.
 */
export type Flag = { type: 'string' } | { type: 'boolean' };

export type CliContext = {
  store: Store;
  /** DATA_DIR, DATABASE_URL and the rest, as the server reads them. */
  config: ServerConfig;
  clock: Clock;
  /** Positional arguments after the command name. */
  args: readonly string[];
  flags: Readonly<Record<string, string | boolean | undefined>>;
  /** FIELDBOOK_PASSWORD, or asked for twice without echo. */
  password: () => Promise<string>;
  /** True with --yes; otherwise asks on the terminal (no terminal and no --yes: a usage error). */
  confirm: (question: string) => Promise<boolean>;
  print: (line: string) => void;
};

export type CliCommand = {
  usage: string;
  flags?: Readonly<Record<string, Flag>>;
  run: (context: CliContext) => Promise<void>;
};

export const required = (value: string | boolean | undefined, name: string): string => {
  if (typeof value !== 'string' || !value) throw new UsageError(`${name} is required`);
  return value;
};
const optional = (value: string | boolean | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

const string = { type: 'string' } as const;

export const ACCOUNT_COMMANDS: Readonly<Record<string, CliCommand>> = {
  'add-user': {
    usage: 'add-user <username> --name "<name>" --inspectorate <id> [--admin]',
    flags: { name: string, inspectorate: string, admin: { type: 'boolean' } },
    run: async ({ store, clock, args, flags, password, print }) => {
      const username = required(args[0], '<username>');
      const id = await addUser(store, clock, {
        username,
        name: required(flags.name, '--name'),
        inspectorate: required(flags.inspectorate, '--inspectorate'),
        admin: flags.admin === true,
        password: await password(),
      });
      print(`Added user ${username.toLowerCase()}`);
      print(id);
    },
  },
  'set-password': {
    usage: 'set-password <username>        (also ends all their sessions)',
    run: async ({ store, clock, args, password, print }) => {
      const username = required(args[0], '<username>');
      await setPassword(store, clock, username, await password());
      print(`Password set for ${username}; their existing sessions have ended`);
    },
  },
  'revoke-sessions': {
    usage: 'revoke-sessions <username>     (signs them out everywhere, e.g. a lost tablet)',
    run: async ({ store, clock, args, print }) => {
      const username = required(args[0], '<username>');
      const revoked = await revokeSessions(store, clock, username);
      print(`Ended ${revoked} session(s) of ${username}`);
    },
  },
  'revoke-device': {
    usage: `revoke-device <username> --mode lost|retired [--device <id>] [--yes]
                   (all their devices if no id; asks to confirm unless --yes)
                   lost: lost or stolen, wipes at next contact and sends nothing
                   retired: handed back, sends its unsent work first, then wipes`,
    flags: { device: string, mode: string, yes: { type: 'boolean' } },
    run: async ({ store, clock, args, flags, confirm, print }) => {
      const username = required(args[0], '<username>');
      const mode = required(flags.mode, '--mode');
      const device = optional(flags.device);
      const what = device ? `device ${device} of ${username}` : `every device of ${username}`;
      const effect =
        mode === 'retired'
          ? 'it sends its unsent work, then wipes its Fieldbook data'
          : 'it wipes its Fieldbook data at once, destroying anything not yet sent';
      if (!(await confirm(`Revoke ${what} as ${mode}? At its next contact ${effect}.`))) {
        print('Nothing revoked');
        return;
      }
      const revoked = await revokeDevice(store, clock, username, device, mode);
      print(`Revoked ${revoked} device(s) of ${username} as ${mode}`);
    },
  },
  'set-idle-lock': {
    usage: 'set-idle-lock <minutes>        (how long a tablet may sit idle before it locks)',
    run: async ({ store, clock, args, print }) => {
      const minutes = await setIdleLock(store, clock, required(args[0], '<minutes>'));
      print(`Tablets lock after ${minutes} idle minute(s) from their next sync`);
    },
  },
  list: {
    usage: 'list',
    run: async ({ store, print }) => {
      for (const line of await listAll(store)) print(line);
    },
  },
};

export const INSPECTION_COMMANDS: Readonly<Record<string, CliCommand>> = {
  'add-inspection': {
    usage: `add-inspection --framework <id> --area "<local authority>" --starts <YYYY-MM-DD>
                   --lead <username> [--members <u1,u2>] [--ends <YYYY-MM-DD>] [--status <status>]`,
    flags: {
      framework: string,
      area: string,
      starts: string,
      ends: string,
      status: string,
      lead: string,
      members: string,
    },
    run: async ({ store, clock, flags, print }) => {
      const id = await addInspection(store, clock, {
        framework: required(flags.framework, '--framework'),
        area: required(flags.area, '--area'),
        starts: required(flags.starts, '--starts'),
        ends: optional(flags.ends),
        status: optional(flags.status),
        lead: required(flags.lead, '--lead'),
        members: (optional(flags.members) ?? '')
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean),
      });
      print(`Added inspection of ${String(flags.area)} under ${String(flags.framework)}`);
      // Alone on the last line, so a script can take it with `tail -n 1`.
      print(id);
    },
  },
  'add-member': {
    usage: 'add-member --inspection <id> --user <username> [--role lead|inspector]',
    flags: { inspection: string, user: string, role: string },
    run: async ({ store, clock, flags, print }) => {
      const username = required(flags.user, '--user');
      const role = optional(flags.role) ?? 'inspector';
      print(
        await setMember(store, clock, {
          inspection: required(flags.inspection, '--inspection'),
          username,
          role,
        }),
      );
    },
  },
  'set-status': {
    usage: 'set-status --inspection <id> --status <planned|fieldwork|moderation|reported>',
    flags: { inspection: string, status: string },
    run: async ({ store, clock, flags, print }) => {
      const status = required(flags.status, '--status');
      await setStatus(store, clock, {
        inspection: required(flags.inspection, '--inspection'),
        status,
      });
      print(`Inspection status: ${status}`);
    },
  },
  'set-contacts': {
    usage: `set-contacts --inspection <id> [--front-door "<phone>"] [--out-of-hours "<phone>"]
                   [--lado "<phone>"]   (the authority's safeguarding numbers; "" clears one)`,
    flags: { inspection: string, 'front-door': string, 'out-of-hours': string, lado: string },
    run: async ({ store, clock, flags, print }) => {
      const contacts = await setContacts(store, clock, {
        inspection: required(flags.inspection, '--inspection'),
        contacts: {
          frontDoor: optional(flags['front-door']),
          outOfHours: optional(flags['out-of-hours']),
          lado: optional(flags.lado),
        },
      });
      const set = Object.entries(contacts).map(([id, phone]) => `${id} ${phone}`);
      print(`Safeguarding numbers: ${set.length ? set.join(', ') : 'none recorded'}`);
    },
  },
};
