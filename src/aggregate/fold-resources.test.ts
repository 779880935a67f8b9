import { describe, expect, it } from 'vitest';
import { attributeRecord } from '../attribute/attribute-record.js';
import type { ConditionBlock, MappingResult } from '../mapping/types.js';
import type { ActivityRecord } from '../normalize/activity-record.js';
import { synthesizePolicy } from '../synthesize/index.js';
import { replayEvidence } from '../verify/replay-evidence.js';
import { aggregateUsage, mergePartials, UsageAccumulator } from './aggregate-usage.js';
import { FOLD_KEEP_LIMIT } from './fold-resources.js';

const ROLE = 'arn:aws:iam::111122223333:role/ingest';

let seq = 0;
function call(key: string, time = '2026-11-01T00:00:01Z'): ActivityRecord {
  seq++;
  return {
    time,
    timeMs: Date.parse(time),
    sourceKind: 'cloudtrail',
    eventSource: 's3.amazonaws.com',
    operation: 'GetObject',
    requestParameters: { bucketName: 'uploads-bucket', key },
    region: 'us-east-1',
    identity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/ingest/worker',
      issuerArn: ROLE,
      issuerType: 'Role',
      sessionName: 'worker',
    },
    outcome: { kind: 'success' },
    evidenceId: `ev-${String(seq).padStart(5, '0')}`,
    origin: { file: 't.json', index: seq },
  };
}

/** The mapping of a call that needed `action` on `resource` (with a condition, when given). */
const permit = (action: string, resource: string, condition?: ConditionBlock): MappingResult => ({
  kind: 'mapped',
  permissions: [{ action, resource, reason: 'call', ...(condition ? { condition } : {}) }],
  gaps: [],
});

const object = (action: string, key: string): MappingResult =>
  permit(action, `arn:aws:s3:::uploads-bucket/${key}`);

/** The role's usage after one session made these calls, in order. */
function sessionOf(mappings: MappingResult[]) {
  const acc = new UsageAccumulator();
  mappings.forEach((m, i) => {
    const r = call(`call-${i}`);
    acc.add(r, attributeRecord(r), m);
  });
  const [role] = aggregateUsage(acc.partial);
  return role!;
}

function usageOf(keys: string[], workers = 1, records = keys.map((key) => call(key))) {
  const accs = Array.from({ length: workers }, () => new UsageAccumulator());
  keys.forEach((key, i) => {
    const r = records[i]!;
    accs[i % workers]!.add(r, attributeRecord(r), object('s3:GetObject', key));
  });
  const [role] = aggregateUsage(mergePartials(accs.map((a) => a.partial)));
  return role!;
}

