/**
 * Audit of an account authorization dump (hand-written for the example app: URL-encoded documents as the IAM
 * API returns them, a managed policy with two versions, a boundary, a group, AWS-managed policies left out of
 * the dump, and a role nobody used) against the example's CloudTrail logs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult, PrincipalAudit } from '../../src/audit/index.js';
import { cli, EXAMPLES, REPO } from '../helpers.js';

const DUMP = join(REPO, 'test', 'audit', 'fixtures', 'notes-authorization-details.json');
const ARN = (name: string) => `arn:aws:iam::111122223333:${name}`;

let result: AuditResult;

beforeAll(() => {
  const run = cli(['audit', '--granted', DUMP, '--json', EXAMPLES]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  result = JSON.parse(run.stdout) as AuditResult;
});

function principal(name: string): PrincipalAudit {
  const p = result.principals.find((x) => x.principal === ARN(name) && x.workload === null);
  expect(p, name).toBeDefined();
  return p!;
}

describe('audit of an authorization dump', () => {
  it('audits every user and role, and the functions inside the shared role', () => {
    expect(result.summary).toMatchObject({
      principals: 4,
      workloads: 5,
      seen: 3,
      notSeen: 1,
      unknownPolicies: 2,
    });
  });

  it('ranks the deploy role first: it can escalate through CloudFormation change sets, and uses them', () => {
    const deploy = principal('role/ci/notes-deploy');
    expect(deploy.rank).toBe(1);
    expect(deploy.risks[0]).toMatchObject({
      category: 'privilege-escalation',
      method: 'execute-cloudformation-change-set',
      used: true,
    });
    // The default version (v2) is read, not v1's `*` on `*`
    expect(deploy.risks.some((r) => r.category === 'admin')).toBe(false);
  });

  it('reads the permissions boundary: what it refuses is not granted', () => {
    const deploy = principal('role/ci/notes-deploy');
    expect(deploy.granted.boundary).toBe(ARN('policy/deploy-boundary'));
    expect(deploy.unused.some((u) => u.action === 'lambda:DeleteFunction')).toBe(false);
    expect(deploy.notes.join(' ')).toContain(
      'refused anyway by a Deny statement or the permissions boundary',
    );
  });

  it('reports PassRole granted without the iam:PassedToService condition every use met', () => {
    const deploy = principal('role/ci/notes-deploy');
    expect(deploy.overbroad).toContainEqual(
      expect.objectContaining({
        kind: 'condition',
        actions: ['iam:PassRole'],
        resource: ARN('role/notes-api-lambdaRole'),
        condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } },
      }),
    );
  });

  it('reports AWS-managed policies missing from the dump as unknown, not as empty', () => {
    const deploy = principal('role/ci/notes-deploy');
    expect(deploy.unknownPolicies.map((u) => u.arn)).toEqual([
      'arn:aws:iam::aws:policy/AWSCloudFormationReadOnlyAccess',
    ]);
    expect(deploy.risks.map((r) => r.code)).toContain('UNKNOWN_POLICY');
  });

  it('calls Lambda Invoke unprovable: the trail has no Lambda data events', () => {
    const deploy = principal('role/ci/notes-deploy');
    expect(deploy.unprovable).toContainEqual(
      expect.objectContaining({
        action: 'lambda:InvokeFunction',
        reason: 'data-events-not-logged',
        dataEventType: 'AWS::Lambda::Function',
      }),
    );
    expect(result.summary.activity.dataEventTypes).toEqual([
      'AWS::DynamoDB::Table',
      'AWS::S3::Object',
      'AWS::SQS::Queue',
    ]);
  });

  it('calls logs:PutLogEvents unprovable: CloudTrail never records it', () => {
    const lambda = principal('role/notes-api-lambdaRole');
    expect(lambda.unprovable.map((u) => [u.action, u.reason])).toContainEqual([
      'logs:PutLogEvents',
      'not-logged',
    ]);
    expect(lambda.proof).toMatchObject({ contained: true, allowsObserved: true, failures: [] });
  });

  it("judges alice's refused calls: an explicit deny, and two missing permissions", () => {
    const alice = principal('user/alice');
    expect(alice.denied.map((d) => [d.operation, d.verdict])).toEqual([
      ['dynamodb.amazonaws.com:DeleteTable', 'explicit-deny'],
      ['ec2.amazonaws.com:TerminateInstances', 'missing-permission'],
      ['s3.amazonaws.com:GetObject', 'missing-permission'],
    ]);
    expect(alice.granted.policies.map((p) => [p.name, p.kind, p.group])).toEqual([
      ['developer-read', 'group-inline', 'developers'],
    ]);
  });

  it('reports the role nobody used: never seen, every grant unused, a dangerous one at that', () => {
    const idle = principal('role/legacy-batch');
    expect(idle.seen).toBe(false);
    expect(idle.unusedServices).toEqual(['ec2', 'iam']);
    expect(idle.recommendedPolicy).toBeNull();
    expect(idle.risks.map((r) => [r.code, r.used])).toContainEqual(['PRIVILEGE_ESCALATION', false]);
    expect(idle.risks.map((r) => r.code)).toContain('ASSUMABLE_CROSS_ACCOUNT');
  });

  it('names a --granted file it cannot read, in words, and exits 1 when no principal is left', () => {
    const missing = join(REPO, 'test', 'audit', 'fixtures', 'missing.json');
    const run = cli(['audit', '--granted', missing, EXAMPLES]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`error: ${missing}: cannot read: no such file or directory\n`);
  });

  it('says in one line when --out cannot be written (exit 1)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'leastpriv-audit-')), 'missing', 'report.md');
    const run = cli(['audit', '--granted', DUMP, '--out', out, EXAMPLES]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`leastpriv: --out ${out}: cannot write ${out}: no such file or directory\n`);
  });

  it('fails --fail-on not-seen and unknown', () => {
    const run = cli(['audit', '--granted', DUMP, '--fail-on', 'not-seen,unknown,denied', EXAMPLES]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('1 principal never seen in the activity (--fail-on not-seen)');
  });
});
