import { Command, CommanderError } from 'commander';
import { checkCommand } from './commands/check';
import { createCommand } from './commands/create';
import { deleteCommand } from './commands/delete';
import { domainCommand } from './commands/domain';
import { execCommand } from './commands/exec';
import { cloneCommand, exportCommand, importCommand, renameCommand } from './commands/lifecycle';
import { limitsCommand } from './commands/limits';
import { listCommand } from './commands/list';
import { migrateCommand } from './commands/migrate';
import { moveCommand } from './commands/move';
import { nodesCommand } from './commands/nodes';
import { rebalanceCommand } from './commands/rebalance';
import { seedCommand } from './commands/seed';
import { usageCommand } from './commands/usage';
import { createSuperuserCommand, createUserCommand, resetTwoFactorCommand } from './commands/users';
import { describeError, oneLine } from './output';

// The command tree of `npm run tenants -- <command>` (entry point: ./main.ts).
// Nothing here may import next/* or server-only: this runs under plain tsx.

export function buildProgram(): Command {
  const program = new Command('tenants')
    .usage('<command> [options]   (npm run tenants -- <command> ...)')
    .description('Quorum tenant management: tenants, domains, users, migrations and test data.')
    .addHelpText(
      'after',
      `
Database: DATABASE_URL / DIRECT_DATABASE_URL; with neither set, the embedded PostgreSQL under
.data/ is used (started for the command and stopped again if it was not running).
Exit codes: 0 ok, 1 bad input or a reported failure, 2 unexpected error. Errors are one line on
stderr: "error: <reason>".`,
    )
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (str, write) => write(`${oneLine(str)}\n`) })
    .exitOverride();
  for (const cmd of [
    createCommand(),
    listCommand(),
    migrateCommand(),
    checkCommand(),
    execCommand(),
    createSuperuserCommand(),
    createUserCommand(),
    resetTwoFactorCommand(),
    domainCommand(),
    deleteCommand(),
    seedCommand(),
    exportCommand(),
    importCommand(),
    cloneCommand(),
    renameCommand(),
    nodesCommand(),
    moveCommand(),
    rebalanceCommand(),
    limitsCommand(),
    usageCommand(),
  ]) {
    program.addCommand(cmd);
  }
  // exitOverride/configureOutput are not inherited by commands added with addCommand.
  const apply = (c: Command) => {
    c.exitOverride().configureOutput({ outputError: (str, write) => write(`${oneLine(str)}\n`) });
    c.commands.forEach(apply);
  };
  program.commands.forEach(apply);
  return program;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (err) {
    // Commander has already printed its own one-line error (or the help) before throwing.
    if (err instanceof CommanderError) return err.exitCode;
    const { message, code } = describeError(err);
    process.stderr.write(`error: ${message}\n`);
    return code;
  }
}
