/**
 * Agreement with checkov's IAM checks: its fixtures under ../shared/samples/policies/checkov/tests say in their
 * names which resources pass or fail a check. checkov.mapping.json (reviewed) maps each check to the codes of
 * validate that make the same judgement; each template resource (or serverless.yml) is a case. The per-check
 * table is pinned in checkov.agreement.json; every disagreement carries a reviewed note; floors hold.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPolicyFiles, TRUST_POLICY_RESOURCE_TYPE } from '../../src/validate/readers/index.js';
import type { LocatedPolicy } from '../../src/validate/types.js';
import { validatePolicies } from '../../src/validate/validate-policy.js';
import {
  type AgreementRow,
  agreementRow,
  type CaseResult,
  expectFloors,
  pinAgreement,
  type ReviewedDifference,
  SAMPLES,
  titleFor,
  totals,
} from './agreement.js';

const ROOT = join(SAMPLES, 'policies', 'checkov', 'tests');
const MAPPING_FILE = join(import.meta.dirname, 'checkov.mapping.json');
const AGREEMENT_FILE = join(import.meta.dirname, 'checkov.agreement.json');

interface CheckMapping {
  check: string;
  dir: string;
  ours: string[];
  policies: 'identity' | 'trust';
  granularity: 'resource' | 'file';
  floor?: number;
}

interface Mapping {
  checks: CheckMapping[];
  notCompared: { dir: string; reason: string }[];
  differences: ReviewedDifference[];
}

/** The expected outcome a fixture's path states: FAILED/fail, PASSED/pass; UNKNOWN and others are not compared. */
export function verdictOf(path: string): 'fail' | 'pass' | undefined {
  const words = path.split(/[/._-]+/).map((w) => w.toLowerCase());
  if (words.includes('unknown')) return undefined;
  if (words.includes('failed') || words.includes('fail')) return 'fail';
  if (words.includes('passed') || words.includes('pass')) return 'pass';
  return undefined;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(json|ya?ml)$/i.test(e.name) && !/^customVars\./.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

function ofKind(p: LocatedPolicy, kind: CheckMapping['policies']): boolean {
  const trust = p.policyType === 'RESOURCE_POLICY' && p.resourceType === TRUST_POLICY_RESOURCE_TYPE;
  return kind === 'trust' ? trust : p.policyType === 'IDENTITY_POLICY';
}

async function casesOf(m: CheckMapping): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const file of filesUnder(join(ROOT, m.dir))) {
    const verdict = verdictOf(relative(join(ROOT, m.dir), file));
    if (!verdict) continue;
    // Given the fixture, When validated as `leastpriv validate FILE` does
    const read = await readPolicyFiles([file]);
    const policies = read.policies.filter((p) => ofKind(p, m.policies));
    const result = validatePolicies(policies, { accountId: '123456789012' });
    const hit = (resource?: string) =>
      result.findings.some(
        (f) => m.ours.includes(f.code) && (m.granularity === 'file' || f.resourceName === resource),
      );
    const name = relative(ROOT, file);
    if (m.granularity === 'file') {
      out.push({ case: name, theirs: verdict === 'fail', ours: hit() });
      continue;
    }
    for (const resource of [...new Set(policies.map((p) => p.resourceName))].sort()) {
      out.push({ case: `${name}#${resource ?? ''}`, theirs: verdict === 'fail', ours: hit(resource) });
    }
  }
  return out;
}

describe.skipIf(!existsSync(ROOT))(titleFor("agreement with checkov's IAM checks", ROOT), () => {
  it('agrees per check as pinned in checkov.agreement.json, each difference explained', async () => {
    const mapping = JSON.parse(readFileSync(MAPPING_FILE, 'utf8')) as Mapping;
    const used = new Set<ReviewedDifference>();
    const unexplained: string[] = [];
    const rows: Record<string, AgreementRow> = {};
    for (const m of mapping.checks) {
      const results = await casesOf(m);
      expect(results.length, `${m.check} has no cases`).toBeGreaterThan(0);
      rows[m.check] = agreementRow(m.check, m.ours, results, mapping.differences, used, unexplained, m.floor);
    }
    // Then the table is as committed, every difference is explained, no note is stale, floors hold
    const table = {
      source: "checkov's IAM check fixtures (../shared/samples/policies/checkov/tests)",
      generatedBy: 'test/validate/checkov-agreement.test.ts; mapping and notes in checkov.mapping.json',
      total: totals(rows),
      perCheck: rows,
      notCompared: mapping.notCompared.map((n) => n.dir),
    };
    pinAgreement(AGREEMENT_FILE, table);
    expect(unexplained).toEqual([]);
    expect(mapping.differences.filter((d) => !used.has(d)).map((d) => `${d.check} on ${d.case}`)).toEqual([]);
    expectFloors(rows);
    // And every fixture folder is either compared or said why not
    const compared = mapping.checks.map((m) => m.dir);
    const folders = readdirSync(ROOT, { withFileTypes: true, recursive: true })
      .filter((e) => e.isDirectory() && /^example_|^Cloudsplaining_/.test(e.name))
      .map((e) => relative(ROOT, join(e.parentPath, e.name)));
    const silent = folders.filter(
      (f) =>
        !compared.includes(f) && !mapping.notCompared.some((n) => f === n.dir || f.startsWith(`${n.dir}/`)),
    );
    expect(silent).toEqual([]);
  });

  it('reads the verdict from the fixture names', () => {
    expect(verdictOf('iam_role.fail.json')).toBe('fail');
    expect(verdictOf('PASSED-2.yml')).toBe('pass');
    expect(verdictOf('AdminPolicyDocument-FAILED-provider_level/serverless.yml')).toBe('fail');
    expect(verdictOf('cfn_bad_iam_pass.yaml')).toBe('pass');
    expect(verdictOf('iam_role.unknown.yaml')).toBeUndefined();
    expect(verdictOf('main.yaml')).toBeUndefined();
  });
});
