/**
 * The trace tables (data/trace-services.json, trace-operations.json, trace-parameters.json): shape, order,
 * sources, consistency with the mapping tables they feed, and one behaviour test per surprising rule.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { actionIndex } from '../../mapping/actions-tables.js';
import { serviceForEventSource } from '../../mapping/event-source.js';
import { mapOperation } from '../../mapping/map-operation.js';
import { serviceData } from '../../mapping/service-data.js';
import { makeRecord } from '../../mapping/test-helpers.js';
import {
  eventNameFor,
  eventSourceFor,
  readTraceOperations,
  readTraceParameters,
  readTraceServices,
  requestParametersFor,
  serviceKey,
} from './trace-tables.js';

const services = readTraceServices();
const operations = readTraceOperations();
const parameters = readTraceParameters();

function sortedBy<T>(entries: T[], key: (e: T) => string[]): boolean {
  const keys = entries.map((e) =>
    key(e)
      .map((k) => k.toLowerCase())
      .join('\u0000'),
  );
  return keys.every((k, i) => i === 0 || (keys[i - 1] as string) <= k);
}

function fields(entries: object[]): Set<string> {
  return new Set(entries.flatMap((e) => Object.keys(e)));
}

describe('the trace tables', () => {
  it('are sorted, sourced, and use only documented fields', () => {
    // Given the three tables
    // Then each is sorted by its key, every entry has a source, and no field is a typo
    expect(sortedBy(services, (e) => [e.name])).toBe(true);
    expect(sortedBy(operations, (e) => [e.eventSource, e.operation])).toBe(true);
    expect(sortedBy(parameters, (e) => [e.format, e.eventSource, e.field, e.to])).toBe(true);
    for (const e of [...services, ...operations, ...parameters]) expect(e.source).toMatch(/^https:\/\//);
    expect([...fields(services)].sort()).toEqual(['eventSource', 'name', 'note', 'source'].sort());
    expect(
      [...fields(operations)].every((f) =>
        ['eventSource', 'operation', 'eventName', 'source', 'note'].includes(f),
      ),
    ).toBe(true);
    const allowed = [
      'format',
      'eventSource',
      'field',
      'to',
      'as',
      'operations',
      'when',
      'fallback',
      'source',
      'note',
    ];
    expect([...fields(parameters)].filter((f) => !allowed.includes(f))).toEqual([]);
  });

  it('name services the mapping knows, and only where the name rule would be wrong', () => {
    const index = actionIndex();
    const data = serviceData();
    for (const e of services) {
      // Then each entry is already in the rule's key form, differs from what the rule gives, and maps
      expect(serviceKey(e.name)).toBe(e.name);
      expect(e.eventSource).not.toBe(`${e.name}.amazonaws.com`);
      expect(serviceForEventSource(e.eventSource, index, data)).toMatchObject({ kind: 'service' });
    }
  });

  it('rename operations to CloudTrail names the mapping resolves', () => {
    for (const e of operations) {
      // Given the renamed operation, When it is mapped as CloudTrail would have logged it
      const mapped = mapOperation(
        makeRecord({
          eventSource: e.eventSource,
          operation: e.eventName,
          requestParameters: { bucketName: 'example-bucket', key: 'k' },
        }),
      );
      // Then it maps to actions, and the entry is not a no-op
      expect(mapped.kind, `${e.operation} -> ${e.eventName}`).toBe('mapped');
      expect(e.eventName).not.toBe(e.operation);
    }
  });

  it('rename parameters to names the mapping tables read (or keep them as evidence, said why)', () => {
    const read = `${readFileSync(new URL('../../../data/resource-arns.json', import.meta.url), 'utf8')}${readFileSync(new URL('../../../data/operations.json', import.meta.url), 'utf8')}`;
    // Read by code rather than a table, or kept only as evidence until the resource table has the type:
    const elsewhere: Record<string, string> = {
      requestItems: 'read by the DynamoDB batch rule in src/mapping/actions-expand.ts',
      prefix: 'kept as evidence: the ListBucket action is on the bucket',
      endpointName: 'SageMaker endpoint: no resource-arns.json entry yet',
      activityArn: 'Step Functions activity: no resource-arns.json entry yet',
      name: 'SNS topic name: read by the sns topic entry',
    };
    for (const e of parameters) {
      const known = read.includes(`"${e.to}"`) || read.includes(`.${e.to}"`) || e.to in elsewhere;
      expect(known, `${e.format} ${e.field} -> ${e.to}`).toBe(true);
    }
  });
});

describe('serviceKey and eventSourceFor', () => {
  const cases: [string, string][] = [
    ['DynamoDB', 'dynamodb.amazonaws.com'],
    ['dynamodb', 'dynamodb.amazonaws.com'],
    ['AmazonDynamoDBv2', 'dynamodb.amazonaws.com'],
    ['DynamoDb', 'dynamodb.amazonaws.com'],
    ['Amazon S3', 's3.amazonaws.com'],
    ['AWSLambda', 'lambda.amazonaws.com'],
    ['AmazonSQS', 'sqs.amazonaws.com'],
    ['SFN', 'states.amazonaws.com'],
    ['CloudWatchLogs', 'logs.amazonaws.com'],
    ['runtime.sagemaker', 'sagemaker.amazonaws.com'],
    ['SESv2', 'ses.amazonaws.com'],
    ['BedrockRuntime', 'bedrock.amazonaws.com'],
  ];
  for (const [name, host] of cases) {
    it(`reads ${JSON.stringify(name)} as ${host}`, () => {
      expect(eventSourceFor(name)).toBe(host);
    });
  }
});

describe('eventNameFor', () => {
  it('uses the CloudTrail name where the SDK name differs, and normalises SDK spellings', () => {
    // Given SDK operation names as traces record them
    // Then ListObjectsV2 is CloudTrail's ListObjects, lower-case and Command-suffixed names are raised
    expect(eventNameFor('s3.amazonaws.com', 'ListObjectsV2')).toBe('ListObjects');
    expect(eventNameFor('dynamodb.amazonaws.com', 'getItem')).toBe('GetItem');
    expect(eventNameFor('sqs.amazonaws.com', 'SendMessageCommand')).toBe('SendMessage');
    expect(eventNameFor('sqs.amazonaws.com', 'ListObjectsV2')).toBe('ListObjectsV2');
  });
});

describe('requestParametersFor', () => {
  const recorded = (fields: Record<string, unknown>) => (f: string) => fields[f];

  it('writes a batch table list as requestItems keys, and a single-table list as tableName', () => {
    // Given OTel's aws.dynamodb.table_names on a batch and on a GetItem
    const batch = requestParametersFor(
      'otel',
      'dynamodb.amazonaws.com',
      'BatchGetItem',
      recorded({ 'aws.dynamodb.table_names': ['orders', 'audit'] }),
    );
    const single = requestParametersFor(
      'otel',
      'dynamodb.amazonaws.com',
      'GetItem',
      recorded({ 'aws.dynamodb.table_names': ['orders'] }),
    );
    const two = requestParametersFor(
      'otel',
      'dynamodb.amazonaws.com',
      'GetItem',
      recorded({ 'aws.dynamodb.table_names': ['a', 'b'] }),
    );
    // Then the batch names both tables the way the batch rule reads them, the GetItem its one table, and an
    // ambiguous list nothing (the mapping then states that the table was not recorded)
    expect(batch).toEqual({ requestItems: { orders: {}, audit: {} } });
    expect(single).toEqual({ tableName: 'orders' });
    expect(two).toEqual({});
  });

  it('uses a fallback field only when the main one is absent', () => {
    // Given the X-Ray SDK for Java's resource_names, with and without table_name
    const both = requestParametersFor(
      'xray',
      'dynamodb.amazonaws.com',
      'GetItem',
      recorded({ table_name: 'orders', resource_names: ['other'] }),
    );
    const only = requestParametersFor(
      'xray',
      'dynamodb.amazonaws.com',
      'GetItem',
      recorded({ resource_names: ['orders'] }),
    );
    expect(both).toEqual({ tableName: 'orders' });
    expect(only).toEqual({ tableName: 'orders' });
  });

  it('tells a topic ARN from a topic name in messaging.destination.name', () => {
    const arn = 'arn:aws:sns:us-east-1:111122223333:orders-topic';
    expect(
      requestParametersFor(
        'otel',
        'sns.amazonaws.com',
        'Publish',
        recorded({ 'messaging.destination.name': arn }),
      ),
    ).toEqual({ topicArn: arn });
    expect(
      requestParametersFor(
        'otel',
        'sns.amazonaws.com',
        'Publish',
        recorded({ 'messaging.destination.name': 'orders-topic' }),
      ),
    ).toEqual({ name: 'orders-topic' });
  });

  it('spells the copy source as CloudTrail does, so the mapping reads the source object', () => {
    // Given a traced CopyObject
    const params = requestParametersFor(
      'xray',
      's3.amazonaws.com',
      'CopyObject',
      recorded({ bucket_name: 'example-bucket', key: 'b.json', copy_source: 'example-bucket/a.json' }),
    );
    // When it is mapped
    const mapped = mapOperation(makeRecord({ operation: 'CopyObject', requestParameters: params }));
    // Then it reads the source and writes the destination
    expect(mapped).toMatchObject({
      kind: 'mapped',
      permissions: expect.arrayContaining([
        expect.objectContaining({ action: 's3:GetObject', resource: 'arn:aws:s3:::example-bucket/a.json' }),
        expect.objectContaining({ action: 's3:PutObject', resource: 'arn:aws:s3:::example-bucket/b.json' }),
      ]),
    });
  });
});
