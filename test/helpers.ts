import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLES = join(REPO, 'examples', 'cloudtrail');
/** The shared samples sit beside the clone (CI and developers); absent elsewhere. */
export const SAMPLES = join(REPO, '..', 'shared', 'samples');
export const HAVE_SAMPLES = existsSync(SAMPLES);

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the built CLI (npm test builds first) as a user would. LEASTPRIV_DIST picks another build folder.
 * `timeoutMs`: kill a run that would hang (its status is then -1), for tests of what once never returned.
 */
export function cli(
  args: string[],
  options: { cwd?: string; bin?: string; timeoutMs?: number } = {},
): CliRun {
  const bin = join(REPO, process.env.LEASTPRIV_DIST ?? 'dist', 'cli', options.bin ?? 'main.js');
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? REPO,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Run one of the project's scripts (`scripts/NAME`) from the repository, as `npm run` does. */
export function script(name: string, args: string[]): CliRun {
  const r = spawnSync(process.execPath, [join('scripts', name), ...args], { cwd: REPO, encoding: 'utf8' });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
