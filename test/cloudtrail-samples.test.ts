/**
 * The foundation's promise over real third-party CloudTrail data: every sample is processed without a
 * stack trace, malformed counts are exactly the records that really are malformed (checked by hand in
 * src/sources/cloudtrail/samples.expected.json), every observed successful call is allowed by its
 * principal's generated policy, and every emitted action exists in the service data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalAction } from '../src/mapping/service-data.js';
import { type GenerateResult, generate } from '../src/pipeline/generate.js';
import { asArray } from '../src/policy/types.js';
import { cli, HAVE_SAMPLES, REPO, SAMPLES } from './helpers.js';

const CLOUDTRAIL = join(SAMPLES, 'cloudtrail');
const expected = JSON.parse(
  readFileSync(join(REPO, 'src', 'sources', 'cloudtrail', 'samples.expected.json'), 'utf8'),
) as { files: Record<string, { malformed: number; records: number }> };

describe.skipIf(!HAVE_SAMPLES)('generate over the shared CloudTrail samples', () => {
  let result: GenerateResult;

  it('processes every sample and counts exactly the malformed records', async () => {
    result = await generate({ sources: [CLOUDTRAIL], workers: 1 });
    const malformed = Object.values(expected.files).reduce((n, f) => n + f.malformed, 0);
    expect(result.summary.malformed).toBe(malformed);
    expect(result.summary.files).toBe(Object.keys(expected.files).length);
    expect(result.policies.length).toBeGreaterThan(50);
  });

  it('allows every observed successful call with the generated policy of its principal', () => {
    const failures = result.policies.flatMap((p) =>
      p.replay.failures.map(
        (f) => `${p.principal} ${p.workload ?? ''}: ${f.action} ${f.resource} ${f.decision}`,
      ),
    );
    expect(failures).toEqual([]);
    expect(result.policies.reduce((n, p) => n + p.replay.checked, 0)).toBeGreaterThan(200);
  });

  it('emits only actions that exist in the service data, in their canonical spelling', () => {
    const unknown: string[] = [];
    for (const p of result.policies) {
      for (const st of p.policy.Statement) {
        for (const a of asArray(st.Action))
          if (canonicalAction(a) !== a) unknown.push(`${p.principal}: ${a}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('never grants a refused call', () => {
    for (const p of result.policies) {
      const granted = new Set(p.policy.Statement.flatMap((s) => asArray(s.Action)));
      for (const d of p.denied) {
        // A refused action may still be granted when the same principal also used it successfully elsewhere.
        for (const a of d.actions) {
          if (granted.has(a)) expect(p.evidence.some((e) => e.actions.includes(a))).toBe(true);
        }
      }
    }
  });

  it('exits 0 from the CLI without a stack trace', () => {
    const run = cli(['generate', CLOUDTRAIL, '--json']);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(JSON.parse(run.stdout).summary.malformed).toBe(result.summary.malformed);
  });
});
