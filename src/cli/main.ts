#!/usr/bin/env node
/** `leastpriv <command>`: picks the command, turns errors into exit codes. Only cli/ and report/ print. */
import { UsageError } from '../normalize/diagnostic.js';
import { runAudit } from './audit.js';
import { runGenerate } from './generate.js';
import { commandHelp, mainHelp } from './help.js';
import { runSimulate } from './simulate.js';
import { runValidate } from './validate.js';
import { VERSION } from './version.js';

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, Command> = {
  audit: runAudit,
  generate: runGenerate,
  simulate: runSimulate,
  validate: runValidate,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '-h' || name === '--help' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    process.stdout.write(topic ? commandHelp(topic) : mainHelp());
    return 0;
  }
  if (name === '-v' || name === '--version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`leastpriv: unknown command '${name}'. Run 'leastpriv --help' for the commands.\n`);
    return 1;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`leastpriv: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    // Anything else is a bug: show the stack so it can be reported.
    process.stderr.write(
      `leastpriv: internal error (please report it):\n${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
