import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../policy/types.js';
import { synthesizePolicy } from '../synthesize/synthesize-policy.js';
import { tinyData, usageOf, used } from '../synthesize/test-helpers.js';
import { ReplayCache, replayEvidence } from './replay-evidence.js';

const B = 'arn:aws:s3:::example-bucket';

const usage = usageOf(
  used('s3:GetObject', `${B}/in/a.json`),
  used('s3:PutObject', `${B}/out/b.json`),
  used('iam:PassRole', 'arn:aws:iam::111122223333:role/fn', {
    condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } },
    reasons: ['pass-role'],
  }),
);

/** A policy that grants only the read. */
const readOnly: PolicyDocument = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: `${B}/in/*` }],
};

describe('replayEvidence', () => {
  it('finds every observed permission allowed by the policy written for it', () => {
    // Given a usage and its policy, When it is replayed
    const report = replayEvidence(usage, synthesizePolicy(usage, { serviceData: tinyData }).policy);
    // Then every permission was checked and allowed
    expect(report).toEqual({ checked: 3, failures: [] });
  });

  it('reports what a policy does not allow, every time it is replayed', () => {
    // Given a policy lacking the write and the pass, replayed for a usage, then again for another usage in the
    // same run (the second replay finds the policy compiled, and its verdicts, in the run's cache)
    const cache = new ReplayCache();
    const first = replayEvidence(usage, readOnly, cache);
    const again = replayEvidence(usageOf(...usage.used.values()), structuredClone(readOnly), cache);
    // Then each replay reports the same failures, whatever was replayed against that policy before
    expect(first.checked).toBe(3);
    expect(first.failures.map((f) => [f.action, f.resource, f.decision])).toEqual([
      ['iam:PassRole', 'arn:aws:iam::111122223333:role/fn', 'ImplicitDeny'],
      ['s3:PutObject', `${B}/out/b.json`, 'ImplicitDeny'],
    ]);
    expect(again).toEqual(first);
  });

  it('replays a condition as the request context it records', () => {
    // Given a policy that allows the pass only to another service
    const policy: PolicyDocument = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: '*',
          Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } },
        },
      ],
    };
    const pass = usageOf(
      used('iam:PassRole', 'arn:aws:iam::111122223333:role/fn', {
        condition: { StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com'] } },
      }),
    );
    const toEc2 = usageOf(
      used('iam:PassRole', 'arn:aws:iam::111122223333:role/fn', {
        condition: { StringEquals: { 'iam:PassedToService': ['ec2.amazonaws.com'] } },
      }),
    );
    // Then the same action and resource under another condition is decided on its own, in one run
    const cache = new ReplayCache();
    expect(replayEvidence(pass, policy, cache).failures).toHaveLength(1);
    expect(replayEvidence(toEc2, policy, cache).failures).toEqual([]);
  });
});
