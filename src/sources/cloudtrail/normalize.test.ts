import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ActivityRecord, RecordOrigin } from '../../normalize/activity-record.js';
import { deniedErrorTable } from './denied-error-codes.js';
import {
  type NormalizeContext,
  normalizeCloudTrailEvent,
  parseEventTime,
  RecordProblem,
} from './normalize.js';

const identities = JSON.parse(
  readFileSync(new URL('./fixtures/identities.json', import.meta.url), 'utf8'),
) as unknown[];

interface Warning {
  origin: RecordOrigin;
  path: string;
  message: string;
}

function context(warnings: Warning[] = []): NormalizeContext {
  return {
    table: deniedErrorTable(),
    warn: (origin, _eventId, path, message) => warnings.push({ origin, path, message }),
  };
}

function normalize(raw: unknown, index = 0): ActivityRecord {
  const result = normalizeCloudTrailEvent(raw, { file: 'trail.json', index }, context());
  if (result instanceof RecordProblem) throw new Error(`unexpected problem: ${result.message}`);
  return result;
}

const baseEvent = {
  eventVersion: '1.08',
  eventTime: '2024-03-01T10:00:00Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
  eventID: 'aaaaaaaa-0000-4000-8000-000000000000',
};

describe('identity', () => {
  it('keeps the Identity Center user a call was made on behalf of', () => {
    // Given a call by an IAM Identity Center user
    // When it is normalised
    const { identity } = normalize(identities[0]);
    // Then the identity is IdentityCenterUser with its user id and identity store
    expect(identity).toMatchObject({
      type: 'IdentityCenterUser',
      accountId: '111122223333',
      onBehalfOf: {
        userId: 'a1b2c3d4-0000-4000-8000-000000000001',
        identityStoreArn: 'arn:aws:identitystore::111122223333:identitystore/d-0000000001',
      },
    });
  });

  it('keeps the identity provider of a web identity user', () => {
    // Given an AssumeRoleWithWebIdentity call
    // When it is normalised
    const { identity } = normalize(identities[1]);
    // Then the provider is kept
    expect(identity).toMatchObject({
      type: 'WebIdentityUser',
      userName: 'user-0001',
      identityProvider: 'accounts.example.com',
    });
  });

  it('gives a role session its role, session name, source identity and federated provider', () => {
    // Given a role session obtained through OIDC federation, with a source identity
    // When it is normalised
    const { identity } = normalize(identities[2]);
    // Then the session name is the last part of the session ARN, and the issuer is the role
    expect(identity).toMatchObject({
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/deploy-role/github-run-42',
      principalId: 'AROAEXAMPLEROLEID0004:github-run-42',
      sessionName: 'github-run-42',
      issuerArn: 'arn:aws:iam::111122223333:role/deploy-role',
      issuerType: 'Role',
      sourceIdentity: 'alice@example.com',
      identityProvider: 'arn:aws:iam::111122223333:oidc-provider/token.actions.example.com',
      accessKeyId: 'ASIAEXAMPLEKEY000004',
    });
  });

  it('keeps the service principal of an AWS service call', () => {
    // Given Lambda assuming a function's role
    // When it is normalised
    const record = normalize(identities[3]);
    // Then the service is the invoker, and the request parameters are kept as recorded
    expect(record.identity).toMatchObject({ type: 'AWSService', invokedBy: 'lambda.amazonaws.com' });
    expect(record.requestParameters).toEqual({
      roleArn: 'arn:aws:iam::111122223333:role/service/orders-role',
      roleSessionName: 'orders-handler',
    });
  });

  it('reads SAML users, federated users and other accounts', () => {
    // Given calls by a SAML user, a federated user and another account
    // When they are normalised
    const saml = normalize(identities[4]).identity;
    const federated = normalize(identities[5]).identity;
    const account = normalize(identities[8]);
    // Then each keeps its type and what identifies it
    expect(saml).toMatchObject({
      type: 'SAMLUser',
      userName: 'jdoe',
      identityProvider: 'arn:aws:iam::111122223333:saml-provider/ExampleIdP',
    });
    expect(federated).toMatchObject({
      type: 'FederatedUser',
      arn: 'arn:aws:sts::111122223333:federated-user/build-bot',
      issuerArn: 'arn:aws:iam::111122223333:user/ci-deployer',
      issuerType: 'IAMUser',
      sessionName: undefined,
    });
    expect(account.identity).toMatchObject({ type: 'AWSAccount', accountId: '444455556666' });
    expect(account.recipientAccountId).toBe('111122223333');
  });

  it('gives an identity type it does not know, or a missing userIdentity, the type Unknown', () => {
    // Given a Directory user and an event without userIdentity
    // When they are normalised
    const directory = normalize(identities[6]).identity;
    const none = normalize(identities[7]).identity;
    // Then both are Unknown; the first keeps what it says
    expect(directory).toMatchObject({
      type: 'Unknown',
      principalId: 'EXAMPLEDIRECTORYUSER',
      accountId: '111122223333',
    });
    expect(none.type).toBe('Unknown');
    expect(none.arn).toBeUndefined();
  });

  it('takes a session name from the principal id when the session ARN is missing, and a top-level sourceIdentity', () => {
    // Given a role session recorded without its ARN
    // When it is normalised
    const { identity } = normalize(identities[9]);
    // Then the session name comes from the principal id
    expect(identity).toMatchObject({
      type: 'AssumedRole',
      sessionName: 'nightly-report',
      sourceIdentity: 'bob@example.com',
    });
  });

  it('treats an empty accessKeyId as absent', () => {
    // Given a userIdentity with "accessKeyId": "" (as console sessions record it)
    const raw = { ...baseEvent, userIdentity: { type: 'IAMUser', userName: 'ci-deployer', accessKeyId: '' } };
    // When it is normalised
    // Then there is no access key id
    expect(normalize(raw).identity.accessKeyId).toBeUndefined();
  });
});

