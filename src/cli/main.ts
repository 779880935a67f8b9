#!/usr/bin/env node
/** `leastpriv <command>`: picks the command, turns errors into exit codes. Only cli/ and report/ print. */
import { UsageError } from '../normalize/diagnostic.js';
import { commandHelp, mainHelp } from './help.js';
import { relaunch, shouldRelaunch } from './relaunch.js';
import { silenceSdkNodeNotice } from './sdk-notice.js';
import { VERSION } from './version.js';

type Command = (argv: string[]) => Promise<number>;

/** Loaded on demand: a command does not pay for the others' imports (the AWS SDK, YAML, the checks). */
const commands: Record<string, () => Promise<Command>> = {
  audit: async () => (await import('./audit.js')).runAudit,
  generate: async () => (await import('./generate.js')).runGenerate,
  simulate: async () => (await import('./simulate.js')).runSimulate,
  validate: async () => (await import('./validate.js')).runValidate,
};

/** Commands that read activity on worker threads: they run in a node tuned for it (relaunch.ts). */
const READS_ACTIVITY = new Set(['audit', 'generate']);

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
  const load = commands[name];
  silenceSdkNodeNotice();
  if (!load) {
    process.stderr.write(`leastpriv: unknown command '${name}'. Run 'leastpriv --help' for the commands.\n`);
    return 1;
  }
  if (READS_ACTIVITY.has(name) && shouldRelaunch(rest)) {
    const code = await relaunch();
    if (code >= 0) return code;
  }
  return (await load())(rest);
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
