import { describe, expect, it } from 'vitest';
import { attributeRecord } from '../attribute/attribute-record.js';
import { mapOperation } from '../mapping/map-operation.js';
import type { MappingResult } from '../mapping/types.js';
import type { ActivityRecord, Identity } from '../normalize/activity-record.js';
import { aggregateUsage, mergePartials, UsageAccumulator } from './aggregate-usage.js';

const ROLE = 'arn:aws:iam::111122223333:role/notes-role';
const LAMBDA_UA = 'aws-sdk-js/3.600.0 exec-env/AWS_Lambda_nodejs20.x';

function session(name: string, invokedBy?: string): Identity {
  const id: Identity = {
    type: 'AssumedRole',
    arn: `arn:aws:sts::111122223333:assumed-role/notes-role/${name}`,
    issuerArn: ROLE,
    issuerType: 'Role',
    sessionName: name,
  };
  if (invokedBy) id.invokedBy = invokedBy;
  return id;
}

let seq = 0;
function rec(identity: Identity, time: string, extra: Partial<ActivityRecord> = {}): ActivityRecord {
  seq++;
  return {
    time,
    timeMs: Date.parse(time),
    sourceKind: 'cloudtrail',
    eventSource: 'dynamodb.amazonaws.com',
    operation: 'GetItem',
    region: 'us-east-1',
    recipientAccountId: '111122223333',
    identity,
    outcome: { kind: 'success' },
    evidenceId: `ev-${String(seq).padStart(4, '0')}`,
    origin: { file: 't.json', index: seq },
    userAgent: LAMBDA_UA,
    ...extra,
  };
}

const table = 'arn:aws:dynamodb:us-east-1:111122223333:table/notes';
const used = (action: string, resource = table): MappingResult => ({
  kind: 'mapped',
  permissions: [{ action, resource, reason: 'call' }],
  gaps: [],
});

function add(acc: UsageAccumulator, r: ActivityRecord, m: MappingResult) {
  acc.add(r, attributeRecord(r), m);
}

