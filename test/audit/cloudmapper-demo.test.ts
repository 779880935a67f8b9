/**
 * Done-when: on the CloudMapper demo account (`../shared/samples/account/cloudmapper/account-data/demo/`, its
 * authorization dump), audit with no activity reports the deliberately bad role and user as the top risks,
 * with reasons.
 *
 * The demo's bad role is `bad_role`: `*` on `*` in an inline policy, and a trust policy that lets any AWS
 * principal assume it. Its bad user is `USER_WITH_BAD_INLINE_POLICY`, given the AWS-managed
 * AmazonEC2RoleforSSM (an instance-role policy: s3:GetObject/PutObject and ssm:GetParameters on every
 * resource) directly; `USER` gets the same policy through a group.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/index.js';
import { cli, SAMPLES } from '../helpers.js';

const DUMP = join(
  SAMPLES,
  'account',
  'cloudmapper',
  'account-data',
  'demo',
  'us-east-1',
  'iam-get-account-authorization-details.json',
);
const HAVE_DUMP = existsSync(DUMP);

describe.skipIf(!HAVE_DUMP)(
  `audit of the CloudMapper demo account${HAVE_DUMP ? '' : ' (skipped: ../shared/samples/account/cloudmapper is not beside the clone)'}`,
  () => {
    let result: AuditResult;

    beforeAll(() => {
      const run = cli(['audit', '--granted', DUMP, '--json']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      result = JSON.parse(run.stdout) as AuditResult;
    });

    it('ranks the deliberately bad role first: administrator, assumable by anyone, every escalation open', () => {
      const top = result.principals[0]!;
      expect(top).toMatchObject({
        principal: 'arn:aws:iam::123456789012:role/bad_role',
        rank: 1,
        severity: 'critical',
      });
      expect(top.risks.slice(0, 3).map((r) => r.code)).toEqual([
        'ADMIN_ACCESS',
        'ASSUMABLE_BY_ANY_PRINCIPAL',
        'PRIVILEGE_ESCALATION',
      ]);
      for (const r of top.risks.slice(0, 3)) expect(r.message.length).toBeGreaterThan(40);
    });

    it('ranks the deliberately bad user first among the users, for data exfiltration on every resource', () => {
      const users = result.principals.filter((p) => p.kind === 'user');
      expect(users.map((u) => u.principal)).toEqual([
        'arn:aws:iam::aws:user/USER_WITH_BAD_INLINE_POLICY',
        'arn:aws:iam::aws:user/USER',
      ]);
      const bad = users[0]!;
      expect(bad.risks[0]).toMatchObject({
        code: 'DATA_EXFILTRATION',
        actions: ['s3:GetObject', 'ssm:GetParameters'],
        constraint: 'none',
      });
      expect(bad.risks[0]!.grantedBy[0]!.policy).toBe('AmazonEC2RoleforSSM');
      expect(bad.risks.map((r) => r.code)).toContain('USER_ATTACHED_POLICY');
      // The same policy through a group grants the same; only the direct attachment tells them apart
      expect(users[1]!.risks.map((r) => r.code)).not.toContain('USER_ATTACHED_POLICY');
    });

    it('ranks the bad user among the top three principals, behind bad_role and the s3:* exfiller role', () => {
      const rank = (name: string) => result.principals.find((p) => p.principal.endsWith(`/${name}`))!.rank;
      expect(rank('bad_role')).toBe(1);
      expect(rank('exfiller')).toBe(2);
      expect(rank('USER_WITH_BAD_INLINE_POLICY')).toBe(3);
      expect(rank('USER')).toBe(4);
    });

    it('lists grants as unprovable without activity, never as unused', () => {
      for (const p of result.principals) {
        expect(p.seen).toBeNull();
        expect(p.unused).toEqual([]);
        expect(p.unprovable.length).toBeGreaterThan(0);
      }
      expect(result.summary.risks.critical).toBe(2);
    });

    it('says so in the text report, top risks first', () => {
      const run = cli(['audit', '--granted', DUMP]);
      expect(run.status).toBe(0);
      const top = run.stdout.slice(run.stdout.indexOf('Top risks'));
      expect(top.split('\n')[3]).toContain('arn:aws:iam::123456789012:role/bad_role');
      expect(top).toContain('critical ADMIN_ACCESS');
    });
  },
);
