/**
 * `@cloud-copilot/iam-simulate` is AGPL: a devDependency for these differential tests and the benchmark
 * only. Nothing we ship (src/, dist/) may import or mention it; and the reviewed list of disagreements
 * must be well formed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';
import { known } from './differential.js';
import { NEUTRALIZERS } from './neutralize.js';

const FORBIDDEN = 'iam-simulate';

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|js|mjs|cjs|json)$/.test(entry)) out.push(path);
  }
  return out;
}

describe('the AGPL iam-simulate stays out of what we ship', () => {
  it('is not named in any file under src/ or dist/', () => {
    // Given every source and build file, When searched, Then none names the package
    const offenders = [...files(join(REPO, 'src')), ...files(join(REPO, 'dist'))].filter((f) =>
      readFileSync(f, 'utf8').includes(FORBIDDEN),
    );
    expect(offenders).toEqual([]);
  });

  it('is a devDependency, not a dependency', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain('@cloud-copilot/iam-simulate');
    expect(Object.keys(pkg.devDependencies ?? {})).toContain('@cloud-copilot/iam-simulate');
  });
});

describe('known-differences.json', () => {
  it('justifies every rule with a doc, a section and a quote, and can neutralize it', () => {
    for (const [name, rule] of Object.entries(known.rules)) {
      expect(rule.doc && rule.section && rule.quote && rule.ours && rule.theirs, name).toBeTruthy();
      expect(NEUTRALIZERS[name], `${name} has no neutralizer`).toBeDefined();
    }
  });

  it('uses every rule, and lists each case once with known rules', () => {
    const used = new Set(known.cases.flatMap((c) => c.rules));
    expect([...used].sort()).toEqual(Object.keys(known.rules).sort());
    expect(new Set(known.cases.map((c) => c.id)).size).toBe(known.cases.length);
  });
});
