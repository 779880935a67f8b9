/**
 * Agreement with AWS's IAM Policy Validator for Terraform: its test plans come with the findings Access Analyzer
 * gave (../shared/samples/policies/terraform-iam-policy-validator/iam_check/test). ValidatePolicy findings are
 * compared code by code with validate's Access-Analyzer-origin codes; the CheckNoPublicAccess custom check with
 * PUBLIC_ACCESS. terraform-validator.mapping.json is the reviewed mapping and the notes; the table is pinned in
 * terraform-validator.agreement.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks } from '../../src/validate/checks/index.js';
import { readPolicyFiles } from '../../src/validate/readers/index.js';
import type { LocatedPolicy } from '../../src/validate/types.js';
import { type ValidatedFinding, validatePolicies } from '../../src/validate/validate-policy.js';
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

const ROOT = join(SAMPLES, 'policies', 'terraform-iam-policy-validator', 'iam_check');
const MAPPING_FILE = join(import.meta.dirname, 'terraform-validator.mapping.json');
const AGREEMENT_FILE = join(import.meta.dirname, 'terraform-validator.agreement.json');

interface Mapping {
  validatePolicy: { plan: string; findings: string; floor?: number }[];
  checks: { check: string; plan: string; findings: string; ours: string[]; floor?: number }[];
  differences: ReviewedDifference[];
}

interface ExpectedFinding {
  findingType: string;
  code: string;
  policyName: string;
}

const ACCESS_ANALYZER_CODES = new Set(
  checks.filter((c) => c.origin === 'access-analyzer').map((c) => c.code),
);

/**
 * The validator's name of a policy: `aws_iam_policy.x` (its `policy`), `aws_iam_role.x` (the trust policy),
 * `aws_iam_role.x.inline_policy.0`; undefined for data sources, which it does not check on their own.
 */
export function validatorPolicyName(
  p: Pick<LocatedPolicy, 'logicalPath' | 'resourceName'>,
): string | undefined {
  if (p.resourceName === undefined || p.resourceName.startsWith('data.')) return undefined;
  const steps = p.logicalPath.split('/').slice(1);
  if (steps.length <= 1) return p.resourceName;
  return [p.resourceName, ...steps.slice(0, -1)].join('.');
}

async function validatePlan(plan: string) {
  const read = await readPolicyFiles([join(ROOT, plan)]);
  const policies = read.policies.filter((p) => validatorPolicyName(p) !== undefined);
  const result = validatePolicies(policies, { accountId: '123456789012' });
  const byName = new Map<string, ValidatedFinding[]>();
  for (const p of policies) byName.set(validatorPolicyName(p)!, []);
  for (const f of result.findings) {
    const policy = policies.find((p) => p.file === f.file && p.logicalPath === f.logicalPath);
    if (policy) byName.get(validatorPolicyName(policy)!)?.push(f);
  }
  return byName;
}

function expectedFindings(file: string): ExpectedFinding[] {
  const doc = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Record<string, ExpectedFinding[]>;
  return [...(doc.BlockingFindings ?? []), ...(doc.NonBlockingFindings ?? [])];
}