describe('aggregateUsage', () => {
  it('gives a shared Lambda role one usage per function as well as one for the role', () => {
    // Given two functions sharing a role, each reading or writing the table
    const acc = new UsageAccumulator();
    add(acc, rec(session('notes-get'), '2026-11-01T00:00:01Z'), used('dynamodb:GetItem'));
    add(acc, rec(session('notes-get'), '2026-11-01T00:00:03Z'), used('dynamodb:GetItem'));
    add(
      acc,
      rec(session('notes-create'), '2026-11-01T00:00:02Z', { operation: 'PutItem' }),
      used('dynamodb:PutItem'),
    );
    // When usage is aggregated
    const usages = aggregateUsage(acc.partial);
    // Then the role comes first with both actions and its two workloads, then one entry per function
    expect(usages.map((u) => [u.principal, u.workload])).toEqual([
      [ROLE, null],
      [ROLE, 'arn:aws:lambda:us-east-1:111122223333:function:notes-create'],
      [ROLE, 'arn:aws:lambda:us-east-1:111122223333:function:notes-get'],
    ]);
    const [role, create, get] = usages;
    expect([...role!.used.values()].map((u) => u.action).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    expect(role!.workloads).toHaveLength(2);
    expect([...create!.used.values()].map((u) => u.action)).toEqual(['dynamodb:PutItem']);
    const getItem = [...get!.used.values()][0]!;
    expect(getItem).toMatchObject({
      count: 2,
      firstSeen: '2026-11-01T00:00:01Z',
      lastSeen: '2026-11-01T00:00:03Z',
    });
  });

  it("puts a forward-access call in the function's usage even though it carries the service's user agent", () => {
    // Given S3's kms:Decrypt for the function's GetObject, which has no Lambda user agent
    const acc = new UsageAccumulator();
    add(acc, rec(session('notes-get'), '2026-11-01T00:00:01Z'), used('dynamodb:GetItem'));
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    add(
      acc,
      rec(session('notes-get', 's3.amazonaws.com'), '2026-11-01T00:00:02Z', {
        eventSource: 'kms.amazonaws.com',
        operation: 'Decrypt',
        userAgent: 's3.amazonaws.com',
      }),
      used('kms:Decrypt', key),
    );
    const fn = aggregateUsage(acc.partial).find((u) => u.workload?.endsWith(':function:notes-get'));
    // Then the function's usage has the KMS permission, explained as forward access
    const decrypt = [...fn!.used.values()].find((u) => u.action === 'kms:Decrypt');
    expect(decrypt?.reasons).toEqual(['forward-access']);
    expect(decrypt?.notes[0]).toMatch(/s3\.amazonaws\.com/);
  });

  it('recognises a Lambda session from the AssumeRole that lambda.amazonaws.com made', () => {
    const acc = new UsageAccumulator();
    add(
      acc,
      rec({ type: 'AWSService', invokedBy: 'lambda.amazonaws.com' }, '2026-11-01T00:00:00Z', {
        eventSource: 'sts.amazonaws.com',
        operation: 'AssumeRole',
        requestParameters: { roleArn: ROLE, roleSessionName: 'notes-list' },
      }),
      { kind: 'permissionless', reason: 'service' },
    );
    add(
      acc,
      rec(session('notes-list'), '2026-11-01T00:00:01Z', { userAgent: 'Boto3/1.34 Python/3.12' }),
      used('dynamodb:Query'),
    );
    const usages = aggregateUsage(acc.partial);
    expect(usages.map((u) => u.workload)).toContain(
      'arn:aws:lambda:us-east-1:111122223333:function:notes-list',
    );
    expect(acc.partial.counts.service).toBe(1);
  });

  it('does not split a role whose sessions are not Lambda functions', () => {
    const acc = new UsageAccumulator();
    add(
      acc,
      rec(session('GitHubActions-1'), '2026-11-01T00:00:01Z', { userAgent: 'aws-cli/2.15' }),
      used('dynamodb:GetItem'),
    );
    add(
      acc,
      rec(session('GitHubActions-2'), '2026-11-01T00:00:02Z', { userAgent: 'aws-cli/2.15' }),
      used('dynamodb:GetItem'),
    );
    const usages = aggregateUsage(acc.partial);
    expect(usages).toHaveLength(1);
    expect([...usages[0]!.used.values()][0]!.count).toBe(2);
  });

  it('keeps refused and unmapped calls apart from used permissions', () => {
    const acc = new UsageAccumulator();
    const id: Identity = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice' };
    add(
      acc,
      rec(id, '2026-11-01T00:00:01Z', {
        operation: 'DeleteTable',
        outcome: { kind: 'denied', errorCode: 'AccessDeniedException' },
      }),
      used('dynamodb:DeleteTable'),
    );
    add(
      acc,
      rec(id, '2026-11-01T00:00:02Z', { eventSource: 'example.amazonaws.com', operation: 'Frobnicate' }),
      {
        kind: 'unmapped',
        reason: 'unknown service prefix example',
      },
    );
    add(
      acc,
      rec(id, '2026-11-01T00:00:03Z', { outcome: { kind: 'error', errorCode: 'ResourceNotFoundException' } }),
      used('dynamodb:GetItem'),
    );
    const [alice] = aggregateUsage(acc.partial);
    // Then the refused call is not a permission, the error after authorization is
    expect([...alice!.used.values()].map((u) => u.action)).toEqual(['dynamodb:GetItem']);
    expect([...alice!.denied.values()][0]).toMatchObject({
      errorCode: 'AccessDeniedException',
      actions: ['dynamodb:DeleteTable'],
    });
    expect([...alice!.unmapped.values()][0]).toMatchObject({ operation: 'Frobnicate', count: 1 });
    expect(acc.partial.counts).toMatchObject({
      used: 1,
      denied: 1,
      unmapped: 1,
      errorsAfterAuthorization: 1,
    });
  });

  it('reports a refused call with its 20 smallest resources, whatever order and worker the records came in', () => {
    // Given 30 refused GetItem calls on 30 tables, read in two orders and split across two workers
    const alice: Identity = { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice' };
    const tables = Array.from({ length: 30 }, (_, i) => `${table}-${String(i).padStart(2, '0')}`);
    const refused = (resource: string) =>
      [
        rec(alice, '2026-11-01T00:00:01Z', {
          outcome: { kind: 'denied', errorCode: 'AccessDeniedException' },
        }),
        used('dynamodb:GetItem', resource),
      ] as const;
    const resourcesOf = (order: string[], workers: number) => {
      const accs = Array.from({ length: workers }, () => new UsageAccumulator());
      for (const [i, t] of order.entries()) add(accs[i % workers]!, ...refused(t));
      const [usage] = aggregateUsage(mergePartials(accs.map((a) => a.partial)));
      return [...usage!.denied.values()][0]!.resources;
    };
    const forward = resourcesOf(tables, 1);
    // Then the resources kept are the 20 smallest, in order, the same every way
    expect(forward).toEqual(tables.slice(0, 20));
    expect(resourcesOf([...tables].reverse(), 1)).toEqual(forward);
    expect(resourcesOf([...tables].reverse(), 2)).toEqual(forward);
  });

  it('counts every repeat of a memoised mapping result, per principal and forward-access caller', () => {
    // Given one mapping result object reused for many calls (as the memoised mapping returns it)
    const shared = used('dynamodb:GetItem');
    const acc = new UsageAccumulator();
    for (let i = 0; i < 5; i++) add(acc, rec(session('notes-get'), `2026-11-01T00:00:0${i}Z`), shared);
    add(acc, rec(session('notes-get', 's3.amazonaws.com'), '2026-11-01T00:00:07Z'), shared);
    add(
      acc,
      rec({ type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice' }, '2026-11-01T00:00:08Z'),
      shared,
    );
    // Then each principal counts its own calls, and the forward-access call is explained as such
    const usages = aggregateUsage(acc.partial);
    const role = usages.find((u) => u.principal === ROLE && u.workload === null);
    const fn = usages.find((u) => u.workload?.endsWith(':function:notes-get'));
    expect([...role!.used.values()][0]).toMatchObject({ count: 6, lastSeen: '2026-11-01T00:00:07Z' });
    expect([...role!.used.values()][0]!.reasons.sort()).toEqual(['call', 'forward-access']);
    expect([...fn!.used.values()][0]!.count).toBe(6);
    const user = usages.find((u) => u.principal?.endsWith(':user/alice'));
    expect([...user!.used.values()][0]!.count).toBe(1);
  });

  it('gives the same result whichever worker saw which record', () => {
    // Given the same records split across two accumulators in different orders
    const records = Array.from({ length: 12 }, (_, i) =>
      rec(session(i % 2 ? 'notes-get' : 'notes-create'), `2026-11-01T00:00:${String(10 + i)}Z`),
    );
    const one = new UsageAccumulator();
    for (const r of records) add(one, r, used('dynamodb:GetItem'));
    const a = new UsageAccumulator();
    const b = new UsageAccumulator();
    for (const [i, r] of records.entries()) add(i % 3 ? a : b, r, used('dynamodb:GetItem'));
    const merged = aggregateUsage(mergePartials([b.partial, a.partial]));
    // Then the merged usage equals the single-threaded one
    expect(merged).toEqual(aggregateUsage(one.partial));
  });
});

describe('UsageAccumulator.add with the mapping function', () => {
  it('maps only the calls that belong to a principal or workload; the others are only counted', () => {
    // Given a call AWS made with its own identity, one of an identity no policy is written for, and a role's
    const acc = new UsageAccumulator();
    const mapped: string[] = [];
    const map = (r: ActivityRecord): MappingResult => {
      mapped.push(r.evidenceId);
      return mapOperation(r);
    };
    const service = rec({ type: 'AWSService', invokedBy: 'events.amazonaws.com' }, '2026-11-01T00:00:00Z');
    const web = rec({ type: 'WebIdentityUser', principalId: 'cognito' }, '2026-11-01T00:00:01Z');
    const role = rec(session('notes-get'), '2026-11-01T00:00:02Z', {
      requestParameters: { tableName: 'notes' },
    });
    // When each is added with the mapping function
    for (const r of [service, web, role]) acc.add(r, attributeRecord(r), map);
    // Then only the role's call is mapped, and all three are counted
    expect(mapped).toEqual([role.evidenceId]);
    expect(acc.partial.counts).toMatchObject({ records: 3, service: 1, unattributed: 1, used: 1 });
  });

  it('leaves no trace of a record whose mapping throws', () => {
    // Given a role's call, then a second whose mapping fails (a bug)
    const acc = new UsageAccumulator();
    const first = rec(session('notes-get'), '2026-11-01T00:00:00Z', {
      requestParameters: { tableName: 'notes' },
    });
    acc.add(first, attributeRecord(first), mapOperation);
    // (Maps and Sets written out: JSON.stringify alone would write them as {})
    const snapshot = () =>
      JSON.stringify(acc.partial, (_, v) => (v instanceof Map || v instanceof Set ? [...v] : v));
    const before = snapshot();
    expect(before).toContain('notes-get');
    const second = rec(session('notes-put'), '2026-11-02T00:00:00Z', {
      requestParameters: { tableName: 'notes' },
    });
    expect(() =>
      acc.add(second, attributeRecord(second), () => {
        throw new Error('planted');
      }),
    ).toThrow('planted');
    // Then neither the counts nor any usage shows it: no session for notes-put, no later last-seen time
    expect(acc.partial.counts.records).toBe(1);
    expect(snapshot()).toBe(before);
  });
});

describe('aggregateUsage with traced calls', () => {
  const FN = 'arn:aws:lambda:us-east-1:111122223333:function:notes-get';
  const traced = (time: string, trace: string, extra: Partial<ActivityRecord> = {}): ActivityRecord =>
    rec({ type: 'Unknown' }, time, {
      sourceKind: 'xray',
      workloadHint: FN,
      userAgent: undefined,
      evidenceId: `${trace}/${String(++seq).padStart(16, '0')}`,
      ...extra,
    });

  it('gives a function only traces show an entry of its own, with the traces behind it', () => {
    // Given two traced calls of one function in two traces, and no CloudTrail
    const acc = new UsageAccumulator();
    add(acc, traced('2026-11-01T00:00:01.000Z', '1-aaaa'), used('dynamodb:GetItem'));
    add(acc, traced('2026-11-01T00:00:05.000Z', '1-bbbb'), used('dynamodb:GetItem'));
    // When usage is aggregated
    const usages = aggregateUsage(acc.partial);
    // Then there is one workload entry without a principal, counting two traces over the span of the calls
    expect(usages.map((u) => [u.principal, u.workload, u.kind])).toEqual([[null, FN, 'workload']]);
    expect(usages[0]!.traces).toEqual({
      ids: new Set(['1-aaaa', '1-bbbb']),
      firstSeen: '2026-11-01T00:00:01.000Z',
      lastSeen: '2026-11-01T00:00:05.000Z',
    });
    expect([...usages[0]!.used.values()][0]).toMatchObject({ count: 2, sources: ['xray'] });
  });

  it("joins a traced function to its role session's entry: one entry, both sources, and the role needs it too", () => {
    // Given the function's role session in CloudTrail (no Lambda user agent) and its traced calls
    const acc = new UsageAccumulator();
    add(
      acc,
      rec(session('notes-get'), '2026-11-01T00:00:02Z', { userAgent: 'aws-cli/2.15' }),
      used('dynamodb:GetItem'),
    );
    add(acc, traced('2026-11-01T00:00:03.000Z', '1-cccc'), used('dynamodb:GetItem'));
    add(
      acc,
      traced('2026-11-01T00:00:04.000Z', '1-cccc', { operation: 'PutItem' }),
      used('dynamodb:PutItem'),
    );
    // When usage is aggregated
    const usages = aggregateUsage(acc.partial);
    // Then the trace proves the session is the function's: one workload entry under the role, no orphan
    expect(usages.map((u) => [u.principal, u.workload])).toEqual([
      [ROLE, null],
      [ROLE, FN],
    ]);
    const [role, fn] = usages;
    const get = [...fn!.used.values()].find((u) => u.action === 'dynamodb:GetItem');
    expect(get).toMatchObject({ count: 2, sources: ['cloudtrail', 'xray'] });
    expect([...fn!.used.values()].map((u) => u.action).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    expect([...role!.used.values()].map((u) => u.action).sort()).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
    expect(fn!.traces?.ids.size).toBe(1);
  });

  it('merges traced workloads across workers', () => {
    const a = new UsageAccumulator();
    const b = new UsageAccumulator();
    add(a, traced('2026-11-01T00:00:01.000Z', '1-dddd'), used('dynamodb:GetItem'));
    add(b, traced('2026-11-01T00:00:09.000Z', '1-eeee'), used('dynamodb:GetItem'));
    const [only] = aggregateUsage(mergePartials([a.partial, b.partial]));
    expect(only).toMatchObject({
      workload: FN,
      records: 2,
      traces: { firstSeen: '2026-11-01T00:00:01.000Z', lastSeen: '2026-11-01T00:00:09.000Z' },
    });
  });
});

describe('UsageAccumulator: calls seen again', () => {
  // Real mappings: the memo hands the same result back for every repeat, which takes the tally path.
  const getItem = (time: string, evidenceId: string) =>
    rec(session('notes-get'), time, {
      evidenceId,
      requestParameters: { tableName: 'notes', key: { id: { S: evidenceId } } },
    });

  it('counts repeats with their first and last times and smallest samples, however often the partial is read', () => {
    const acc = new UsageAccumulator();
    const times = [
      '2026-11-01T00:00:05Z',
      '2026-11-01T00:00:01Z',
      '2026-11-01T00:00:09Z',
      '2026-11-01T00:00:03Z',
    ];
    const ids = ['ev-d', 'ev-b', 'ev-c', 'ev-a'];
    for (let i = 0; i < times.length; i++) {
      const r = getItem(times[i] as string, ids[i] as string);
      acc.add(r, attributeRecord(r), mapOperation(r));
    }
    const entry = () => {
      const [role] = aggregateUsage(acc.partial);
      return role?.used.get(`dynamodb:GetItem\u0000${table}\u0000`);
    };
    expect(entry()).toMatchObject({
      count: 4,
      firstSeen: '2026-11-01T00:00:01Z',
      lastSeen: '2026-11-01T00:00:09Z',
      samples: ['ev-a', 'ev-b', 'ev-c'],
    });
    // Reading the partial again counts nothing twice; a later record still counts.
    expect(entry()?.count).toBe(4);
    const later = getItem('2026-11-01T00:00:20Z', 'ev-0');
    acc.add(later, attributeRecord(later), mapOperation(later));
    expect(entry()).toMatchObject({
      count: 5,
      lastSeen: '2026-11-01T00:00:20Z',
      samples: ['ev-0', 'ev-a', 'ev-b'],
    });
    expect(aggregateUsage(acc.partial)[0]?.records).toBe(5);
  });

  it('counts each call of a session in its own entries and gaps when calls alternate', () => {
    // Given a function that alternates a table read and a stack lookup (which leaves a gap: a stack name,
    // not its id), three times each
    const acc = new UsageAccumulator();
    for (let i = 0; i < 6; i++) {
      const time = `2026-11-01T00:00:0${i}Z`;
      const r =
        i % 2 === 0
          ? getItem(time, `ev-${i}`)
          : rec(session('notes-get'), time, {
              eventSource: 'cloudformation.amazonaws.com',
              operation: 'DescribeStacks',
              evidenceId: `ev-${i}`,
              requestParameters: { stackName: 'notes-api-prod' },
            });
      acc.add(r, attributeRecord(r), mapOperation(r));
    }
    // Then each entry and the gap count their own three calls
    const [role] = aggregateUsage(acc.partial);
    expect(role?.used.get(`dynamodb:GetItem\u0000${table}\u0000`)).toMatchObject({
      count: 3,
      samples: ['ev-0', 'ev-2', 'ev-4'],
    });
    const stacks = [...(role?.used.values() ?? [])].filter(
      (u) => u.action === 'cloudformation:DescribeStacks',
    );
    expect(stacks).toHaveLength(1);
    expect(stacks[0]).toMatchObject({ count: 3, samples: ['ev-1', 'ev-3', 'ev-5'] });
    const gaps = [...(role?.gaps.values() ?? [])];
    expect(gaps).toHaveLength(1);
    expect(gaps[0]?.message).toContain('stackName');
    expect(gaps[0]?.count).toBe(3);
  });

  it('keeps direct and forward-access repeats of one call apart, however they alternate', () => {
    const acc = new UsageAccumulator();
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    for (let i = 0; i < 6; i++) {
      const r = rec(
        session('notes-get', i % 2 === 0 ? undefined : 's3.amazonaws.com'),
        `2026-11-01T00:00:0${i}Z`,
        {
          eventSource: 'kms.amazonaws.com',
          operation: 'Decrypt',
          evidenceId: `ev-${i}`,
          requestParameters: { keyId: key },
        },
      );
      acc.add(r, attributeRecord(r), mapOperation(r));
    }
    const [role] = aggregateUsage(acc.partial);
    const decrypt = role?.used.get(`kms:Decrypt\u0000${key}\u0000`);
    expect(decrypt).toMatchObject({
      count: 6,
      firstSeen: '2026-11-01T00:00:00Z',
      lastSeen: '2026-11-01T00:00:05Z',
      samples: ['ev-0', 'ev-1', 'ev-2'],
      reasons: ['call', 'forward-access'],
    });
  });
});
