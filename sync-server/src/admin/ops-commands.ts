import { BackupError, PG_DUMP_LINE, backupSqlite } from '../ops/backup';
import type { CliCommand } from './cli-commands';
import { required } from './cli-commands';
import { UsageError } from './commands';

/** The operator's commands (issue 11 point 5): the database's backup. */
export const OPERATIONS_COMMANDS: Readonly<Record<string, CliCommand>> = {
  backup: {
    usage: 'backup <file>                   (SQLite, while the server runs; PostgreSQL: pg_dump)',
    run: async ({ config, args, print }) => {
      const file = required(args[0], '<file>');
      if (config.databaseUrl)
        throw new UsageError(`PostgreSQL is backed up with its own tool: ${PG_DUMP_LINE}`);
      try {
        const result = await backupSqlite(config.dataDir, file);
        print(`Backed up ${result.pages} pages to ${result.file}`);
      } catch (error) {
        if (error instanceof BackupError) throw new UsageError(error.message);
        throw error;
      }
    },
  },
};
