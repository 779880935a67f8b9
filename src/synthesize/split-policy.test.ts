import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../policy/types.js';
import { asArray } from '../policy/types.js';
import {
  documentSize,
  packStatements,
  policySize,
  type StatementSizes,
  splitStatement,
  toPolicyDocument,
} from './split-policy.js';
import type { NamedStatement } from './statement.js';
import { synthesizePolicy } from './synthesize-policy.js';
import { tinyData, usageOf, used } from './test-helpers.js';

/** Every (Sid-independent) action x resource x condition a set of documents grants. */
function grants(policies: PolicyDocument[]): string[] {
  const out: string[] = [];
  for (const doc of policies) {
    for (const s of doc.Statement) {
      for (const a of asArray(s.Action)) {
        for (const r of asArray(s.Resource)) out.push(`${a} ${r} ${JSON.stringify(s.Condition ?? {})}`);
      }
    }
  }
  return out.sort();
}

// A role using many buckets, tables, queues and keys: a few kilobytes of policy.
const busy = usageOf(
  ...Array.from({ length: 30 }, (_, i) => used('s3:ListBucket', `arn:aws:s3:::bucket-number-${i}`)),
  ...Array.from({ length: 12 }, (_, i) =>
    used(
      i % 2 ? 'dynamodb:GetItem' : 'dynamodb:PutItem',
      `arn:aws:dynamodb:us-east-1:111122223333:table/T${i}`,
    ),
  ),
  ...Array.from({ length: 12 }, (_, i) =>
    used('sqs:SendMessage', `arn:aws:sqs:us-east-1:111122223333:queue-${i}`),
  ),
  ...Array.from({ length: 6 }, (_, i) =>
    used('kms:Decrypt', `arn:aws:kms:us-east-1:111122223333:key/0000000${i}-12ab-34cd-56ef-1234567890ab`),
  ),
  used('sts:GetCallerIdentity', '*'),
  used('iam:PassRole', 'arn:aws:iam::111122223333:role/fn', {
    condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } },
    reasons: ['pass-role'],
  }),
);

