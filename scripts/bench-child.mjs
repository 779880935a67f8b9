// What scripts/bench.mjs and scripts/bench-ab.mjs share: running one timed `generate`
// (scripts/bench-run.mjs) in a child process, and reading their numeric options.

import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The lines of a child's stderr worth showing: the error itself, then the end. */
export function errorExcerpt(stderr) {
  const lines = stderr.trim().split('\n');
  const first = lines.findIndex((l) => /^(\w*Error\b|Error \[|\w+: )/.test(l));
  const picked = first >= 0 ? lines.slice(first, first + 3) : [];
  const tail = lines.slice(-4).filter((l) => !picked.includes(l));
  return [...picked, ...(tail.length && picked.length ? ['...'] : []), ...tail].join('\n');
}

/**
 * One `generate` over `source` with `workers` workers, in a node started with `nodeFlags`, of the build in
 * `build` (default dist/). `{ ok: true, ms, records, maxRssBytes, cpuMs }`, or `{ ok: false, error }`.
 */
export function runGenerateChild({ source, workers, nodeFlags, build }) {
  const child = spawnSync(
    process.execPath,
    [
      ...nodeFlags,
      join(ROOT, 'scripts/bench-run.mjs'),
      ...(build === undefined ? [] : ['--build', build]),
      '--workers',
      String(workers),
      source,
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  const line = (child.stdout ?? '')
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (child.status === 0 && line) {
    try {
      return { ok: true, ...JSON.parse(line) };
    } catch {
      // fall through to the error below
    }
  }
  const stderr = errorExcerpt(child.stderr ?? '');
  const how = child.signal ? `killed by ${child.signal}` : `exit code ${child.status}`;
  return { ok: false, error: `bench-run.mjs failed (${how})${stderr ? `\n${stderr}` : ''}` };
}

/**
 * A numeric option's value as a positive whole number (`1000000` or `1_000_000`), or undefined when it is
 * not one (the caller says so, naming the option).
 */
export function positiveWholeNumber(text) {
  const n = Number(String(text).replaceAll('_', ''));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}
