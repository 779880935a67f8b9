import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../normalize/activity-record.js';
import { resolveActions, stripVersionSuffix } from './actions.js';
import type { ActionInfo, ServiceData } from './service-data.js';
import { makeRecord } from './test-helpers.js';
import type { ActionCall } from './types.js';

interface Case {
  name: string;
  input: {
    eventSource: string;
    operation: string;
    /** Absent: AwsApiCall; null: no eventType recorded. */
    eventType?: string | null;
    requestParameters?: Record<string, unknown>;
  };
  expected:
    | { kind: 'actions'; calls: ActionCall[] }
    | { kind: 'permissionless' | 'unmapped'; reasonIncludes: string };
}

// One case per surprising table entry and per multi-action rule. ACTIONS_CASE=<words> runs only matching cases.
const cases = JSON.parse(readFileSync(new URL('./actions-cases.json', import.meta.url), 'utf8')) as Case[];
const focus = process.env.ACTIONS_CASE;
const selected = focus ? cases.filter((c) => c.name.includes(focus)) : cases;

function recordFor(input: Case['input']): ActivityRecord {
  const record = makeRecord({ eventSource: input.eventSource, operation: input.operation });
  if (input.requestParameters !== undefined) record.requestParameters = input.requestParameters;
  if (input.eventType === null) delete record.eventType;
  else if (input.eventType !== undefined) record.eventType = input.eventType;
  return record;
}

describe('resolveActions cases (actions-cases.json)', () => {
  it('has uniquely named cases', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(selected.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Given the recorded call, When it is resolved
    const result = resolveActions(recordFor(c.input));
    // Then the actions (or the reason there are none) are the expected ones
    if (c.expected.kind === 'actions') {
      expect(result).toEqual(c.expected);
    } else {
      expect(result.kind).toBe(c.expected.kind);
      expect(result.kind === 'actions' ? '' : result.reason).toContain(c.expected.reasonIncludes);
    }
  });
});

describe('resolveActions with injected service data', () => {
  // A tiny table: S3 knows PutObject but not PutObjectAcl; nothing else exists.
  const put: ActionInfo = {
    service: 's3',
    name: 'PutObject',
    action: 's3:PutObject',
    description: '',
    accessLevel: 'Write',
    resourceTypes: [],
    conditionKeys: [],
    dependentActions: [],
  };
  const tiny: ServiceData = {
    version: 'test',
    hasService: (s) => s.toLowerCase() === 's3',
    serviceName: () => 'Amazon S3',
    services: () => ['s3'],
    action: (s, n) => (s.toLowerCase() === 's3' && n.toLowerCase() === 'putobject' ? put : undefined),
    actions: () => [put],
    resourceType: () => undefined,
    resourceTypes: () => [],
    conditionKey: () => undefined,
  };

  it('uses the injected data for the default rule and the service prefix', () => {
    // Given service data that knows only s3:PutObject
    // When a plain upload and a Lambda call are resolved against it
    const upload = resolveActions(
      makeRecord({ operation: 'PutObject', requestParameters: { key: 'a' } }),
      tiny,
    );
    const lambda = resolveActions(
      makeRecord({ eventSource: 'lambda.amazonaws.com', operation: 'Invoke' }),
      tiny,
    );
    // Then the upload maps, and the unknown service is unmapped rather than guessed
    expect(upload).toEqual({ kind: 'actions', calls: [{ action: 's3:PutObject', reason: 'call' }] });
    expect(lambda).toEqual({
      kind: 'unmapped',
      reason:
        "unknown service prefix 'lambda' (eventSource lambda.amazonaws.com): the service data has no such service",
    });
  });

  it('never emits a table action the service data does not list', () => {
    // Given an upload with an ACL header, whose table rule adds s3:PutObjectAcl
    const record = makeRecord({
      operation: 'PutObject',
      requestParameters: { key: 'a', 'x-amz-acl': 'private' },
    });
    // When the service data in use lacks s3:PutObjectAcl
    const result = resolveActions(record, tiny);
    // Then the call is unmapped and says which action was missing
    expect(result).toEqual({
      kind: 'unmapped',
      reason: 's3:PutObject maps to s3:PutObjectAcl, which the service data does not list',
    });
  });
});

describe('stripVersionSuffix', () => {
  it('removes CloudTrail API-version suffixes and nothing else', () => {
    expect(stripVersionSuffix('UpdateFunctionCode20150331v2')).toBe('UpdateFunctionCode');
    expect(stripVersionSuffix('CreateDistribution2020_05_31')).toBe('CreateDistribution');
    expect(stripVersionSuffix('ListFunctions20150331')).toBe('ListFunctions');
    expect(stripVersionSuffix('ListObjectsV2')).toBe('ListObjectsV2');
    expect(stripVersionSuffix('GetObject')).toBe('GetObject');
  });
});