describe('documentSize', () => {
  const statement = (
    sid: string,
    resources: string[],
    extra: Partial<NamedStatement> = {},
  ): NamedStatement => ({
    sid,
    service: 's3',
    actions: ['s3:GetObject', 's3:PutObject'],
    resources,
    conditionKey: '',
    contributions: [],
    notes: [],
    ...extra,
  });
  const statements = [
    statement('A', ['arn:aws:s3:::b/ü/*']),
    statement('B', ['arn:aws:s3:::b/😀', 'arn:aws:s3:::c/*']),
    statement('C', ['arn:aws:iam::111122223333:role/fn'], {
      service: 'iam',
      actions: ['iam:PassRole'],
      condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } },
      conditionKey: 'x',
    }),
  ];

  it('is the size of the rendered document, whether its statements were measured before or not', () => {
    // Given statements, some measured while split and packed
    const sizes: StatementSizes = new Map();
    const taken = new Set(statements.map((s) => s.sid));
    const split = statements.flatMap((s) => splitStatement(s, 6144, taken, sizes));
    const [document = []] = packStatements(split, 6144, sizes);
    // Then the size from the statements' sizes is the size of the document IAM would count
    const expected = policySize(toPolicyDocument(document));
    expect(documentSize(document, sizes)).toBe(expected);
    expect(documentSize(document)).toBe(expected);
    expect(documentSize([statements[0] as NamedStatement])).toBe(
      policySize(toPolicyDocument([statements[0] as NamedStatement])),
    );
  });

  it('counts the parts a statement is split into as they are rendered', () => {
    // Given a statement too large for one small document
    const large = statement(
      'Large',
      Array.from({ length: 40 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`),
    );
    const sizes: StatementSizes = new Map();
    const parts = splitStatement(large, 800, new Set(['Large']), sizes);
    // Then each part's remembered size is its rendered size
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(documentSize([part], sizes)).toBe(policySize(toPolicyDocument([part])));
    }
  });
});

describe('policySize', () => {
  it('counts characters as IAM does: the compact JSON, without whitespace between tokens', () => {
    const doc: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [{ Sid: 'A', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/ü' }],
    };
    expect(policySize(doc)).toBe(JSON.stringify(doc).length);
    expect(policySize(doc)).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"A","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/ü"}]}'
        .length,
    );
  });

  it('counts a character outside the BMP once', () => {
    const doc: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '😀' }] };
    expect(policySize(doc)).toBe(JSON.stringify(doc).length - 1);
  });
});

describe('splitting at a size limit', () => {
  const whole = synthesizePolicy(busy, { serviceData: tinyData, maxPolicySize: 100_000 });

  it.each([700, 1000, 2000, 6144])(
    'at %i characters every part is within the limit and the parts grant exactly the unsplit policy',
    (limit) => {
      // Given a usage whose policy is larger than the limit
      expect(policySize(whole.policies[0]!)).toBeGreaterThan(Math.min(limit, 2000));
      // When synthesised with the limit
      const split = synthesizePolicy(busy, { serviceData: tinyData, maxPolicySize: limit });
      // Then every document is within it, nothing is warned, and the union of grants is unchanged
      for (const doc of split.policies) expect(policySize(doc)).toBeLessThanOrEqual(limit);
      expect(split.warnings).toEqual([]);
      expect(grants(split.policies)).toEqual(grants(whole.policies));
      // And the merged `policy` is the union of the parts, with unique Sids
      expect(split.policy.Statement).toEqual(split.policies.flatMap((p) => p.Statement));
      const sids = split.policy.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
    },
  );

  it('splits by service first: a service that fits in one document is not spread over two', () => {
    const split = synthesizePolicy(busy, { serviceData: tinyData, maxPolicySize: 2000 });
    const documentsOf = new Map<string, Set<number>>();
    for (const s of split.statements) {
      const set = documentsOf.get(s.service) ?? new Set();
      set.add(s.policyIndex);
      documentsOf.set(s.service, set);
    }
    // sqs, dynamodb, kms, iam and sts each fit in 2000 characters: one document each
    for (const service of ['dynamodb', 'iam', 'kms', 'sqs', 'sts'])
      expect(documentsOf.get(service)?.size).toBe(1);
  });

  it('splits one statement too large alone across its resources, with numbered Sids and evidence per part', () => {
    // Given 30 buckets listed the same way: one statement of about 1,200 characters
    const buckets = usageOf(
      ...Array.from({ length: 30 }, (_, i) =>
        used('s3:ListBucket', `arn:aws:s3:::bucket-number-${i}`, { count: 2 }),
      ),
    );
    // When the limit is 500
    const result = synthesizePolicy(buckets, { serviceData: tinyData, maxPolicySize: 500 });
    // Then the statement becomes parts S3Buckets...1, 2, 3..., each in a document within the limit
    expect(result.statements.length).toBeGreaterThan(2);
    result.statements.forEach((s, i) => {
      expect(s.sid).toBe(`S3BucketsBucketNumber0And29More${i + 1}`);
      expect(s.count).toBe(2 * s.resources.length);
      expect(s.notes).toContain(
        `part of S3BucketsBucketNumber0And29More, split across ${result.statements.length} statements to stay within 500 characters`,
      );
    });
    for (const doc of result.policies) expect(policySize(doc)).toBeLessThanOrEqual(500);
    expect(result.statements.flatMap((s) => s.resources)).toHaveLength(30);
  });

  it('warns when a single permission cannot fit in the limit at all', () => {
    // Given a limit smaller than one statement
    const result = synthesizePolicy(usageOf(used('s3:ListBucket', 'arn:aws:s3:::example-bucket')), {
      serviceData: tinyData,
      maxPolicySize: 60,
    });
    // Then the statement is kept (the policy must still allow what was used) and the problem is said
    expect(result.policies).toHaveLength(1);
    expect(result.warnings).toEqual([
      expect.stringMatching(
        /^policy 1 \(S3BucketExampleBucket\) is \d+ characters, over the limit of 60; IAM will refuse it$/,
      ),
    ]);
    expect(result.statements[0]?.notes[0]).toMatch(/cannot be split further/);
  });

  it('warns when the parts exceed the 10 managed policies a role can have by default', () => {
    const result = synthesizePolicy(busy, { serviceData: tinyData, maxPolicySize: 200 });
    expect(result.policies.length).toBeGreaterThan(10);
    expect(result.warnings.some((w) => w.includes('10 managed policies'))).toBe(true);
  });
});
