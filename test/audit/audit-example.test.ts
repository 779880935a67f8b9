/**
 * Done-when: audit on the bundled example (examples/cloudtrail + the granted examples/serverless.yml bound to the
 * shared Lambda role) shows the role's unused DynamoDB actions per function and a replacement policy per
 * function that the engine proves is contained in the old one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, PrincipalAudit } from '../../src/audit/index.js';
import { compilePolicy, evaluate } from '../../src/evaluate/index.js';
import { parsePolicy } from '../../src/policy/index.js';
import { asArray } from '../../src/policy/types.js';
import { readPolicies } from '../../src/validate/readers/index.js';
import { cli, EXAMPLES, REPO } from '../helpers.js';

const ROLE = 'arn:aws:iam::111122223333:role/notes-api-lambdaRole';
const SERVERLESS = join(REPO, 'examples', 'serverless.yml');
const FUNCTIONS = ['create', 'delete', 'get', 'list', 'update'].map(
  (f) => `arn:aws:lambda:us-east-1:111122223333:function:notes-api-${f}`,
);
/** What each function calls in the table (examples/README.md). */
const USED_ITEM_ACTION: Record<string, string> = {
  create: 'dynamodb:PutItem',
  delete: 'dynamodb:DeleteItem',
  get: 'dynamodb:GetItem',
  list: 'dynamodb:Query',
  update: 'dynamodb:UpdateItem',
};
const GRANTED_DYNAMODB = [
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
];

let result: AuditResult;
let stdout: string;

beforeAll(() => {
  const run = cli(['audit', '--granted', SERVERLESS, '--principal', ROLE, '--json', EXAMPLES]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  stdout = run.stdout;
  result = JSON.parse(stdout) as AuditResult;
});

function entry(workload: string | null): PrincipalAudit {
  const p = result.principals.find((x) => x.principal === ROLE && x.workload === workload);
  expect(p, workload ?? ROLE).toBeDefined();
  return p!;
}

describe('audit of the example app against its serverless.yml', () => {
  it('prints the JSON contract: schemaVersion, principals with the agreed keys first, summary', () => {
    // Given the audit's JSON
    const doc = JSON.parse(stdout) as Record<string, unknown>;
    // Then the top level and each principal have the documented shape
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'principals', 'summary']);
    expect(doc.schemaVersion).toBe(1);
    const first = (doc.principals as Record<string, unknown>[])[0]!;
    expect(Object.keys(first).slice(0, 7)).toEqual([
      'principal',
      'workload',
      'unused',
      'overbroad',
      'risks',
      'unprovable',
      'recommendedPolicy',
    ]);
    expect(result.summary).toMatchObject({ principals: 1, workloads: 5, seen: 1, notSeen: 0 });
  });

  it("shows, for each function, the shared role's DynamoDB actions it never used", () => {
    for (const fn of FUNCTIONS) {
      // Given one function of the shared role
      const name = fn.slice(fn.lastIndexOf('-') + 1);
      const p = entry(fn);
      // Then every granted DynamoDB action but its own is unused by it
      const unused = p.unused.filter((u) => u.service === 'dynamodb').map((u) => u.action);
      expect(unused, name).toEqual(GRANTED_DYNAMODB.filter((a) => a !== USED_ITEM_ACTION[name]));
      // And its own action is over-broad: every table in the region is granted, one is used
      expect(p.overbroad, name).toContainEqual(
        expect.objectContaining({
          actions: [USED_ITEM_ACTION[name]],
          resource: 'arn:aws:dynamodb:us-east-1:*:*',
          used: ['arn:aws:dynamodb:us-east-1:111122223333:table/notes'],
        }),
      );
    }
  });

  it('reports the role as a whole: DescribeTable and Scan never used, s3:* and kms:* far broader than the use', () => {
    const role = entry(null);
    expect(role.unused.filter((u) => u.service === 'dynamodb').map((u) => u.action)).toEqual([
      'dynamodb:DescribeTable',
      'dynamodb:Scan',
    ]);
    expect(role.overbroad.map((o) => o.resource)).toEqual(
      expect.arrayContaining(['*', 'arn:aws:s3:::notes-attachments-111122223333/*']),
    );
    expect(role.sharedBy).toEqual(FUNCTIONS);
    expect(role.notes.join(' ')).toContain('shared by 5 Lambda functions');
    expect(role.risks.map((r) => r.code)).toContain('SERVICE_WILDCARD');
  });

  it('gives each function a replacement policy proven contained in the old one', () => {
    // Given the granted statements as the engine reads them
    const granted = readPolicies(SERVERLESS, readFileSync(SERVERLESS, 'utf8'), {
      account: '111122223333',
      frameworkPolicies: true,
    }).policies;
    const old = granted.map((g) => compilePolicy(parsePolicy(g.document).policy, 'identity'));
    for (const fn of FUNCTIONS) {
      const p = entry(fn);
      // Then the audit's own proof holds
      expect(p.proof, fn).toMatchObject({ contained: true, failures: [] });
      expect(p.recommendedPolicy, fn).not.toBeNull();
      // And, checked again here with the engine, every (action, resource) it grants the old policy grants
      for (const st of p.recommendedPolicy!.Statement) {
        for (const action of asArray(st.Action)) {
          for (const resource of asArray(st.Resource)) {
            const r = evaluate({ action, resource }, { identity: old });
            expect(r.decision, `${fn} ${action} ${resource}`).toBe('Allowed');
          }
        }
      }
      // And its own item action is in it, on the one table, and no other function's
      const actions = p
        .recommendedPolicy!.Statement.flatMap((s) => asArray(s.Action))
        .filter((a) => a.startsWith('dynamodb:'));
      const name = fn.slice(fn.lastIndexOf('-') + 1);
      expect(actions, fn).toEqual([USED_ITEM_ACTION[name]]);
    }
  });

  it('counts the log permissions the Serverless Framework adds as granted: every observed call is allowed', () => {
    for (const fn of FUNCTIONS) {
      const p = entry(fn);
      expect(p.notGranted, fn).toEqual([]);
      expect(p.proof?.allowsObserved, fn).toBe(true);
      // (the function's replacement keeps the log stream it writes, in the log group named as IAM evaluates it)
      const logs = p.recommendedPolicy!.Statement.filter((s) =>
        asArray(s.Action).includes('logs:CreateLogStream'),
      );
      expect(
        logs.flatMap((s) => asArray(s.Resource)),
        fn,
      ).toEqual([
        `arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/${fn.slice(fn.lastIndexOf(':') + 1)}:log-stream:*`,
      ]);
    }
  });

  it('binds the serverless.yml to the role it names when --principal is left out', () => {
    const run = cli(['audit', '--granted', SERVERLESS, '--json', EXAMPLES]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('bound the template');
    expect((JSON.parse(run.stdout) as AuditResult).principals[0]!.principal).toBe(ROLE);
  });
});

