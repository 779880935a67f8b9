/**
 * Reading robustness: every policy-bearing file of the third-party samples in ../shared/samples (outside this
 * repository; skipped when absent) goes through validate without a throw, no check fails on them, and every
 * finding points inside its file. Only SAM inputs that SAM itself rejects (error_*) and the two listed bad
 * fixtures of other linters may give reading errors, each a clear message with its line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPolicyFiles } from '../../src/validate/readers/index.js';
import { validatePolicies } from '../../src/validate/validate-policy.js';
import { cli, REPO } from '../helpers.js';
import { titleFor } from './agreement.js';

const SAMPLES = join(REPO, '..', 'shared', 'samples');
const SETS = {
  policies: join(SAMPLES, 'policies'),
  'sam-translator-inputs': join(
    SAMPLES,
    'apps',
    'aws-serverless-application-model',
    'tests',
    'translator',
    'input',
  ),
};

/** Files outside error_* that are bad on purpose upstream: a policy property holding a list. */
const EXPECTED_READ_ERRORS = [
  'cfn-lint/test/fixtures/templates/bad/resources/iam/iam_policy.yaml',
  'checkov/tests/cloudformation/checks/resource/aws/example_IAMStarActionPolicyDocument/cfn_bad_iam_pass.yaml',
];

function lineCount(file: string, cache: Map<string, number>): number {
  let n = cache.get(file);
  if (n === undefined) {
    n = readFileSync(file, 'utf8').split(/\r\n|\r|\n/).length;
    cache.set(file, n);
  }
  return n;
}

for (const [name, dir] of Object.entries(SETS)) {
  describe.skipIf(!existsSync(dir))(
    titleFor(`validate over the ${name} samples (${relative(REPO, dir)})`, dir),
    () => {
      it('reads and checks every file without a throw, a failed check, or a finding outside its file', async () => {
        // Given every file of the sample set, When read and validated as `leastpriv validate DIR` does
        const read = await readPolicyFiles([dir]);
        const result = validatePolicies(read.policies);
        // Then there are policies, no check threw, and every finding has a line inside its file
        expect(read.policies.length).toBeGreaterThan(100);
        expect(
          result.findings.filter((f) => f.code === 'CHECK_FAILED').map((f) => `${f.file}: ${f.message}`),
        ).toEqual([]);
        const lines = new Map<string, number>();
        const outside = result.findings.filter(
          (f) =>
            !(f.location.line >= 1 && f.location.column >= 1 && f.location.line <= lineCount(f.file, lines)),
        );
        expect(outside.map((f) => `${f.file}:${f.location.line}:${f.location.column} ${f.code}`)).toEqual([]);
        // And reading errors are only where expected, each naming a line or a template path
        const errors = read.diagnostics.filter((d) => d.severity === 'error');
        const unexpected = errors
          .filter((d) => !basename(d.file).startsWith('error_'))
          .map((d) => relative(dir, d.file))
          .filter((f) => !EXPECTED_READ_ERRORS.includes(f));
        expect(unexpected).toEqual([]);
        for (const d of errors)
          expect(d.line !== undefined || Boolean(d.logicalPath), `${d.file} ${d.code}`).toBe(true);
      });
    },
  );
}

describe.skipIf(!existsSync(SETS.policies))(
  titleFor('the built CLI over the policy samples', SETS.policies),
  () => {
    it('finishes with findings (exit 2), never an internal error', () => {
      const run = cli(['validate', '--json', SETS.policies]);
      expect(run.stderr).not.toContain('internal error');
      expect(run.status).toBe(2);
      const doc = JSON.parse(run.stdout);
      expect(doc.summary.policies).toBeGreaterThan(100);
      expect(doc.summary.diagnostics.errors).toBe(EXPECTED_READ_ERRORS.length);
    });
  },
);