describe('folding per-request resources during aggregation', () => {
  it('keeps one usage entry per object-key group, however many keys were read', () => {
    // Given 500 distinct object keys under two folders
    const keys = Array.from(
      { length: 500 },
      (_, i) => `in/${i % 2 ? 'a' : 'b'}/${String(i).padStart(4, '0')}.json`,
    );
    // When they are aggregated
    const usage = usageOf(keys);
    // Then one entry stands for all of them, with their common folder and the count of calls
    const entries = [...usage.used.values()];
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::uploads-bucket/in/*',
      count: 500,
    });
    expect(entries[0]!.folded!.resources).toHaveLength(FOLD_KEEP_LIMIT);
    expect(entries[0]!.folded!.more).toBe(true);
  });

  it('writes the same policy as without folding, and says how many keys it stands for', () => {
    // Given a few keys (all kept) and many keys (not all kept)
    const few = ['in/2026/a.json', 'in/2026/b.json', 'in/2025/c.json'];
    const many = Array.from(
      { length: FOLD_KEEP_LIMIT + 10 },
      (_, i) => `in/2026/${String(i).padStart(3, '0')}.json`,
    );
    // When each is synthesised
    const small = synthesizePolicy(usageOf(few));
    const large = synthesizePolicy(usageOf(many));
    // Then the common folder is granted, and the evidence counts exactly while it can
    expect(small.policy.Statement[0]).toMatchObject({ Resource: 'arn:aws:s3:::uploads-bucket/in/*' });
    expect(small.generalizations).toEqual([
      '3 object keys under arn:aws:s3:::uploads-bucket/in/ generalised to arn:aws:s3:::uploads-bucket/in/* (s3:GetObject)',
    ]);
    expect(large.policy.Statement[0]).toMatchObject({ Resource: 'arn:aws:s3:::uploads-bucket/in/2026/*' });
    expect(large.generalizations).toEqual([
      `more than ${FOLD_KEEP_LIMIT} object keys under arn:aws:s3:::uploads-bucket/in/2026/ generalised to arn:aws:s3:::uploads-bucket/in/2026/* (s3:GetObject)`,
    ]);
  });

  it('gives the same result whichever worker saw which key', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `logs/${(i * 7919) % 1000}/x`);
    const records = keys.map((key) => call(key));
    const one = usageOf(keys, 1, records);
    const three = usageOf(keys, 3, records);
    expect([...three.used.values()]).toEqual([...one.used.values()]);
    expect(synthesizePolicy(three).policy).toEqual(synthesizePolicy(one).policy);
  });

  it('folds each resource into its own group when a session moves between buckets', () => {
    // Given one session reading keys of two buckets in turn (each key after the other bucket's)
    const role = sessionOf(
      Array.from({ length: 6 }, (_, i) =>
        permit('s3:GetObject', `arn:aws:s3:::${i % 2 ? 'uploads' : 'reports'}-bucket/in/${i}.json`),
      ),
    );
    // Then each bucket has its folded entry, with its own three keys
    const entries = [...role.used.values()].map((u) => [u.resource, u.count, u.folded?.resources.length]);
    expect(entries.sort()).toEqual([
      ['arn:aws:s3:::reports-bucket/in/*', 3, 3],
      ['arn:aws:s3:::uploads-bucket/in/*', 3, 3],
    ]);
  });

  it('folds the keys of a bucket named like another S3 resource (job) as any bucket keys', () => {
    // Given 200 keys of a bucket named `job` (S3 batch job ARNs read `arn:aws:s3:REGION:ACCOUNT:job/ID`)
    const role = sessionOf(
      Array.from({ length: 200 }, (_, i) => permit('s3:GetObject', `arn:aws:s3:::job/in/${i}.json`)),
    );
    // Then they are one folded entry, granted by their common folder
    expect([...role.used.values()].map((u) => [u.resource, u.count])).toEqual([
      ['arn:aws:s3:::job/in/*', 200],
    ]);
    expect(synthesizePolicy(role).policy.Statement[0]).toMatchObject({ Resource: 'arn:aws:s3:::job/in/*' });
  });

  it('keeps calls that need a condition apart from those that do not, under one bucket', () => {
    // Given keys of one bucket read in turn with and without a condition on the permission
    const condition = { StringEquals: { 's3:ExistingObjectTag/team': ['ingest'] } };
    const role = sessionOf(
      Array.from({ length: 4 }, (_, i) =>
        permit('s3:GetObject', `arn:aws:s3:::uploads-bucket/in/${i}.json`, i % 2 ? condition : undefined),
      ),
    );
    // Then each has its entry
    const entries = [...role.used.values()].map((u) => [u.condition === undefined, u.count]);
    expect(entries.sort()).toEqual([
      [false, 2],
      [true, 2],
    ]);
  });

  it('folds a resource by its own format even when it starts like the previous one', () => {
    // Given executions of one state machine, the second one a Distributed Map child (a labelled execution)
    const head = 'arn:aws:states:us-east-1:111122223333:execution:orders:';
    const role = sessionOf(
      [`${head}run-1`, `${head}map/label:child-7`, `${head}run-2`].map((resource) =>
        permit('states:DescribeExecution', resource),
      ),
    );
    // Then the child joins the labelled execution's group, not the state machine's executions
    const entries = [...role.used.values()].map((u) => [u.folded?.resources, u.count]);
    expect(entries.sort()).toEqual([
      [[`${head}map/label:child-7`], 1],
      [[`${head}run-1`, `${head}run-2`], 2],
    ]);
  });

  it('counts the calls that joined a folded entry exactly, whatever order their times and ids come in', () => {
    // Given one session reading 40 keys of one folder, its times and evidence ids out of order
    const acc = new UsageAccumulator();
    const order = Array.from({ length: 40 }, (_, i) => (i * 17) % 40);
    for (const i of order) {
      const r = call(`in/${i}.json`, `2026-11-01T00:${String(10 + i).padStart(2, '0')}:00Z`);
      r.evidenceId = `ev-x${String(99 - i).padStart(3, '0')}`;
      acc.add(r, attributeRecord(r), object('s3:GetObject', `in/${i}.json`));
    }
    // When the partial is read (twice: reading it must not count anything again)
    void acc.partial;
    const [role] = aggregateUsage(acc.partial);
    // Then the entry has every call, the earliest and latest times and the smallest ids
    expect([...role!.used.values()]).toMatchObject([
      {
        resource: 'arn:aws:s3:::uploads-bucket/in/*',
        count: 40,
        firstSeen: '2026-11-01T00:10:00Z',
        lastSeen: '2026-11-01T00:49:00Z',
        samples: ['ev-x060', 'ev-x061', 'ev-x062'],
        sources: ['cloudtrail'],
      },
    ]);
  });

  describe('lists what each call that joined a folded entry put in it, when the last call differs by', () => {
    interface Write {
      operation?: string;
      eventSource?: string;
      invokedBy?: string;
      reason?: 'call' | 'dependent';
      note?: string;
    }
    /** The one folded entry of a session that wrote keys of one folder with these calls, in order. */
    function entryAfter(writes: Write[]) {
      const acc = new UsageAccumulator();
      writes.forEach((w, i) => {
        const r = {
          ...call('unused'),
          operation: w.operation ?? 'PutObject',
          eventSource: w.eventSource ?? 's3.amazonaws.com',
        };
        if (w.invokedBy) r.identity = { ...r.identity, invokedBy: w.invokedBy };
        const permission = {
          action: 's3:PutObject',
          resource: `arn:aws:s3:::uploads-bucket/out/${i}.json`,
          reason: w.reason ?? 'call',
          ...(w.note ? { note: w.note } : {}),
        };
        acc.add(r, attributeRecord(r), { kind: 'mapped', permissions: [permission], gaps: [] });
      });
      const [role] = aggregateUsage(acc.partial);
      const entries = [...role!.used.values()];
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        resource: 'arn:aws:s3:::uploads-bucket/out/*',
        count: writes.length,
      });
      return entries[0]!;
    }

    it('its operation (PutObject, then UploadPart: both s3:PutObject)', () => {
      const u = entryAfter([{}, {}, { operation: 'UploadPart' }]);
      expect([...u.operations].sort()).toEqual(['s3.amazonaws.com:PutObject', 's3.amazonaws.com:UploadPart']);
    });

    it('its event source (the same operation name)', () => {
      const u = entryAfter([{}, {}, { eventSource: 'example.amazonaws.com' }]);
      expect([...u.operations].sort()).toEqual([
        'example.amazonaws.com:PutObject',
        's3.amazonaws.com:PutObject',
      ]);
    });

    it("a service making it with the session's authority (forward access)", () => {
      const u = entryAfter([{}, {}, { invokedBy: 'cloudformation.amazonaws.com' }]);
      expect([...u.reasons].sort()).toEqual(['call', 'forward-access']);
      expect(u.notes).toEqual([
        "made by cloudformation.amazonaws.com with the caller's authority (forward access)",
      ]);
    });

    it('why it needed the permission (a tag header)', () => {
      const u = entryAfter([{}, {}, { reason: 'dependent' }]);
      expect([...u.reasons].sort()).toEqual(['call', 'dependent']);
    });

    it("the mapping's note", () => {
      const u = entryAfter([{}, {}, { note: 'a note' }]);
      expect(u.notes).toEqual(['a note']);
    });
  });

  it('keeps one exact key exact, and replays every key it kept', () => {
    // Given one key read twice and, separately, many keys
    const single = usageOf(['only/one.csv', 'only/one.csv']);
    const result = synthesizePolicy(single);
    expect(result.policy.Statement[0]).toMatchObject({
      Resource: 'arn:aws:s3:::uploads-bucket/only/one.csv',
    });
    expect(result.generalizations).toEqual([]);
    const many = usageOf(Array.from({ length: 100 }, (_, i) => `k/${i}`));
    const replay = replayEvidence(many, synthesizePolicy(many).policy);
    // (the kept keys and the pattern standing for the rest)
    expect(replay).toEqual({ checked: FOLD_KEEP_LIMIT + 1, failures: [] });
  });
});
