import { describe, expect, it } from 'vitest';
import {
  commonPrefixAtSeparator,
  GENERALIZE_MARK,
  type GeneralizationPlan,
  type GeneralizeRequest,
  generalizeResources,
  loadGeneralizeRules,
  packagedGeneralizer,
  type SuffixPlan,
  suffixValue,
} from './generalize-resources.js';
import { resourceMatches, tinyData } from './test-helpers.js';

const B = 'arn:aws:s3:::example-bucket';
const EC2 = 'arn:aws:ec2:us-east-1:111122223333';
const rules = loadGeneralizeRules();

function run(requests: [action: string, resource: string, scope?: string][]) {
  return generalizeResources(
    requests.map(([action, resource, scope = '']): GeneralizeRequest => ({ action, resource, scope })),
    { data: tinyData, rules },
  );
}

interface Case {
  name: string;
  given: [action: string, resource: string, scope?: string][];
  /** The granted resource for each request, in order. */
  expected: string[];
  /** The generalisation sentences, when the case is about them. */
  sentences?: string[];
}

const cases: Case[] = [
  {
    name: 'a single object key stays exact',
    given: [['s3:GetObject', `${B}/uploads/2024/report.csv`]],
    expected: [`${B}/uploads/2024/report.csv`],
    sentences: [],
  },
  {
    name: 'keys sharing a folder become the longest common folder plus *',
    given: [
      ['s3:GetObject', `${B}/uploads/2024/a.txt`],
      ['s3:GetObject', `${B}/uploads/2024/b.txt`],
      ['s3:GetObject', `${B}/uploads/2025/c.txt`],
    ],
    expected: [`${B}/uploads/*`, `${B}/uploads/*`, `${B}/uploads/*`],
    sentences: [`3 object keys under ${B}/uploads/ generalised to ${B}/uploads/* (s3:GetObject)`],
  },
  {
    name: 'the prefix ends at a / boundary, never inside a name',
    given: [
      ['s3:PutObject', `${B}/uploads/report-1.csv`],
      ['s3:PutObject', `${B}/uploads/report-2.csv`],
    ],
    expected: [`${B}/uploads/*`, `${B}/uploads/*`],
  },
  {
    name: 'keys in different top-level folders need * at the bucket',
    given: [
      ['s3:GetObject', `${B}/uploads/a.txt`],
      ['s3:GetObject', `${B}/reports/b.txt`],
    ],
    expected: [`${B}/*`, `${B}/*`],
    sentences: [`2 object keys under ${B}/ generalised to ${B}/* (s3:GetObject)`],
  },
  {
    name: 'keys at the bucket root need * at the bucket',
    given: [
      ['s3:GetObject', `${B}/a.txt`],
      ['s3:GetObject', `${B}/b.txt`],
    ],
    expected: [`${B}/*`, `${B}/*`],
  },
  {
    name: 'keys of different buckets are generalised bucket by bucket',
    given: [
      ['s3:GetObject', `${B}/in/a`],
      ['s3:GetObject', `${B}/in/b`],
      ['s3:GetObject', 'arn:aws:s3:::other-bucket/only.txt'],
    ],
    expected: [`${B}/in/*`, `${B}/in/*`, 'arn:aws:s3:::other-bucket/only.txt'],
  },
  {
    name: 'each action keeps its own prefix, so reads and writes are not widened into each other',
    given: [
      ['s3:GetObject', `${B}/uploads/a`],
      ['s3:GetObject', `${B}/uploads/b`],
      ['s3:PutObject', `${B}/reports/out.csv`],
    ],
    expected: [`${B}/uploads/*`, `${B}/uploads/*`, `${B}/reports/out.csv`],
  },
  {
    name: 'keys are generalised together only within one scope (condition)',
    given: [
      ['s3:GetObject', `${B}/a/x`, 'one'],
      ['s3:GetObject', `${B}/b/y`, 'two'],
    ],
    expected: [`${B}/a/x`, `${B}/b/y`],
  },
  {
    name: 'a key the source did not record (already *) widens the group to the bucket, honestly',
    given: [
      ['s3:GetObject', `${B}/*`],
      ['s3:GetObject', `${B}/uploads/a`],
    ],
    expected: [`${B}/*`, `${B}/*`],
  },
  {
    name: 'EC2 instance ids are per request: even one id becomes *',
    given: [
      ['ec2:TerminateInstances', `${EC2}:instance/i-0123456789abcdef0`],
      ['ec2:TerminateInstances', `${EC2}:instance/i-0fedcba9876543210`],
    ],
    expected: [`${EC2}:instance/*`, `${EC2}:instance/*`],
    sentences: [`2 per-request instance ids generalised to ${EC2}:instance/* (ec2:TerminateInstances)`],
  },
  {
    name: 'an ECS task id becomes * while the cluster stays',
    given: [
      ['ecs:StopTask', 'arn:aws:ecs:us-east-1:111122223333:task/prod/0123456789abcdef0123456789abcdef'],
    ],
    expected: ['arn:aws:ecs:us-east-1:111122223333:task/prod/*'],
  },
  {
    name: 'an ECS task definition revision becomes * while the family stays',
    given: [['ecs:RunTask', 'arn:aws:ecs:us-east-1:111122223333:task-definition/worker:42']],
    expected: ['arn:aws:ecs:us-east-1:111122223333:task-definition/worker:*'],
  },
  {
    name: 'a Step Functions execution name becomes * while the state machine stays',
    given: [
      [
        'states:DescribeExecution',
        'arn:aws:states:us-east-1:111122223333:execution:OrderFlow:8f14e45f-ceea-467f-a0e6-4a5b6c7d8e9f',
      ],
    ],
    expected: ['arn:aws:states:us-east-1:111122223333:execution:OrderFlow:*'],
  },
  {
    name: 'a CloudFormation stack keeps its name, its id after the name becomes *',
    given: [
      [
        'cloudformation:DescribeStacks',
        'arn:aws:cloudformation:us-east-1:111122223333:stack/app/1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
      ],
    ],
    expected: ['arn:aws:cloudformation:us-east-1:111122223333:stack/app/*'],
  },
  {
    name: 'a numeric Lambda version becomes *; an alias and $LATEST stay exact',
    given: [
      ['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:resize:7'],
      ['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:thumbs:live'],
      ['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:crop:$LATEST'],
      ['lambda:InvokeFunction', 'arn:aws:lambda:us-east-1:111122223333:function:plain'],
    ],
    expected: [
      'arn:aws:lambda:us-east-1:111122223333:function:resize:*',
      'arn:aws:lambda:us-east-1:111122223333:function:thumbs:live',
      'arn:aws:lambda:us-east-1:111122223333:function:crop:$LATEST',
      'arn:aws:lambda:us-east-1:111122223333:function:plain',
    ],
  },
  {
    name: 'a log stream name becomes * while the log group stays',
    given: [
      [
        'logs:PutLogEvents',
        'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/resize:log-stream:2024/05/01/[$LATEST]0a1b2c3d',
      ],
    ],
    expected: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/resize:log-stream:*'],
  },
  {
    name: 'a CodeBuild build id keeps its project before the last ":"',
    given: [['codebuild:StopBuild', 'arn:aws:codebuild:us-east-1:111122223333:build/site:8d3c-11ee-9b1a']],
    expected: ['arn:aws:codebuild:us-east-1:111122223333:build/site:*'],
  },
  {
    name: 'stable names stay exact: tables, indexes, buckets, queues, functions, roles, keys',
    given: [
      ['dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders'],
      ['dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders/index/ByCustomer'],
      ['s3:ListBucket', B],
      ['sqs:SendMessage', 'arn:aws:sqs:us-east-1:111122223333:jobs'],
      ['iam:PassRole', 'arn:aws:iam::111122223333:role/service/worker'],
      ['kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
    ],
    expected: [
      'arn:aws:dynamodb:us-east-1:111122223333:table/Orders',
      'arn:aws:dynamodb:us-east-1:111122223333:table/Orders/index/ByCustomer',
      B,
      'arn:aws:sqs:us-east-1:111122223333:jobs',
      'arn:aws:iam::111122223333:role/service/worker',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    ],
    sentences: [],
  },
  {
    name: '"*" and text that is not an ARN pass through',
    given: [
      ['ec2:DescribeInstances', '*'],
      ['s3:GetObject', 'not-an-arn'],
    ],
    expected: ['*', 'not-an-arn'],
  },
  {
    name: 'a resource the mapping escaped (a key holding "${") comes out as it came in',
    given: [['s3:GetObject', `${B}/odd/\${$}{name}.txt`]],
    expected: [`${B}/odd/\${$}{name}.txt`],
  },
  {
    name: 'an escaped "*" or "?" is part of the key: it does not end the common folder',
    given: [
      ['s3:GetObject', `${B}/a\${*}b/1.csv`],
      ['s3:GetObject', `${B}/a\${*}b/2.csv`],
      ['s3:PutObject', `${B}/q\${?}/x/1`],
      ['s3:PutObject', `${B}/q\${?}/x/2`],
    ],
    expected: [`${B}/a\${*}b/*`, `${B}/a\${*}b/*`, `${B}/q\${?}/x/*`, `${B}/q\${?}/x/*`],
  },
  {
    name: 'keys that differ inside an escape share only the folder before it',
    given: [
      ['s3:GetObject', `${B}/in/a\${*}`],
      ['s3:GetObject', `${B}/in/a\${?}`],
    ],
    expected: [`${B}/in/*`, `${B}/in/*`],
  },
];

const focus: string | undefined = undefined;

describe('generalizeResources', () => {
  for (const c of cases.filter((c) => focus === undefined || c.name === focus)) {
    it(c.name, () => {
      // Given observed resources, When they are generalised
      const result = run(c.given);
      // Then each gets the expected grant, and every grant still matches what it replaces
      expect(result.resources.map((r) => r.resource)).toEqual(c.expected);
      c.given.forEach(([, observed], i) => {
        const granted = result.resources[i]?.resource ?? '';
        // (The helper's glob does not read IAM's escapes; the evaluator's tests and replay do.)
        if (!observed.includes('*') && !observed.includes('${'))
          expect(resourceMatches(granted, observed)).toBe(true);
      });
      if (c.sentences) expect(result.generalizations).toEqual(c.sentences);
    });
  }

  it('records each generalisation with the resources it produced, merging the actions that share it', () => {
    // Given reads and deletes of the same keys
    const result = run([
      ['s3:GetObject', `${B}/tmp/a`],
      ['s3:GetObject', `${B}/tmp/b`],
      ['s3:DeleteObject', `${B}/tmp/a`],
      ['s3:DeleteObject', `${B}/tmp/b`],
      ['dynamodb:GetItem', 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders'],
    ]);
    // Then one sentence names both actions, and only the generalised resources carry it
    const sentence = `2 object keys under ${B}/tmp/ generalised to ${B}/tmp/* (s3:DeleteObject, s3:GetObject)`;
    expect(result.generalizations).toEqual([sentence]);
    expect(result.resources.map((r) => r.generalizations)).toEqual([
      [sentence],
      [sentence],
      [sentence],
      [sentence],
      [],
    ]);
  });

  it('gives the same grants whatever the order of the requests', () => {
    // Given the same requests in two orders
    const given: [string, string][] = [
      ['s3:GetObject', `${B}/x/1/a`],
      ['s3:GetObject', `${B}/x/2/b`],
      ['ec2:StopInstances', `${EC2}:instance/i-1`],
      ['s3:GetObject', `${B}/x/1/c`],
    ];
    const forward = run(given);
    const backward = run([...given].reverse());
    // Then each resource is granted the same way and the sentences are identical
    expect(backward.resources.map((r) => r.resource).reverse()).toEqual(
      forward.resources.map((r) => r.resource),
    );
    expect(backward.generalizations).toEqual(forward.generalizations);
  });
});

describe('commonPrefixAtSeparator', () => {
  it.each([
    { values: ['a/b/c', 'a/b/d'], expected: 'a/b/' },
    { values: ['a/bc', 'a/bd'], expected: 'a/' },
    { values: ['a/b/', 'a/b/c'], expected: 'a/b/' },
    { values: ['x', 'y'], expected: '' },
    { values: ['a/*', 'a/b/c'], expected: 'a/' },
    { values: ['a/b?/c', 'a/b?/d'], expected: 'a/' },
  ])('$values -> "$expected"', ({ values, expected }) => {
    expect(commonPrefixAtSeparator(values, '/')).toBe(expected);
  });
});

describe('suffix plans (Generalizer.planWithSuffix)', () => {
  const g = packagedGeneralizer();
  /** The plan a suffix plan gives `resource`, or undefined when it does not apply to it. */
  const fromSuffix = (suffix: SuffixPlan, resource: string): GeneralizationPlan | undefined => {
    const value = suffixValue(suffix, resource);
    if (value === undefined) return undefined;
    const { prefix } = suffix.plan;
    return prefix ? { ...suffix.plan, prefix: { ...prefix, value } } : suffix.plan;
  };
  // Values chosen to trip a format match: separators, wildcards, colons, other ARNs, newlines, the mark.
  const values = [
    'k',
    'a/b/c.json',
    '*',
    'x/object/y',
    'a:b:c:d:e:f',
    'arn:aws:s3:::other/x',
    'line\nbreak',
    'ünï/日本',
    '${aws:username}',
    `mark${GENERALIZE_MARK}in`,
  ];

  it.each([
    ['s3:GetObject', 'arn:aws:s3:::uploads-bucket/in/first.json', 'arn:aws:s3:::uploads-bucket/'],
    ['s3:PutObject', 'arn:aws-cn:s3:::cn-bucket/k', 'arn:aws-cn:s3:::cn-bucket/'],
    [
      'logs:PutLogEvents',
      'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:log-stream:2026/11/01/[$LATEST]abc',
      'arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f:log-stream:',
    ],
  ])('gives every resource of the head %s the plan matching gives it', (action, first, head) => {
    // Given the suffix plan proved from one resource
    const { plan, suffix } = g.planWithSuffix(action, first);
    expect(plan).toEqual(g.plan(action, first));
    expect(suffix?.head).toBe(head);
    // Then for any other value after the head, it is what matching the resource gives
    for (const value of values) {
      const resource = head + value;
      expect(fromSuffix(suffix as SuffixPlan, resource), JSON.stringify(value)).toEqual(
        g.plan(action, resource),
      );
    }
    // And it does not apply to the head alone, nor to a resource of another head
    expect(suffixValue(suffix as SuffixPlan, head)).toBeUndefined();
    expect(suffixValue(suffix as SuffixPlan, 'arn:aws:s3:::other-bucket/k')).toBeUndefined();
  });

  it('refuses a * after the head of a wildcard plan, which the rule leaves as it is', () => {
    const stream = 'arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:';
    const { suffix } = g.planWithSuffix('logs:PutLogEvents', `${stream}s-1`);
    expect(suffix?.plan.resource).toBe(`${stream}*`);
    expect(suffixValue(suffix as SuffixPlan, `${stream}*`)).toBeUndefined();
    expect(g.plan('logs:PutLogEvents', `${stream}*`)).toBeUndefined();
  });

  it('proves nothing for a head after which some value matches a more specific format', () => {
    // Given an execution: after `execution:orders:`, a value `map/label:child` makes a labelled execution
    const head = 'arn:aws:states:us-east-1:111122223333:execution:orders:';
    const { plan, suffix } = g.planWithSuffix('states:DescribeExecution', `${head}run-1`);
    expect(plan?.resource).toBe(`${head}*`);
    // Then no suffix plan stands for the head, since matching gives such a value another plan
    expect(suffix).toBeUndefined();
    expect(g.plan('states:DescribeExecution', `${head}map/label:child-7`)?.resource).toBe(
      `${head}map/label:*`,
    );
  });

  it('proves nothing where the rule of the last variable tests its value', () => {
    // Given a Lambda function version: only numeric qualifiers are generalised (an alias stays exact)
    const fn = 'arn:aws:lambda:us-east-1:111122223333:function:orders:';
    expect(g.planWithSuffix('lambda:InvokeFunction', `${fn}7`).plan?.resource).toBe(`${fn}*`);
    expect(g.planWithSuffix('lambda:InvokeFunction', `${fn}7`).suffix).toBeUndefined();
    expect(g.plan('lambda:InvokeFunction', `${fn}prod`)).toBeUndefined();
  });

  it('proves nothing for a head whose resource part starts like another format of the service', () => {
    // Given a bucket named `accesspoint`, whose object ARNs start like S3's access point ARNs after `:::`
    const ap = 'arn:aws:s3:::accesspoint/';
    const { plan, suffix } = g.planWithSuffix('s3:GetObject', `${ap}in/a.txt`);
    // Then its keys are planned as any bucket's, one by one: the proof reads no pattern but the heads
    expect(plan?.prefix?.base).toBe(`${ap}${GENERALIZE_MARK}`);
    expect(suffix).toBeUndefined();
  });

  it('plans the keys of a bucket named like another S3 resource as any bucket keys', () => {
    // Given buckets named `job` and `accesspoint`: S3's job and access point ARNs name a region and an account
    for (const bucket of ['job', 'accesspoint']) {
      const plan = g.plan('s3:GetObject', `arn:aws:s3:::${bucket}/in/2026/a.json`);
      expect(plan?.prefix?.base).toBe(`arn:aws:s3:::${bucket}/${GENERALIZE_MARK}`);
    }
    // And an access point's objects are still its own
    const ap = 'arn:aws:s3:us-east-1:111122223333:accesspoint/reports/object/';
    expect(g.plan('s3:GetObject', `${ap}in/a.json`)?.prefix?.base).toBe(`${ap}${GENERALIZE_MARK}`);
  });
});