describe.skipIf(!existsSync(ROOT))(
  titleFor('agreement with the IAM Policy Validator for Terraform', ROOT),
  () => {
    it('agrees per code as pinned in terraform-validator.agreement.json, each difference explained', async () => {
      const mapping = JSON.parse(readFileSync(MAPPING_FILE, 'utf8')) as Mapping;
      const used = new Set<ReviewedDifference>();
      const unexplained: string[] = [];
      const validatePolicyRows: Record<string, AgreementRow> = {};
      const checkRows: Record<string, AgreementRow> = {};

      for (const run of mapping.validatePolicy) {
        // Given a plan and the ValidatePolicy findings Access Analyzer gave for it
        const expected = expectedFindings(run.findings);
        const ours = await validatePlan(run.plan);
        const aa = (name: string) => (ours.get(name) ?? []).filter((f) => ACCESS_ANALYZER_CODES.has(f.code));
        // When each code either side reports is compared policy by policy (and "any finding" as one row)
        const codes = new Set([
          ...expected.map((f) => f.code),
          ...[...ours.keys()].flatMap((n) => aa(n).map((f) => f.code)),
        ]);
        const names = [...new Set([...ours.keys(), ...expected.map((f) => f.policyName)])].sort();
        const compare = (key: string, has: (code: string) => boolean) => {
          const results: CaseResult[] = names.map((name) => ({
            case: `${run.plan}#${name}`,
            theirs: expected.some((f) => f.policyName === name && has(f.code)),
            ours: aa(name).some((f) => has(f.code)),
          }));
          const row = agreementRow(key, [], results, mapping.differences, used, unexplained, run.floor);
          const previous = validatePolicyRows[key];
          validatePolicyRows[key] = previous ? merge(previous, row) : row;
        };
        compare('any Access Analyzer finding', () => true);
        for (const code of [...codes].sort()) compare(code, (c) => c === code);
      }

      for (const m of mapping.checks) {
        // Given a plan and the custom check's findings, When compared with the mapped codes policy by policy
        const expected = expectedFindings(m.findings).filter((f) => f.code === `policy-analysis-${m.check}`);
        const ours = await validatePlan(m.plan);
        const names = [...new Set([...ours.keys(), ...expected.map((f) => f.policyName)])].sort();
        const results: CaseResult[] = names.map((name) => ({
          case: `${m.plan}#${name}`,
          theirs: expected.some((f) => f.policyName === name),
          ours: (ours.get(name) ?? []).some((f) => m.ours.includes(f.code)),
        }));
        checkRows[m.check] = agreementRow(
          m.check,
          m.ours,
          results,
          mapping.differences,
          used,
          unexplained,
          m.floor,
        );
      }

      // Then the table is as committed, every difference is explained, no note is stale, floors hold
      const table = {
        source:
          'IAM Policy Validator for Terraform test plans (../shared/samples/policies/terraform-iam-policy-validator)',
        generatedBy:
          'test/validate/terraform-validator-agreement.test.ts; mapping and notes in terraform-validator.mapping.json',
        total: totals({ ...validatePolicyRows, ...checkRows }),
        validatePolicy: validatePolicyRows,
        customChecks: checkRows,
      };
      pinAgreement(AGREEMENT_FILE, table);
      expect(unexplained).toEqual([]);
      expect(mapping.differences.filter((d) => !used.has(d)).map((d) => `${d.check} on ${d.case}`)).toEqual(
        [],
      );
      expectFloors({ ...validatePolicyRows, ...checkRows });
    });

    it('names policies as the validator does', () => {
      expect(
        validatorPolicyName({ resourceName: 'aws_iam_policy.p', logicalPath: 'aws_iam_policy.p/policy' }),
      ).toBe('aws_iam_policy.p');
      expect(
        validatorPolicyName({
          resourceName: 'aws_iam_role.r',
          logicalPath: 'aws_iam_role.r/assume_role_policy',
        }),
      ).toBe('aws_iam_role.r');
      expect(
        validatorPolicyName({
          resourceName: 'aws_iam_role.r',
          logicalPath: 'aws_iam_role.r/inline_policy/1/policy',
        }),
      ).toBe('aws_iam_role.r.inline_policy.1');
      expect(
        validatorPolicyName({
          resourceName: 'aws_lambda_permission.l',
          logicalPath: 'aws_lambda_permission.l',
        }),
      ).toBe('aws_lambda_permission.l');
      expect(
        validatorPolicyName({
          resourceName: 'data.aws_iam_policy_document.d',
          logicalPath: 'data.aws_iam_policy_document.d/json',
        }),
      ).toBeUndefined();
    });
  },
);

function merge(a: AgreementRow, b: AgreementRow): AgreementRow {
  const both = a.both + b.both;
  const theirsOnly = a.theirsOnly + b.theirsOnly;
  const cases = a.cases + b.cases;
  const neither = a.neither + b.neither;
  const out: AgreementRow = {
    ...a,
    cases,
    both,
    theirsOnly,
    oursOnly: a.oursOnly + b.oursOnly,
    neither,
    agreement: Math.round(((both + neither) / cases) * 1000) / 1000,
    theirsFound: both + theirsOnly === 0 ? null : Math.round((both / (both + theirsOnly)) * 1000) / 1000,
    differences: [...a.differences, ...b.differences],
  };
  return out;
}
