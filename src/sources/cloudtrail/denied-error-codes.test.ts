import { describe, expect, it } from 'vitest';
import {
  buildDeniedErrorTable,
  classifyOutcome,
  type DeniedCodeEntry,
  deniedErrorTable,
  readDeniedErrorCodesFile,
} from './denied-error-codes.js';

const file = readDeniedErrorCodesFile();
const table = deniedErrorTable();
const kindOf = (code: string | undefined, message?: string) => classifyOutcome(code, message, table).kind;

describe('data/denied-error-codes.json', () => {
  const lists: [string, { key: string }[]][] = [
    ['codes', file.codes.map((e) => ({ ...e, key: e.code }))],
    ['notDenied', file.notDenied.map((e) => ({ ...e, key: e.code }))],
    ['messageMarkers', file.messageMarkers.map((e) => ({ ...e, key: e.marker }))],
  ];
  for (const [name, entries] of lists) {
    it(`keeps ${name} sorted and unique, each entry with a source`, () => {
      // Given the table as committed
      // When its keys are listed
      const keys = entries.map((e) => e.key);
      // Then it is sorted (clean diffs), has no duplicates, and says where each entry comes from
      expect(keys).toEqual([...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(new Set(keys).size).toBe(keys.length);
      for (const e of entries as (DeniedCodeEntry & { key: string })[]) {
        expect(e.key.trim(), `${name}: ${e.key}`).toBe(e.key);
        expect(e.source.length, `${name}: ${e.key} has a source`).toBeGreaterThan(0);
      }
    });
  }

  it('never lists a code both as denied and as not denied', () => {
    // Given both lists
    // When they are compared
    const both = file.codes.filter((e) => file.notDenied.some((n) => n.code === e.code));
    // Then they do not overlap
    expect(both).toEqual([]);
  });

  it('is what the reader uses', () => {
    // Given the file and the table the reader loaded
    // When the file is built into a table
    // Then they agree
    expect(buildDeniedErrorTable(file)).toEqual(table);
  });
});

describe('denied or not: the surprising entries', () => {
  it('takes EC2 denials with and without the "Client." prefix CloudTrail adds', () => {
    // Given EC2's denial code as CloudTrail records it, and as the API returns it
    // When each is classified
    // Then both are denials
    expect(kindOf('Client.UnauthorizedOperation')).toBe('denied');
    expect(kindOf('UnauthorizedOperation')).toBe('denied');
  });

  it("takes SNS's AuthorizationError (query protocol) and its SDK name", () => {
    // Given SNS's denial on the wire and in the SDKs
    // When each is classified
    // Then both are denials
    expect(kindOf('AuthorizationError')).toBe('denied');
    expect(kindOf('AuthorizationErrorException')).toBe('denied');
  });

  it('takes a refusal by a VPC endpoint policy (network activity events) as denied', () => {
    // Given a call refused by a VPC endpoint policy
    // When it is classified
    // Then it is a denial: evidence of a missing grant, never of use
    expect(kindOf('VpceAccessDenied')).toBe('denied');
  });

  it('takes a missing permission the call depends on (Organizations, CloudTrail) as denied', () => {
    // Given calls refused because a dependent permission is missing
    // When each is classified
    // Then both are denials
    expect(kindOf('AccessDeniedForDependencyException')).toBe('denied');
    expect(kindOf('InsufficientDependencyServiceAccessPermissionException')).toBe('denied');
  });

  it("takes SQS's KMS.AccessDeniedException (the caller's KMS permission) as denied", () => {
    // Given an SQS call on an encrypted queue refused for the caller's KMS permission
    // When it is classified
    // Then it is a denial
    expect(kindOf('KMS.AccessDeniedException')).toBe('denied');
  });

  it('takes the common NotAuthorized code as denied', () => {
    // Given the code every service documents as "You do not have permission to perform this action"
    // When it is classified
    // Then it is a denial
    expect(kindOf('NotAuthorized')).toBe('denied');
  });

  it("keeps Lambda's KMSAccessDeniedException an error even though its message says AccessDeniedException", () => {
    // Given an Invoke that failed because the function's own KMS access failed (not the caller's permission)
    const message =
      'Lambda was unable to decrypt the environment variables because KMS access was denied. KMS Exception: AccessDeniedExceptionKMS Message: ...';
    // When it is classified
    // Then it is an error: the marker fallback does not apply to codes listed as not denied
    expect(kindOf('KMSAccessDeniedException', message)).toBe('error');
  });

  it('keeps authentication failures and DryRun results errors, never denials', () => {
    // Given authentication failures and an EC2 DryRun, even with a denial-like message
    for (const code of [
      'AuthFailure',
      'ExpiredToken',
      'InvalidClientTokenId',
      'SignatureDoesNotMatch',
      'Client.DryRunOperation',
    ]) {
      // When each is classified
      // Then it is an error
      expect(kindOf(code, 'is not authorized to perform'), code).toBe('error');
    }
  });

  it('falls back on the message markers for codes it does not know, case-insensitively', () => {
    // Given codes the table does not know
    // When they are classified
    // Then the IAM denial sentence or a nested AccessDenied makes them denials, and other messages do not
    expect(
      kindOf(
        'ForbiddenException',
        'User: arn:aws:iam::111122223333:user/ci-deployer is not authorized to perform: x:Y',
      ),
    ).toBe('denied');
    expect(kindOf('SomeServiceError', 'wrapped: accessdenied')).toBe('denied');
    expect(kindOf('ValidationException', 'Value at "name" failed to satisfy constraint')).toBe('error');
  });
});