describe('outcome', () => {
  it('is a success without an errorCode', () => {
    // Given a call with no errorCode
    // When it is normalised
    // Then it is a success
    expect(normalize(baseEvent).outcome).toEqual({ kind: 'success' });
  });

  it('is denied for an access-denied code, with its message', () => {
    // Given a call refused with AccessDenied
    const raw = { ...baseEvent, errorCode: 'AccessDenied', errorMessage: 'Access Denied' };
    // When it is normalised
    // Then it is denied, keeping code and message
    expect(normalize(raw).outcome).toEqual({
      kind: 'denied',
      errorCode: 'AccessDenied',
      errorMessage: 'Access Denied',
    });
  });

  it('is an error for any other code', () => {
    // Given a call that failed for another reason
    const raw = { ...baseEvent, errorCode: 'NoSuchKey' };
    // When it is normalised
    // Then it is an error, not a denial
    expect(normalize(raw).outcome).toEqual({ kind: 'error', errorCode: 'NoSuchKey' });
  });

  it('is denied for an unknown code whose message is the IAM denial sentence', () => {
    // Given a service-specific code with the standard denial message
    const raw = {
      ...baseEvent,
      errorCode: 'ForbiddenException',
      errorMessage:
        'User: arn:aws:sts::111122223333:assumed-role/orders-role/orders-handler is not authorized to perform: s3:GetObject',
    };
    // When it is normalised
    // Then the message decides: denied
    expect(normalize(raw).outcome.kind).toBe('denied');
  });

  it('treats an empty errorCode as no error', () => {
    // Given "errorCode": ""
    // When it is normalised
    // Then it is a success
    expect(normalize({ ...baseEvent, errorCode: '' }).outcome).toEqual({ kind: 'success' });
  });
});

