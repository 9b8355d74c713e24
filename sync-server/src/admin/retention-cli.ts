import { purgeIsDue } from '../../../src/domain/retention';
import { required, type CliCommand } from './cli-commands';
import { liftLegalHold, purgeDue, setLegalHold, setRetention } from './retention-commands';

/** The coordinator CLI's §4.3 commands: retention date, legal hold, purge (see cli-commands.ts). */
const string = { type: 'string' } as const;

export const RETENTION_COMMANDS: Readonly<Record<string, CliCommand>> = {
  'set-retention': {
    usage: `set-retention --inspection <id> --until <YYYY-MM-DD|default>
                   (when its content is purged; default: 12 months after it became reported)`,
    flags: { inspection: string, until: string },
    run: async ({ store, clock, flags, print }) => {
      const until = required(flags.until, '--until');
      await setRetention(store, clock, {
        inspection: required(flags.inspection, '--inspection'),
        until: until === 'default' ? null : until,
      });
      print(
        `Retention date: ${until === 'default' ? '12 months after it became reported' : until}`,
      );
    },
  },
  'legal-hold': {
    usage: 'legal-hold --inspection <id> --reason "<why>"   (nothing is purged while it holds)',
    flags: { inspection: string, reason: string },
    run: async ({ store, clock, flags, print }) => {
      await setLegalHold(store, clock, {
        inspection: required(flags.inspection, '--inspection'),
        reason: required(flags.reason, '--reason'),
      });
      print('Legal hold set: its content is kept until the hold is lifted');
    },
  },
  'lift-legal-hold': {
    usage: 'lift-legal-hold --inspection <id> --reason "<why>"',
    flags: { inspection: string, reason: string },
    run: async ({ store, clock, flags, print }) => {
      await liftLegalHold(store, clock, {
        inspection: required(flags.inspection, '--inspection'),
        reason: required(flags.reason, '--reason'),
      });
      print('Legal hold lifted: its content is purged from its retention date');
    },
  },
  purge: {
    usage: `purge [--yes]   (purges now what is past its retention date and not on legal hold;
                   the server also does this at start and daily)`,
    flags: { yes: { type: 'boolean' } },
    run: async ({ store, clock, confirm, print }) => {
      const due = (await store.listInspections()).filter((i) =>
        purgeIsDue(i.retention, clock.now()),
      );
      if (due.length === 0) {
        print('Nothing is past its retention date');
        return;
      }
      for (const i of due) print(`Due: ${i.id}\t${i.area}\tretention date ${i.retention.purgeOn}`);
      if (
        !(await confirm(`Purge the content of ${due.length} inspection(s)? It cannot be undone.`))
      ) {
        print('Nothing purged');
        return;
      }
      for (const p of await purgeDue(store, clock))
        print(`Purged ${p.inspectionId}\t${p.area}\t${p.rows} record(s), ${p.ops} change(s)`);
    },
  },
};
