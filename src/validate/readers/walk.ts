/**
 * Files and directories to read. Directories are walked recursively in name order; in them only .json, .yaml,
 * .yml and .template files are read, and the rest is skipped with a notice (a `.tf` file with a hint to pass a
 * plan). A file named on its own is always read. Tool folders (node_modules, .git, .terraform, .serverless,
 * .aws-sam) are skipped.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocatedPolicy } from '../types.js';
import { readPolicies } from './read-policies.js';
import type { FileKind, ReaderDiagnostic, ReaderOptions } from './types.js';

export type ReadFilesOptions = ReaderOptions;

export interface ReadFilesResult {
  policies: LocatedPolicy[];
  diagnostics: ReaderDiagnostic[];
  /** Every file read, with what it was and how many policies it held. */
  files: { file: string; kind: FileKind; policies: number }[];
}

const READ_EXTENSIONS = /\.(json|ya?ml|template)$/i;
const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  '.git',
  '.terraform',
  '.serverless',
  '.aws-sam',
  '.venv',
  '__pycache__',
]);

function skipNotice(file: string): ReaderDiagnostic {
  const message = /\.tf$/i.test(file)
    ? 'Terraform HCL is not read: pass a plan as JSON instead (terraform plan -out plan.out && terraform show -json plan.out > plan.json)'
    : 'Not a file type this tool reads in a directory (.json, .yaml, .yml, .template): skipped; name it on its own to read it';
  return { file, code: 'skipped-file', severity: 'notice', message };
}

async function collect(
  path: string,
  explicit: boolean,
  out: string[],
  diagnostics: ReaderDiagnostic[],
  seen: Set<string>,
): Promise<void> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (e) {
    diagnostics.push({
      file: path,
      code: 'unreadable',
      severity: 'error',
      message: `Cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    });
    return;
  }
  if (info.isDirectory()) {
    const real = await realpath(path);
    if (seen.has(real)) return;
    seen.add(real);
    const entries = await readdir(path, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const child = join(path, e.name);
      if (e.isDirectory() && SKIPPED_DIRECTORIES.has(e.name)) {
        diagnostics.push({
          file: child,
          code: 'skipped-file',
          severity: 'notice',
          message: 'Tool folder: skipped',
        });
        continue;
      }
      if (!e.isDirectory() && !e.isSymbolicLink() && !READ_EXTENSIONS.test(e.name)) {
        diagnostics.push(skipNotice(child));
        continue;
      }
      await collect(child, false, out, diagnostics, seen);
    }
    return;
  }
  if (!explicit && !READ_EXTENSIONS.test(path)) {
    diagnostics.push(skipNotice(path));
    return;
  }
  out.push(path);
}

/** Reads every policy in the given files and directories; diagnostics in file order. */
export async function readPolicyFiles(
  paths: string[],
  options: ReadFilesOptions = {},
): Promise<ReadFilesResult> {
  const files: string[] = [];
  const result: ReadFilesResult = { policies: [], diagnostics: [], files: [] };
  const seen = new Set<string>();
  for (const p of paths) await collect(p, true, files, result.diagnostics, seen);
  // Read a few files at a time; parse in order so the output does not depend on disk timing.
  const texts = new Map<string, Promise<string | Error>>();
  const load = (f: string) => readFile(f, 'utf8').catch((e: Error) => e);
  const AHEAD = 8;
  for (let i = 0; i < Math.min(AHEAD, files.length); i++) texts.set(files[i]!, load(files[i]!));
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const next = files[i + AHEAD];
    if (next !== undefined && !texts.has(next)) texts.set(next, load(next));
    const text = await texts.get(file)!;
    texts.delete(file);
    if (text instanceof Error) {
      result.diagnostics.push({
        file,
        code: 'unreadable',
        severity: 'error',
        message: `Cannot read: ${(text as NodeJS.ErrnoException).code ?? text.message}`,
      });
      continue;
    }
    const r = readPolicies(file, text, options);
    result.policies.push(...r.policies);
    result.diagnostics.push(...r.diagnostics);
    result.files.push({ file, kind: r.kind, policies: r.policies.length });
  }
  return result;
}
