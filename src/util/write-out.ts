/**
 * Writing what a command was asked to write (`--out`, the files `xray-privilege-scan` writes): a file-system
 * error is the user's to fix, said in one line naming the flag and the path, never a stack.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../normalize/diagnostic.js';
import { ioMessage, isIoError } from './io-errors.js';

/**
 * `dir` and any missing parents. Not `mkdir(dir, { recursive: true })`: node's loops forever where `mkdir`
 * answers ENOENT under a parent that exists (a directory under /proc, node 20 to 24). Here each missing
 * level is made once, and an error that making the parents does not cure is thrown.
 */
export async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await stat(dir)).isDirectory()) return;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    await makeDirectory(parent);
    await mkdir(dir);
  }
}

/**
 * Runs `write`; a file-system error becomes `<what>: cannot write <path>: <reason>` (exit 1), or without the
 * `<what>: ` when `what` is empty (a command that names itself already, such as xray-privilege-scan).
 */
export async function asOutputError<T>(what: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isIoError(error)) throw error;
    const path = (error as NodeJS.ErrnoException).path;
    throw new UsageError(
      `${what ? `${what}: ` : ''}cannot write${path ? ` ${path}` : ''}: ${ioMessage(error)}`,
    );
  }
}

/** One file a command was asked to write. */
export function writeOutputFile(what: string, file: string, text: string): Promise<void> {
  return asOutputError(what, () => writeFile(file, text));
}
