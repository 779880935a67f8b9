import { describe, expect, it } from 'vitest';
import type { GrantedInput } from '../granted/types.js';
import { auditPrincipals } from './audit-principals.js';
import { DataEventTable, readDataEventFile } from './data-events.js';
import {
  ACCOUNT,
  BUCKET,
  generatedFor,
  generateResult,
  grantedRole,
  policy,
  ROLE,
  TABLE,
  tinyData,
} from './test-helpers.js';

const data = tinyData();
const options = { serviceData: data, dataEvents: new DataEventTable(readDataEventFile(), data) };
const FN_GET = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:app-get`;
const FN_PUT = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:app-put`;

function input(...principals: GrantedInput['principals']): GrantedInput {
  return { principals, diagnostics: [], files: ['auth.json'] };
}

const SHARED = grantedRole([
  policy(
    { Effect: 'Allow', Action: 'dynamodb:*', Resource: `arn:aws:dynamodb:us-east-1:*:*` },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` },
  ),
]);

/** A role shared by two functions: one reads the table, the other writes it; the role read one object. */
function sharedActivity() {
  const role = generatedFor(
    ROLE,
    null,
    [
      { action: 'dynamodb:GetItem', resource: TABLE },
      { action: 'dynamodb:PutItem', resource: TABLE },
      { action: 's3:GetObject', resource: `${BUCKET}/a.png` },
    ],
    { sharedBy: [FN_GET, FN_PUT] },
  );
  const get = generatedFor(ROLE, FN_GET, [
    { action: 'dynamodb:GetItem', resource: TABLE },
    { action: 's3:GetObject', resource: `${BUCKET}/a.png` },
  ]);
  const put = generatedFor(ROLE, FN_PUT, [{ action: 'dynamodb:PutItem', resource: TABLE }]);
  return generateResult([role, get, put]);
}

describe('auditPrincipals', () => {
  it('reports the other DynamoDB actions on the table as unused when GetItem was used, and the table pattern as over-broad', () => {
    // Given dynamodb:* on every table in the region, and GetItem/PutItem used on one table
    const r = auditPrincipals(input(SHARED), sharedActivity(), options);
    const role = r.principals.find((p) => p.workload === null)!;
    // Then the table actions not used are unused (item actions are provable: item data events were logged)
    expect(role.unused.filter((u) => u.service === 'dynamodb').map((u) => u.action)).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:DescribeTable',
      'dynamodb:Query',
    ]);
    // And the grant is over-broad: every table granted, one used
    expect(role.overbroad).toContainEqual(
      expect.objectContaining({
        kind: 'resource',
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
        resource: 'arn:aws:dynamodb:us-east-1:*:*',
        used: [TABLE],
      }),
    );
  });

  it("shows each function's unused part of the shared role, and a per-function replacement proven contained", () => {
    const r = auditPrincipals(input(SHARED), sharedActivity(), options);
    const get = r.principals.find((p) => p.workload === FN_GET)!;
    const put = r.principals.find((p) => p.workload === FN_PUT)!;
    // Then PutItem is unused by the reader, GetItem by the writer
    expect(get.unused.map((u) => u.action)).toContain('dynamodb:PutItem');
    expect(get.unused.map((u) => u.action)).not.toContain('dynamodb:GetItem');
    expect(put.unused.map((u) => u.action)).toContain('dynamodb:GetItem');
    expect(put.unused.map((u) => u.action)).toContain('s3:GetObject');
    // And each function has its own replacement, proven
    expect(put.recommendedPolicy?.Statement).toEqual([
      { Sid: 'S0', Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: TABLE },
    ]);
    expect(put.proof).toMatchObject({ contained: true, allowsObserved: true, failures: [] });
    expect(get.rank).toBe(1);
    expect(r.summary).toMatchObject({ principals: 1, workloads: 2, seen: 1 });
  });

  it('calls a data-event grant unprovable when the input holds no data event of its type there', () => {
    // Given s3:GetObject granted on another bucket whose object events were never logged
    const principal = grantedRole([
      policy(
        { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other-bucket/*' },
      ),
    ]);
    const activity = generateResult([
      generatedFor(ROLE, null, [{ action: 'dynamodb:GetItem', resource: TABLE }]),
    ]);
    const role = auditPrincipals(input(principal), activity, options).principals[0]!;
    // Then it is unprovable, with the selector that would close the gap; not unused
    expect(role.unused).toEqual([]);
    expect(role.unprovable).toEqual([
      expect.objectContaining({
        action: 's3:GetObject',
        reason: 'data-events-not-logged',
        dataEventType: 'AWS::S3::Object',
      }),
    ]);
  });

  it('calls grants unprovable, not unused, when only sampled traces show the activity', () => {
    // Given activity seen only in X-Ray traces
    const traced = generatedFor(ROLE, null, [{ action: 'dynamodb:GetItem', resource: TABLE }], {
      sources: ['xray'],
    });
    const role = auditPrincipals(input(SHARED), generateResult([traced]), options).principals[0]!;
    // Then what the traces do not show is unprovable
    expect(role.unused).toEqual([]);
    expect(role.unprovable.length).toBeGreaterThan(0);
    expect(role.unprovable.every((u) => u.reason === 'sampled-traces')).toBe(true);
  });

  it('reports a principal never seen, every grant unused, and no replacement', () => {
    const idle = grantedRole(
      [policy({ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*' })],
      {},
      `arn:aws:iam::${ACCOUNT}:role/idle`,
    );
    const r = auditPrincipals(input(SHARED, idle), sharedActivity(), options);
    const p = r.principals.find((x) => x.principal.endsWith('/idle'))!;
    expect(p.seen).toBe(false);
    expect(p.unused.map((u) => u.action)).toEqual(['iam:GetRole']);
    expect(p.unusedServices).toEqual(['iam']);
    expect(p.recommendedPolicy).toBeNull();
    expect(r.summary.notSeen).toBe(1);
  });

  it('reports every grant unprovable when no activity is given', () => {
    const r = auditPrincipals(input(SHARED), null, options);
    const p = r.principals[0]!;
    expect(p.seen).toBeNull();
    expect(p.unused).toEqual([]);
    expect(p.unprovable.every((u) => u.reason === 'no-activity')).toBe(true);
    expect(r.summary.activity.given).toBe(false);
  });

  it("does not call a log group's NAME:* over-broad for its streams, but a wider group pattern is", () => {
    // Given the log permission frameworks write (a function's group, `:*`) and a wider one, both used on the
    // function's own log streams
    const group = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/lambda/app-get`;
    const principal = grantedRole([
      policy(
        { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: `${group}:*` },
        { Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:*` },
      ),
    ]);
    const activity = generateResult([
      generatedFor(ROLE, null, [{ action: 'logs:PutLogEvents', resource: `${group}:log-stream:*` }]),
    ]);
    const p = auditPrincipals(input(principal), activity, options).principals[0]!;
    // Then only the account-wide grant is over-broad: a log group's name holds no colon, so `NAME:*` names no
    // log stream but NAME's, and the use covers all of NAME's streams
    expect(p.overbroad.map((o) => o.resource)).toEqual([`arn:aws:logs:us-east-1:${ACCOUNT}:*`]);
  });

  it('reports a grant broader than the use only by a missing condition', () => {
    // Given PassRole granted without condition, used only to pass to Lambda
    const principal = grantedRole([
      policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${ACCOUNT}:role/fn` }),
    ]);
    const condition = { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } };
    const activity = generateResult([
      generatedFor(ROLE, null, [
        { action: 'iam:PassRole', resource: `arn:aws:iam::${ACCOUNT}:role/fn`, condition },
      ]),
    ]);
    const p = auditPrincipals(input(principal), activity, options).principals[0]!;
    expect(p.overbroad).toEqual([
      expect.objectContaining({ kind: 'condition', actions: ['iam:PassRole'], condition }),
    ]);
  });

  it('judges refused calls against the grants', () => {
    const principal = grantedRole([
      policy(
        { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: TABLE },
        { Effect: 'Deny', Action: 'dynamodb:DeleteItem', Resource: '*' },
      ),
    ]);
    const denied = (operation: string, action: string) => ({
      eventSource: 'dynamodb.amazonaws.com',
      operation,
      errorCode: 'AccessDeniedException',
      actions: [action],
      resources: [TABLE],
      count: 1,
      firstSeen: '2026-11-02T10:00:00Z',
      lastSeen: '2026-11-02T10:00:00Z',
      samples: [],
    });
    const activity = generateResult([
      generatedFor(ROLE, null, [{ action: 'dynamodb:GetItem', resource: TABLE }], {
        denied: [
          denied('DeleteItem', 'dynamodb:DeleteItem'),
          denied('PutItem', 'dynamodb:PutItem'),
          denied('GetItem', 'dynamodb:GetItem'),
        ],
      }),
    ]);
    const p = auditPrincipals(input(principal), activity, options).principals[0]!;
    expect(p.denied.map((d) => [d.operation, d.verdict])).toEqual([
      ['dynamodb.amazonaws.com:DeleteItem', 'explicit-deny'],
      ['dynamodb.amazonaws.com:PutItem', 'missing-permission'],
      ['dynamodb.amazonaws.com:GetItem', 'denied-elsewhere'],
    ]);
  });

  it('ranks the most dangerous principal first', () => {
    const admin = grantedRole(
      [policy({ Effect: 'Allow', Action: '*', Resource: '*' })],
      {},
      `arn:aws:iam::${ACCOUNT}:role/zz-admin`,
    );
    const r = auditPrincipals(input(SHARED, admin), null, options);
    expect(r.principals[0]!.principal).toBe(`arn:aws:iam::${ACCOUNT}:role/zz-admin`);
    expect(r.principals[0]).toMatchObject({ rank: 1, severity: 'critical' });
  });
});
