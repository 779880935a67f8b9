import { describe, expect, it } from 'vitest';
import { needsResourcePolicy } from './resource-policy-required.js';

describe('needsResourcePolicy (key policies and role trust policies must allow)', () => {
  it('holds for KMS actions on a key and for role assumption', () => {
    // Given requests on a key, a role, and other resources, When checked, Then only keys and trust count
    const key = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(needsResourcePolicy('kms:decrypt', key)).toBe(true);
    expect(needsResourcePolicy('kms:listkeys', '*')).toBe(false);
    expect(needsResourcePolicy('kms:decrypt', 'arn:aws:kms:us-east-1:111122223333:alias/app')).toBe(false);
    expect(needsResourcePolicy('sts:assumerole', 'arn:aws:iam::111122223333:role/app')).toBe(true);
    expect(needsResourcePolicy('sts:tagsession', 'arn:aws:iam::111122223333:role/app')).toBe(true);
    expect(needsResourcePolicy('sts:getcalleridentity', '*')).toBe(false);
    expect(needsResourcePolicy('s3:getobject', 'arn:aws:s3:::example-bucket/k')).toBe(false);
  });
});
