/**
 * Turning SOURCE arguments (files and directories) into the list of files to read: directories are walked
 * recursively, hidden files and directories (`.name`) are skipped while walking, the result is sorted and
 * free of duplicates, so runs are deterministic. Problems are diagnostics, never throws.
 */
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../normalize/diagnostic.js';
import { ioMessage, isIoError } from '../util/io-errors.js';

export async function listInputFiles(
  inputs: string[],
): Promise<{ files: string[]; diagnostics: Diagnostic[] }> {
  const files = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const input of inputs) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(input);
    } catch (error) {
      if (!isIoError(error)) throw error;
      diagnostics.push(unreadable(input, ioMessage(error)));
      continue;
    }
    if (info.isDirectory()) {
      const found: string[] = [];
      await walk(input, found, diagnostics, new Set());
      if (found.length === 0) {
        diagnostics.push({
          code: 'empty-input',
          severity: 'warning',
          message: 'directory has no files to read (hidden files are skipped)',
          file: input,
          malformed: false,
        });
      }
      for (const f of found) files.add(f);
    } else if (info.isFile()) {
      files.add(input);
    } else {
      diagnostics.push(unreadable(input, 'is not a regular file or directory'));
    }
  }
  return { files: [...files].sort(compareCodeUnits), diagnostics };
}

async function walk(
  dir: string,
  found: string[],
  diagnostics: Diagnostic[],
  visited: Set<string>,
): Promise<void> {
  let real: string;
  let entries: Dirent[];
  try {
    real = await realpath(dir);
    if (visited.has(real)) return; // a symlink loop
    visited.add(real);
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (!isIoError(error)) throw error;
    diagnostics.push(unreadable(dir, ioMessage(error)));
    return;
  }
  entries.sort((a, b) => compareCodeUnits(a.name, b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      try {
        const target = await stat(path);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (error) {
        if (!isIoError(error)) throw error;
        diagnostics.push(unreadable(path, `broken symbolic link (${ioMessage(error)})`));
        continue;
      }
    }
    if (isDir) await walk(path, found, diagnostics, visited);
    else if (isFile) found.push(path);
  }
}

function unreadable(file: string, message: string): Diagnostic {
  return {
    code: 'unreadable',
    severity: 'error',
    message: `cannot read: ${message}`,
    file,
    malformed: false,
  };
}

/** Plain UTF-16 order: the same on every machine, unlike `localeCompare`. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
