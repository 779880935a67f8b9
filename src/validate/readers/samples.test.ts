/**
 * The readers over the real third-party samples in ../shared/samples (outside this repository): every file is read
 * without a throw, and the counts of files, policies and diagnostics are pinned in samples.counts.json so a
 * change shows up as a diff. After an intended change: UPDATE_SAMPLE_COUNTS=1 npx vitest run samples.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { LocatedPolicy, PathStep } from '../types.js';
import { readPolicyFiles } from './index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const samples = join(repo, '../shared/samples');
const countsFile = fileURLToPath(new URL('samples.counts.json', import.meta.url));

const SETS: Record<string, string> = {
  policies: 'policies',
  'sam-translator-inputs': 'apps/aws-serverless-application-model/tests/translator/input',
  apps: 'apps',
};

/** Every path to a value in a document, keys included as `#Key`. */
function paths(value: unknown, at: PathStep[] = []): PathStep[][] {
  if (Array.isArray(value)) return [at, ...value.flatMap((v, i) => paths(v, [...at, i]))];
  if (value !== null && typeof value === 'object') {
    return [at, ...Object.entries(value).flatMap(([k, v]) => [[...at, `#${k}`], ...paths(v, [...at, k])])];
  }
  return [at];
}

function lineCount(file: string): number {
  return readFileSync(file, 'utf8').split(/\r\n|\r|\n/).length;
}

function checkLocations(policies: LocatedPolicy[]): string[] {
  const bad: string[] = [];
  const lines = new Map<string, number>();
  for (const p of policies) {
    const max = lines.get(p.file) ?? lineCount(p.file);
    lines.set(p.file, max);
    for (const path of paths(p.document)) {
      const loc = p.locate(path);
      if (!(loc.line >= 1 && loc.line <= max && loc.column >= 1))
        bad.push(`${p.file} ${p.logicalPath} ${path.join('.')}`);
    }
  }
  return bad;
}

describe.skipIf(!existsSync(samples))(`samples in ${relative(repo, samples)}`, () => {
  it('reads every file without a throw, with the counts pinned in samples.counts.json', async () => {
    const counts: Record<string, unknown> = {};
    for (const [name, dir] of Object.entries(SETS)) {
      const path = join(samples, dir);
      if (!existsSync(path)) {
        counts[name] = { skipped: `${relative(repo, path)} not found` };
        continue;
      }
      // Given the sample folder, When every file in it is read
      const r = await readPolicyFiles([path]);
      const byKind: Record<string, number> = {};
      for (const f of r.files) byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
      const byCode: Record<string, number> = {};
      for (const d of r.diagnostics)
        byCode[`${d.severity}:${d.code}`] = (byCode[`${d.severity}:${d.code}`] ?? 0) + 1;
      // Errors in SAM inputs that SAM itself rejects (error_*) are expected; others are listed for review.
      const errorsOutsideErrorInputs = [
        ...new Set(
          r.diagnostics
            .filter((d) => d.severity === 'error' && !basename(d.file).startsWith('error_'))
            .map((d) => relative(path, d.file)),
        ),
      ].sort();
      counts[name] = {
        files: r.files.length,
        byKind: Object.fromEntries(Object.entries(byKind).sort()),
        policies: r.policies.length,
        variants: r.policies.filter((p) => p.variant).length,
        unresolvedValues: r.policies.reduce((n, p) => n + p.unresolved.length, 0),
        diagnostics: Object.fromEntries(Object.entries(byCode).sort()),
        errorsOutsideErrorInputs,
      };
      // Then every location of every value and key of every policy is inside its file
      expect(checkLocations(r.policies)).toEqual([]);
    }
    if (process.env.UPDATE_SAMPLE_COUNTS) writeFileSync(countsFile, `${JSON.stringify(counts, null, 2)}\n`);
    const pinned = JSON.parse(readFileSync(countsFile, 'utf8'));
    expect(counts).toEqual(pinned);
  });
});
