/** The `simulate` command as a user meets it: flags, decisions, deciding statements, "depends on", exit codes. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';

const DIR = join(import.meta.dirname, 'fixtures', 'simulate');
const IDENTITY = join(DIR, 'identity.json');
const BOUNDARY = join(DIR, 'boundary.json');
const BUCKET = join(DIR, 'bucket-policy.json');
const INVALID = join(DIR, 'invalid.json');
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const REPORT = 'arn:aws:s3:::example-bucket/reports/q1.csv';

function simulate(...args: string[]) {
  return cli(['simulate', ...args]);
}

function json(...args: string[]) {
  const run = simulate(...args, '--json');
  return { ...run, out: JSON.parse(run.stdout) };
}

describe('leastpriv simulate', () => {
  it('answers Allowed with the deciding statement (file, index, Sid, JSON path), exit 0', () => {
    // Given a policy whose OwnHome statement uses ${aws:username}, When alice reads her home
    const run = json(
      '--policy',
      IDENTITY,
      '--action',
      's3:GetObject',
      '--resource',
      'arn:aws:s3:::example-bucket/home/alice/notes.txt',
      '--principal',
      ALICE,
    );
    // Then the user name came from --principal and statement 1 allowed it
    expect(run.status).toBe(0);
    expect(run.out.schemaVersion).toBe(1);
    expect(run.out.results).toEqual([
      expect.objectContaining({
        action: 's3:GetObject',
        decision: 'Allowed',
        certain: true,
        statements: [
          {
            file: IDENTITY,
            policyType: 'identity',
            statementIndex: 1,
            sid: 'OwnHome',
            effect: 'Allow',
            path: 'Statement[1]',
          },
        ],
        dependsOn: [],
      }),
    ]);
    expect(run.out.context['aws:username']).toMatchObject({ values: ['alice'], source: 'principal' });
  });

  it('answers ExplicitDeny with the Deny statement, exit 2', () => {
    const run = simulate(
      '--policy',
      IDENTITY,
      '--action',
      's3:DeleteObject',
      '--resource',
      'arn:aws:s3:::example-bucket/home/alice/x',
      '--principal',
      ALICE,
    );
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('Decision: ExplicitDeny');
    expect(run.stdout).toContain(`${IDENTITY} Statement[2] (Sid NoDeletes), identity policy`);
  });

  it('says which key the decision depends on instead of guessing, and fails (exit 2) until --absent or --context settle it', () => {
    // Given a statement that needs aws:SourceIp, When the request does not give it
    const open = simulate('--policy', IDENTITY, '--action', 's3:GetObject', '--resource', REPORT);
    // Then the decision is provisional and names the key
    expect(open.status).toBe(2);
    expect(open.stdout).toContain('Decision: ImplicitDeny (provisional: depends on context not given)');
    expect(open.stdout).toContain('Depends on aws:SourceIp: not given, evaluated as absent');
    // When the key is declared absent, Then the denial is certain
    const absent = json(
      '--policy',
      IDENTITY,
      '--action',
      's3:GetObject',
      '--resource',
      REPORT,
      '--absent',
      'aws:SourceIp',
    );
    expect(absent.status).toBe(2);
    expect(absent.out.results[0]).toMatchObject({
      decision: 'ImplicitDeny',
      certain: true,
      dependsOn: [],
      notAllowedBy: ['identity'],
    });
    // When it is given, typed as an IP address, Then the request is allowed
    const given = json(
      '--policy',
      IDENTITY,
      '--action',
      's3:GetObject',
      '--resource',
      REPORT,
      '--context',
      'aws:SourceIp=203.0.113.9',
    );
    expect(given.status).toBe(0);
    expect(given.out.context['aws:SourceIp']).toEqual({
      values: ['203.0.113.9'],
      absent: false,
      type: 'IPAddress',
      source: 'given',
    });
  });

  it('reads a key given several times as multivalued, for ForAllValues', () => {
    const ok = json(
      '--policy',
      IDENTITY,
      '--action',
      's3:PutObjectTagging',
      '--resource',
      'arn:aws:s3:::example-bucket/k',
      '--context',
      'aws:TagKeys=team',
      '--context',
      'aws:TagKeys=env',
    );
    expect(ok.status).toBe(0);
    expect(ok.out.context['aws:TagKeys'].values).toEqual(['team', 'env']);
    const no = json(
      '--policy',
      IDENTITY,
      '--action',
      's3:PutObjectTagging',
      '--resource',
      'arn:aws:s3:::example-bucket/k',
      '--context',
      'aws:TagKeys=team',
      '--context',
      'aws:TagKeys=owner',
    );
    expect(no.out.results[0].decision).toBe('ImplicitDeny');
  });

  it('applies --policy-type to the next --policy: a boundary limits, a resource policy grants', () => {
    // Given the identity policy within a read-only boundary, When alice tags an object in her home
    const limited = json(
      '--policy',
      IDENTITY,
      '--policy-type',
      'permissions-boundary',
      '--policy',
      BOUNDARY,
      '--action',
      's3:PutObject',
      '--resource',
      'arn:aws:s3:::example-bucket/home/alice/x',
      '--principal',
      ALICE,
    );
    // Then the boundary denies implicitly
    expect(limited.status).toBe(2);
    expect(limited.out.results[0]).toMatchObject({
      decision: 'ImplicitDeny',
      notAllowedBy: ['permissions-boundary'],
    });
    expect(limited.out.policies.map((p: { type: string }) => p.type)).toEqual([
      'identity',
      'permissions-boundary',
    ]);
    // Given a bucket policy naming the auditor, When the auditor (no identity Allow) reads, Then it is allowed
    const granted = json(
      '--policy',
      IDENTITY,
      '--policy-type',
      'resource',
      '--policy',
      BUCKET,
      '--action',
      's3:GetObject',
      '--resource',
      REPORT,
      '--principal',
      'arn:aws:iam::111122223333:user/auditor',
      '--absent',
      'aws:SourceIp',
    );
    expect(granted.status).toBe(0);
    expect(granted.out.results[0].statements).toEqual([
      expect.objectContaining({ file: BUCKET, policyType: 'resource', sid: 'AuditorReads' }),
    ]);
  });

  it('simulates every action on every resource; the exit code reflects the worst certain answer', () => {
    const run = json(
      '--policy',
      IDENTITY,
      '--action',
      's3:GetObject',
      '--action',
      's3:DeleteObject',
      '--resource',
      'arn:aws:s3:::example-bucket/home/alice/a',
      '--resource',
      'arn:aws:s3:::example-bucket/home/alice/b',
      '--principal',
      ALICE,
    );
    expect(run.out.results.map((r: { decision: string }) => r.decision)).toEqual([
      'Allowed',
      'Allowed',
      'ExplicitDeny',
      'ExplicitDeny',
    ]);
    expect(run.out.summary).toEqual({
      requests: 4,
      allowed: 2,
      explicitDeny: 2,
      implicitDeny: 0,
      uncertain: 0,
    });
    expect(run.status).toBe(2);
  });

  it('notes that a KMS key policy must allow too when none is given', () => {
    const run = simulate(
      '--policy',
      IDENTITY,
      '--action',
      'kms:Decrypt',
      '--resource',
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Note: a KMS key's key policy must allow this request too; none was given");
  });

  it("says when a cross-account request was judged on the principal's side only, and judges both sides with the resource policy", () => {
    const queue = 'arn:aws:sqs:us-east-1:444455556666:orders';
    const alone = simulate(
      '--policy',
      IDENTITY,
      '--action',
      'sqs:SendMessage',
      '--resource',
      queue,
      '--principal',
      ALICE,
    );
    expect(alone.stdout).toContain(
      "Note: a cross-account request: the resource's account (444455556666) must allow it",
    );
    const both = json(
      '--policy',
      IDENTITY,
      '--policy-type',
      'resource',
      '--policy',
      BUCKET,
      '--action',
      's3:GetObject',
      '--resource',
      REPORT,
      '--resource-account',
      '444455556666',
      '--principal',
      'arn:aws:iam::111122223333:user/auditor',
      '--absent',
      'aws:SourceIp',
    );
    // The bucket policy names the auditor, but across accounts its own identity policies must allow too
    expect(both.status).toBe(2);
    expect(both.out.results[0]).toMatchObject({ decision: 'ImplicitDeny', notAllowedBy: ['identity'] });
  });

  it('prints policy errors with file, line and JSON path, and does not simulate a policy AWS would reject (exit 1)', () => {
    const run = simulate('--policy', INVALID, '--action', 's3:GetObject', '--resource', REPORT);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${INVALID}:8:`);
    expect(run.stderr).toContain(
      'at Statement[0].Condition.#StringEqualz: error: "StringEqualz" is not a condition operator; did you mean "StringEquals"?',
    );
  });

  it('rejects bad usage with one clear line (exit 1)', () => {
    // Given usage mistakes, When run, Then each names the problem and exits 1
    const cases: [string[], string][] = [
      [
        ['--policy', join(DIR, 'missing.json'), '--action', 's3:GetObject', '--resource', REPORT],
        `cannot read policy ${join(DIR, 'missing.json')}: no such file or directory`,
      ],
      [
        ['--policy', IDENTITY, '--action', 's3:GetObjects', '--resource', REPORT],
        'did you mean "s3:GetObject"?',
      ],
      [
        ['--policy', IDENTITY, '--policy-type', 'scp', '--action', 's3:GetObject', '--resource', REPORT],
        '--policy-type scp is not followed by a --policy',
      ],
      [
        ['--policy-type', 'boundary', '--policy', IDENTITY, '--action', 's3:GetObject', '--resource', REPORT],
        '--policy-type boundary: expected one of',
      ],
      [
        ['--policy', IDENTITY, '--action', 's3:GetObject', '--resource', 'example-bucket/k'],
        'expected an ARN',
      ],
      [
        [
          '--policy',
          IDENTITY,
          '--action',
          's3:GetObject',
          '--resource',
          REPORT,
          '--context',
          'aws:SourceIp=nope',
        ],
        'aws:SourceIp is IPAddress',
      ],
      [
        [
          '--policy',
          IDENTITY,
          '--action',
          's3:GetObject',
          '--resource',
          REPORT,
          '--context',
          'aws:SourceIp=10.0.0.1',
          '--context',
          'aws:SourceIp=10.0.0.2',
        ],
        'single-valued',
      ],
      [
        [
          '--policy',
          IDENTITY,
          '--action',
          's3:GetObject',
          '--resource',
          REPORT,
          '--context',
          'aws:CurrentTime=yesterday',
        ],
        'ISO 8601',
      ],
      [['--action', 's3:GetObject', '--resource', REPORT], 'at least one --policy'],
      [
        ['--policy', IDENTITY, '--action', 's3:GetObject', '--resource', REPORT, '--region', 'eu-west-1'],
        "Unknown option '--region'. Run 'leastpriv simulate --help'.",
      ],
      [
        ['--policy', IDENTITY, '--action', 's3:GetObject', REPORT],
        `Unexpected argument '${REPORT}'. This command does not take positional arguments. Run 'leastpriv simulate --help'.`,
      ],
    ];
    for (const [args, message] of cases) {
      const run = simulate(...args);
      expect(run.status, args.join(' ')).toBe(1);
      expect(run.stderr, args.join(' ')).toContain(message);
    }
  });

  it('documents the syntax and the exit codes in --help', () => {
    const run = simulate('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--policy-type TYPE      the type of the next --policy');
    expect(run.stdout).toContain('Exit codes: 0 every request is allowed; 2 some request is denied');
  });
});
