import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GrantedPrincipal } from '../granted/types.js';
import type { PolicyDocument } from '../policy/types.js';
import { expandGrants } from './expand-grants.js';
import { PrincipalPolicies } from './policy-set.js';
import { classifyPrincipalRisk, compareFindings, finishFindings, RISK_CATEGORIES } from './risk.js';
import { ACCOUNT, grantedRole, policy, tinyData } from './test-helpers.js';

const data = tinyData();

function risks(docs: PolicyDocument[], extra: Partial<GrantedPrincipal> = {}) {
  const policies = new PrincipalPolicies(grantedRole(docs, extra));
  const expanded = expandGrants(policies, data);
  return classifyPrincipalRisk(policies, expanded.rows, expanded.allServices, data).findings;
}

const PASS_AND_RUN = {
  Effect: 'Allow' as const,
  Action: ['iam:PassRole', 'ec2:RunInstances'],
  Resource: '*',
};

describe('classifyPrincipalRisk', () => {
  it('finds privilege escalation in PassRole with RunInstances on *, at high severity', () => {
    // Given iam:PassRole and ec2:RunInstances on every resource
    const f = risks([policy(PASS_AND_RUN)]);
    // Then the pass-role-to-ec2 method is reported first, unconstrained
    const esc = f.find((x) => x.category === 'privilege-escalation')!;
    expect(esc).toMatchObject({ severity: 'high', method: 'pass-role-to-ec2', constraint: 'none' });
    expect(f[0]!.category).toBe('privilege-escalation');
  });

  it('counts PassRole on role/* as unconstrained: it reaches every role', () => {
    // Given PassRole on every role of the account, RunInstances on *
    const f = risks([
      policy(
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/*` },
        { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
      ),
    ]);
    expect(f.some((x) => x.method === 'pass-role-to-ec2' && x.severity === 'high')).toBe(true);
  });

  it('does not count PassRole on one named role', () => {
    const f = risks([
      policy(
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/app-task` },
        { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
      ),
    ]);
    expect(f.some((x) => x.category === 'privilege-escalation')).toBe(false);
  });

  it('respects a Deny statement', () => {
    // Given the same grant with PassRole denied everywhere
    const f = risks([policy(PASS_AND_RUN, { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' })]);
    // Then there is no escalation
    expect(f.some((x) => x.category === 'privilege-escalation')).toBe(false);
  });

  it('lowers the severity of what only conditions keep out, naming the keys', () => {
    // Given the grant limited to requests from one network
    const f = risks([
      policy({ ...PASS_AND_RUN, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }),
    ]);
    const esc = f.find((x) => x.category === 'privilege-escalation')!;
    expect(esc).toMatchObject({
      severity: 'medium',
      constraint: 'condition',
      conditionKeys: ['aws:SourceIp'],
    });
  });

  it('reports administrator access once, with every escalation method folded in', () => {
    // Given * on *
    const f = risks([policy({ Effect: 'Allow', Action: '*', Resource: '*' })]);
    // Then admin comes first, critical, then one escalation finding
    expect(f[0]).toMatchObject({ category: 'admin', severity: 'critical' });
    expect(f.filter((x) => x.category === 'privilege-escalation')).toHaveLength(1);
    expect(f.find((x) => x.category === 'service-wildcard')?.actions).toEqual(['*']);
  });

  it('reports resource exposure, data exfiltration and infrastructure modification on *', () => {
    const f = risks([policy({ Effect: 'Allow', Action: 's3:*', Resource: '*' })]);
    const cats = f.map((x) => x.category);
    expect(cats).toEqual([
      'resource-exposure',
      'data-exfiltration',
      'service-wildcard',
      'infrastructure-modification',
    ]);
    expect(f[0]!.actions).toEqual(['s3:PutBucketPolicy']);
  });

  it('judges trust policies: any principal, another account, a compute service', () => {
    const trust = (principal: unknown, condition?: unknown) => ({
      name: 'AssumeRolePolicyDocument',
      kind: 'inline' as const,
      source: 'auth.json trust',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: principal,
            Action: 'sts:AssumeRole',
            ...(condition ? { Condition: condition } : {}),
          },
        ],
      },
    });
    expect(risks([], { trustPolicy: trust({ AWS: '*' }) })[0]).toMatchObject({
      category: 'assumable-by-any-principal',
      severity: 'critical',
    });
    expect(
      risks([], { trustPolicy: trust('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-example' } }) })[0],
    ).toMatchObject({ category: 'assumable-by-any-principal', severity: 'high', constraint: 'condition' });
    expect(risks([], { trustPolicy: trust({ AWS: 'arn:aws:iam::444455556666:root' }) })[0]?.category).toBe(
      'assumable-cross-account',
    );
    expect(risks([], { trustPolicy: trust({ AWS: `arn:aws:iam::${ACCOUNT}:root` }) })).toEqual([]);
    expect(risks([], { trustPolicy: trust({ Service: 'lambda.amazonaws.com' }) })[0]?.category).toBe(
      'assumable-by-compute-service',
    );
  });

  it('reports attached policies missing from the input', () => {
    const f = risks([], {
      unknownPolicies: [
        {
          arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
          attachedAs: 'managed',
          awsManaged: true,
          source: 'auth.json x',
        },
      ],
    });
    expect(f[0]).toMatchObject({ category: 'unknown-policy', severity: 'medium' });
    expect(f[0]!.message).toContain('arn:aws:iam::aws:policy/ReadOnlyAccess');
  });

  it('marks findings whose actions were used', () => {
    const drafts = risks([policy(PASS_AND_RUN)]);
    const finished = finishFindings(drafts, new Set(['ec2:runinstances']));
    expect(finished.find((x) => x.category === 'privilege-escalation')!.used).toBe(true);
    expect(JSON.stringify(finished)).not.toContain('allActions');
  });
});

describe('risk categories', () => {
  it('order findings by severity, then category, privilege escalation before the other high ones', () => {
    const order = RISK_CATEGORIES.filter((c) => c.severity === 'high').map((c) => c.category);
    expect(order[0]).toBe('privilege-escalation');
    const a = { severity: 'high', category: 'credentials-exposure', title: 'a' } as never;
    const b = { severity: 'high', category: 'privilege-escalation', title: 'b' } as never;
    expect([a, b].sort(compareFindings)[0]).toBe(b);
  });

  it('have unique codes', () => {
    const codes = RISK_CATEGORIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('data/compute-service-principals.json', () => {
  const table = JSON.parse(
    readFileSync(new URL('../../data/compute-service-principals.json', import.meta.url), 'utf8'),
  ) as { entries: { principal: string; source: string }[] };

  it('is sorted, sourced and made of service principals', () => {
    const names = table.entries.map((e) => e.principal);
    expect(names).toEqual([...names].sort());
    for (const e of table.entries) {
      expect(e.principal).toMatch(/^[a-z0-9.-]+\.amazonaws\.com$/);
      expect(e.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});