describe('fields', () => {
  it('uses file#index as evidence id when the event has no eventID', () => {
    // Given an event without eventID, record 7 of its file
    const { eventID: _, ...raw } = baseEvent;
    // When it is normalised
    // Then the evidence id points at the file and record
    expect(normalize(raw, 7).evidenceId).toBe('trail.json#7');
  });

  it('reads readOnly and managementEvent written as strings', () => {
    // Given booleans written as strings, as some exports do
    const raw = { ...baseEvent, readOnly: 'false', managementEvent: 'true' };
    // When it is normalised
    const record = normalize(raw);
    // Then they are booleans
    expect(record.readOnly).toBe(false);
    expect(record.managementEvent).toBe(true);
  });

  it('keeps ARN, ARNPrefix, type and account of resources, and warns about an entry that is not an object', () => {
    // Given resources with both spellings of ARN, a prefix, and a broken entry
    const raw = {
      ...baseEvent,
      resources: [
        { type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::example-bucket', accountId: '111122223333' },
        { arn: 'arn:aws:s3:::example-bucket/a.json' },
        "{'arn': 'arn:aws:s3:::example-bucket'}",
        { ARNPrefix: 'arn:aws:s3:::example-bucket/orders/' },
      ],
    };
    const warnings: Warning[] = [];
    // When it is normalised
    const result = normalizeCloudTrailEvent(raw, { file: 'trail.json', index: 3 }, context(warnings));
    // Then the three objects are kept, and the string is a warning naming its path
    expect(result).not.toBeInstanceOf(RecordProblem);
    expect((result as ActivityRecord).resources).toEqual([
      { type: 'AWS::S3::Bucket', arn: 'arn:aws:s3:::example-bucket', accountId: '111122223333' },
      { arn: 'arn:aws:s3:::example-bucket/a.json' },
      { arnPrefix: 'arn:aws:s3:::example-bucket/orders/' },
    ]);
    expect(warnings).toEqual([
      expect.objectContaining({ path: 'resources[2]', origin: { file: 'trail.json', index: 3 } }),
    ]);
  });

  it('gives every record the same set of keys, whatever the event holds', () => {
    // Given a full event and a minimal one
    // When both are normalised
    const full = normalize(identities[2]);
    const minimal = normalize(identities[7]);
    // Then their keys are the same (absent values are undefined): later stages see one shape
    expect(Object.keys(minimal)).toEqual(Object.keys(full));
    expect(Object.keys(minimal.identity)).toEqual(Object.keys(full.identity));
  });

  it('reports a record missing eventSource and eventName at once, naming the first missing field', () => {
    // Given an event with neither eventSource nor eventName
    const { eventSource: _s, eventName: _n, ...raw } = baseEvent;
    // When it is normalised
    const result = normalizeCloudTrailEvent(raw, { file: 'trail.json', index: 0 }, context());
    // Then one problem lists both
    expect(result).toBeInstanceOf(RecordProblem);
    expect(result).toMatchObject({ path: 'eventSource', eventId: baseEvent.eventID });
    expect((result as RecordProblem).message).toContain('no eventSource, eventName');
  });

  it('reports a missing field and an unreadable eventTime in one sentence, eventTime first', () => {
    // Given an event with no eventSource and an eventTime that is not a time
    const { eventSource: _s, ...raw } = { ...baseEvent, eventTime: 'soon' };
    // When it is normalised
    const result = normalizeCloudTrailEvent(raw, { file: 'trail.json', index: 0 }, context());
    // Then one problem says both, at the eventTime path
    expect(result).toMatchObject({ path: 'eventTime' });
    expect((result as RecordProblem).message).toBe(
      `${baseEvent.eventName} record has no eventSource, and its eventTime "soon" is not an ISO 8601 time: skipped (a CloudTrail record needs eventTime, eventSource and eventName)`,
    );
  });
});

describe('event time', () => {
  it('reads CloudTrail times, Lake/Athena times without zone as UTC, fractions and offsets', () => {
    // Given the time formats seen in trails and exports
    // When they are parsed
    // Then each is the right instant, whatever the machine's time zone
    expect(parseEventTime('2024-03-01T10:00:00Z')).toBe(Date.UTC(2024, 2, 1, 10, 0, 0));
    expect(parseEventTime('2024-03-01 10:00:00')).toBe(Date.UTC(2024, 2, 1, 10, 0, 0));
    expect(parseEventTime('2024-03-01 10:00:00.123')).toBe(Date.UTC(2024, 2, 1, 10, 0, 0, 123));
    expect(parseEventTime('2024-03-01 10:00:00.123456789')).toBe(Date.UTC(2024, 2, 1, 10, 0, 0, 123));
    expect(parseEventTime('2024-03-01T12:00:00+02:00')).toBe(Date.UTC(2024, 2, 1, 10, 0, 0));
    expect(parseEventTime('2024-03-01T05:30:00-0430')).toBe(Date.UTC(2024, 2, 1, 10, 0, 0));
    expect(parseEventTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('rejects what is not a time', () => {
    // Given placeholders and impossible dates
    // When they are parsed
    // Then each is NaN
    for (const bad of [
      '...',
      'redacted',
      '2024-03-01',
      '2024-13-01T00:00:00Z',
      '2023-02-29T00:00:00Z',
      '2024-03-01T10:00:00Zjunk',
      '1712000000',
    ]) {
      expect(parseEventTime(bad), bad).toBeNaN();
    }
  });
});
