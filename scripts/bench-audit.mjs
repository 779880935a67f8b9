#!/usr/bin/env node
/**
 * Benchmark: `audit` of a 100-role authorization dump against the bench trail (1M events by default).
 * Prints the time to read the activity (generate with usage kept), the time of the audit itself, and
 * roles audited per second. Not a test: it never fails the build.
 *
 *   node scripts/bench-audit.mjs [--events N] [--roles N]
 * The trail comes from scripts/bench-data.mjs (cached in .bench/); the dump is built here, deterministically,
 * from the roles the trail shows: each role gets broad inline grants (service wildcards on `*`), one
 * shared managed policy and a narrow statement, so the audit has unused, over-broad and risky grants to find.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateTrail } from './bench-data.mjs';

const REPO = join(fileURLToPath(import.meta.url), '..', '..');

function dumpFor(roles) {
  const managed = {
    PolicyName: 'bench-shared-read',
    Arn: 'arn:aws:iam::111122223333:policy/bench-shared-read',
    DefaultVersionId: 'v1',
    PolicyVersionList: [
      {
        VersionId: 'v1',
        IsDefaultVersion: true,
        Document: encodeURIComponent(
          JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 'logs:*'], Resource: '*' }],
          }),
        ),
      },
    ],
  };
  const RoleDetailList = roles.map((arn, i) => {
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    const path = arn.slice(arn.indexOf(':role') + 5, arn.lastIndexOf('/') + 1);
    return {
      RoleName: name,
      Path: path,
      Arn: arn,
      RoleId: `AROABENCH${String(i).padStart(8, '0')}`,
      AssumeRolePolicyDocument: encodeURIComponent(
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      ),
      RolePolicyList: [
        {
          PolicyName: 'app',
          PolicyDocument: encodeURIComponent(
            JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                { Effect: 'Allow', Action: ['dynamodb:*', 'sqs:*', 'sns:*', 'kms:*'], Resource: '*' },
                { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::*' },
                ...(i % 10 === 0
                  ? [{ Effect: 'Allow', Action: ['iam:PassRole', 'lambda:*'], Resource: '*' }]
                  : []),
              ],
            }),
          ),
        },
      ],
      AttachedManagedPolicies: [{ PolicyName: managed.PolicyName, PolicyArn: managed.Arn }],
    };
  });
  return { RoleDetailList, UserDetailList: [], GroupDetailList: [], Policies: [managed] };
}

export async function benchAudit({ events = 1_000_000, roles = 100 } = {}) {
  const dist = join(REPO, 'dist');
  if (!existsSync(join(dist, 'index.js'))) throw new Error('dist/ is missing: run npm run build first');
  const { generate } = await import(join(dist, 'pipeline', 'generate.js'));
  const { auditPrincipals } = await import(join(dist, 'audit', 'index.js'));
  const { readAuthorizationDetails } = await import(join(dist, 'granted', 'authorization-details.js'));
  const trail = await generateTrail({ events, seed: 1, log: () => {} });
  const source = trail.source;

  let t = performance.now();
  const generated = await generate({ sources: [source], workers: availableParallelism(), keepUsage: true });
  const generateMs = performance.now() - t;
  const seenRoles = [
    ...new Set(generated.policies.map((p) => p.principal).filter((p) => p?.includes(':role/'))),
  ]
    .sort()
    .slice(0, roles);

  const granted = {
    ...readAuthorizationDetails([{ file: 'bench-dump.json', data: dumpFor(seenRoles) }]),
    files: ['bench-dump.json'],
  };
  t = performance.now();
  const cpu = process.cpuUsage();
  const result = auditPrincipals(granted, generated);
  const auditMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  return {
    events: generated.summary.records,
    roles: seenRoles.length,
    principalsAudited: result.principals.length,
    generateMs,
    auditMs,
    auditCpuMs: (used.user + used.system) / 1000,
    rolesPerSecond: seenRoles.length / (auditMs / 1000),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { events: { type: 'string' }, roles: { type: 'string' } } });
  const r = await benchAudit({
    events: values.events ? Number(values.events) : undefined,
    roles: values.roles ? Number(values.roles) : undefined,
  });
  const n = (x) => Math.round(x).toLocaleString('en-US');
  process.stdout.write(
    `audit      ${r.roles}-role authorization dump against ${n(r.events)} events (${r.principalsAudited} principal entries audited)\n` +
      `activity   generate with usage kept: ${(r.generateMs / 1000).toFixed(2)} s\n` +
      `audit      ${(r.auditMs / 1000).toFixed(2)} s (CPU ${(r.auditCpuMs / 1000).toFixed(2)} s), ${r.rolesPerSecond.toFixed(1)} roles/s\n`,
  );
}
