import { describe, expect, it } from 'vitest';
import { canonicalAction, serviceData, splitAction } from './service-data.js';

describe('service data', () => {
  it('finds actions case-insensitively and returns their canonical casing', () => {
    // Given the packaged service data, When an action is asked in any case, Then its canonical name comes back
    expect(canonicalAction('S3:getobject')).toBe('s3:GetObject');
    expect(serviceData().action('sqs', 'SENDMESSAGE')?.accessLevel).toBe('Write');
  });

  it('does not invent actions or services', () => {
    expect(canonicalAction('s3:ListObjectsV2')).toBeUndefined();
    expect(canonicalAction('nosuchservice:Get')).toBeUndefined();
    expect(serviceData().hasService('nosuchservice')).toBe(false);
  });

  it('knows resource ARN formats and which actions only accept "*"', () => {
    expect(serviceData().resourceType('kms', 'key')?.arn).toBe(
      'arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}',
    );
    expect(serviceData().action('sts', 'GetCallerIdentity')?.resourceTypes).toEqual([]);
    expect(serviceData().action('s3', 'ListAllMyBuckets')?.resourceTypes).toEqual([]);
  });

  it('splits service:name', () => {
    expect(splitAction('s3:GetObject')).toEqual(['s3', 'GetObject']);
    expect(splitAction('s3:')).toBeUndefined();
    expect(splitAction('GetObject')).toBeUndefined();
  });
});

describe('service data: condition keys and RCP support', () => {
  it('lists every condition key of a service with its type', () => {
    const keys = serviceData().conditionKeys?.('s3') ?? [];
    expect(keys.find((k) => k.key === 's3:prefix')?.type).toBe('String');
    expect(serviceData().conditionKeys?.('nosuchservice')).toEqual([]);
  });

  it('knows which services resource control policies apply to', () => {
    const rcp = serviceData().rcpSupportedServices?.() ?? [];
    expect(rcp).toContain('s3');
    expect(rcp).not.toContain('ec2');
  });
});
