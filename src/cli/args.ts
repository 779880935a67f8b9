/** Flag parsing shared by the commands: one wording for usage errors, one check per kind of value. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../normalize/diagnostic.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export type ParsedArgs<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true }>
>;

export type ParsedFlags<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; tokens: true }>
>;

/** One flag (or `--`) as given, in order. */
export type FlagToken = NonNullable<ParsedFlags<Options>['tokens']>[number];

function usageError(command: string, error: unknown): UsageError {
  return new UsageError(`${(error as Error).message}. Run 'leastpriv ${command} --help'.`);
}

/** `parseArgs` with positionals; a bad flag becomes a one-line usage error pointing at the command's --help. */
export function parseCommandArgs<const O extends Options>(
  command: string,
  args: string[],
  options: O,
): ParsedArgs<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true });
  } catch (error) {
    throw usageError(command, error);
  }
}

/**
 * For a command that takes flags only: `parseArgs` without positionals and with `tokens`, the flags in the
 * order given (for a flag that applies to the next one, like `simulate --policy-type`). Same usage errors.
 */
export function parseCommandFlags<const O extends Options>(
  command: string,
  args: string[],
  options: O,
): ParsedFlags<O> {
  try {
    return parseArgs({ args, options, tokens: true });
  } catch (error) {
    throw usageError(command, error);
  }
}

/** A whole number of at least 1, or undefined when the flag was not given. */
export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = Number(value);
  if (!Number.isInteger(v) || v < 1)
    throw new UsageError(`${flag} ${value}: expected a whole number of at least 1`);
  return v;
}
