import { describe, expect, it } from 'vitest';
import { serviceData } from '../../mapping/service-data.js';
import {
  allowedBy,
  CREDENTIALS_EXPOSURE_ACTIONS,
  classifyRisk,
  DATA_EXFILTRATION_ACTIONS,
  ESCALATION_METHODS,
} from './classify-risk.js';

describe('risk data', () => {
  it('names only actions of the service data, in canonical spelling, sorted and without duplicates', () => {
    const data = serviceData();
    const canonical = (a: string) => {
      const [s = '', n = ''] = a.split(':');
      return data.action(s, n)?.action;
    };
    for (const list of [CREDENTIALS_EXPOSURE_ACTIONS, DATA_EXFILTRATION_ACTIONS]) {
      expect(list).toEqual([...new Set(list)].sort());
      for (const a of list) expect(canonical(a), a).toBe(a);
    }
    const ids = ESCALATION_METHODS.map((m) => m.id);
    expect(ids).toEqual([...new Set(ids)].sort());
    for (const m of ESCALATION_METHODS) {
      expect(m.actions, m.id).toEqual([...m.actions].sort());
      for (const a of m.actions) expect(canonical(a), `${m.id}: ${a}`).toBe(a);
      expect(m.description.length, m.id).toBeGreaterThan(10);
    }
  });
});

describe('classifyRisk', () => {
  it('finds escalation methods whose actions are allowed across grants', () => {
    // Given PassRole and RunInstances granted separately
    const risk = classifyRisk(['iam:PassRole', 'ec2:RunInstances', 's3:GetObject']);
    // Then the method that needs both is found, and the read of stored data too
    expect(risk.privilegeEscalation.map((m) => m.id)).toEqual(['pass-role-to-ec2']);
    expect(risk.dataExfiltration).toEqual(['s3:GetObject']);
  });

  it('subtracts denied actions and reads NotAction as everything else', () => {
    // Given everything except IAM, and s3:GetObject denied
    const risk = classifyRisk([{ notActions: ['iam:*'] }], { denied: ['s3:GetObject'] });
    // Then IAM methods are out, the denied read is out, other services' risks are in
    expect(
      risk.privilegeEscalation.some((m) =>
        m.actions.some((a) => a.startsWith('iam:') && a !== 'iam:PassRole'),
      ),
    ).toBe(false);
    expect(risk.dataExfiltration).not.toContain('s3:GetObject');
    expect(risk.dataExfiltration).toContain('secretsmanager:GetSecretValue');
    expect(risk.resourceExposure).toContain('s3:PutBucketPolicy');
  });

  it('counts for exposure only actions that can be limited to resources', () => {
    // Given an action that accepts only "*" and one that takes resources
    const risk = classifyRisk(['ecr:GetAuthorizationToken', 'iam:CreateAccessKey']);
    // Then only the restrictable one is credentials exposure
    expect(risk.credentialsExposure).toEqual(['iam:CreateAccessKey']);
  });

  it('reports service wildcards as written', () => {
    expect(classifyRisk(['s3:*', 'ec2:Describe*', '*']).serviceWildcard).toEqual(['*', 's3:*']);
  });

  it('matches patterns case-insensitively', () => {
    const allowed = allowedBy(['S3:get*'], ['s3:GetObjectAcl']);
    expect(allowed('s3:GetObject')).toBe(true);
    expect(allowed('s3:GetObjectAcl')).toBe(false);
    expect(allowed('s3:PutObject')).toBe(false);
  });
});