describe('audit reports and exit codes', () => {
  it('prints a text table per principal and per function', () => {
    const run = cli(['audit', '--granted', SERVERLESS, '--principal', ROLE, EXAMPLES]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`== #1 Role ${ROLE}  [HIGH]`);
    expect(run.stdout).toContain('-- Function notes-api-get');
    expect(run.stdout).toMatch(/UNUSED\s+ON/);
    expect(run.stdout).toContain('dynamodb:DescribeTable, dynamodb:Scan');
    expect(run.stdout).toContain('replacement policy: proven contained in the granted policies');
  });

  it('prints Markdown for a pull-request comment', () => {
    const run = cli([
      'audit',
      '--granted',
      SERVERLESS,
      '--principal',
      ROLE,
      '--format',
      'markdown',
      EXAMPLES,
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout.startsWith('## leastpriv audit\n')).toBe(true);
    expect(run.stdout).toContain('| Severity | Risk | Used | Why |');
    expect(run.stdout).toContain(
      '<details><summary>Replacement policy for Function notes-api-list</summary>',
    );
  });

  it('writes the report to --out, in the format its extension says', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leastpriv-audit-'));
    const out = join(dir, 'audit.json');
    const run = cli(['audit', '--granted', SERVERLESS, '--principal', ROLE, '--out', out, EXAMPLES]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`wrote the json report to ${out}`);
    expect((JSON.parse(readFileSync(out, 'utf8')) as AuditResult).schemaVersion).toBe(1);
  });

  it('exits 2 when --fail-on matches, 0 when it does not', () => {
    // Given the high-severity KMS resource exposure and the unused grants
    const high = cli([
      'audit',
      '--granted',
      SERVERLESS,
      '--principal',
      ROLE,
      '--fail-on',
      'risk=high,unused',
      EXAMPLES,
    ]);
    expect(high.status).toBe(2);
    expect(high.stderr).toContain('(--fail-on risk=high)');
    expect(high.stderr).toContain('(--fail-on unused)');
    const critical = cli([
      'audit',
      '--granted',
      SERVERLESS,
      '--principal',
      ROLE,
      '--fail-on',
      'risk=critical',
      EXAMPLES,
    ]);
    expect(critical.status).toBe(0);
  });

  it('takes a permissions boundary file: what it refuses is neither granted nor in the replacement', () => {
    // Given a boundary that allows only DynamoDB
    const dir = mkdtempSync(join(tmpdir(), 'leastpriv-boundary-'));
    const boundary = join(dir, 'boundary.json');
    writeFileSync(
      boundary,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'dynamodb:*', Resource: '*' }],
      }),
    );
    const run = cli([
      'audit',
      '--granted',
      SERVERLESS,
      '--principal',
      ROLE,
      '--boundary',
      boundary,
      '--json',
      EXAMPLES,
    ]);
    expect(run.status).toBe(0);
    const role = (JSON.parse(run.stdout) as AuditResult).principals[0]!;
    // Then only DynamoDB is granted, and the S3/KMS/SQS use is reported as refused by the boundary
    expect(role.granted.services).toEqual(['dynamodb']);
    expect(
      role
        .recommendedPolicy!.Statement.flatMap((s) => asArray(s.Action))
        .every((a) => a.startsWith('dynamodb:')),
    ).toBe(true);
    expect(role.notGranted.find((g) => g.action === 's3:GetObject')?.message).toContain(
      'the permissions boundary does not allow it',
    );
  });

  it('refuses bad usage with exit 1 and a one-line message', () => {
    expect(cli(['audit', EXAMPLES]).status).toBe(1);
    const bad = cli(['audit', '--granted', SERVERLESS, '--fail-on', 'risk=severe', EXAMPLES]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--fail-on risk=severe');
    const help = cli(['audit', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: leastpriv audit --granted FILE');
  });
});
