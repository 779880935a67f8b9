import { describe, expect, it } from 'vitest';
import { serviceData } from '../mapping/service-data.js';
import { DataEventCoverage, DataEventTable, readDataEventFile } from './data-events.js';

const file = readDataEventFile();

describe('data/data-events.json', () => {
  it('is sorted, sourced, and names only actions and resource types the service data knows', () => {
    // Given the reviewed table and the packaged service data
    const data = serviceData();
    const types = file.dataEvents.map((e) => e.resourcesType);
    // Then entries are sorted and each fact is checkable
    expect(types).toEqual([...types].sort());
    for (const e of file.dataEvents) {
      expect(e.source).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(e.resourcesType).toMatch(/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/);
      expect(e.actions).toEqual([...e.actions].sort());
      for (const a of e.actions) {
        const [service, name] = a.split(':') as [string, string];
        expect(service).toBe(e.service);
        expect(data.action(service, name)?.action, a).toBe(a);
      }
      for (const t of e.iamResourceTypes ?? []) expect(data.resourceType(e.service, t), t).toBeDefined();
    }
    const never = file.notLogged.map((n) => n.action);
    expect(never).toEqual([...never].sort());
    for (const n of file.notLogged) {
      const [service, name] = n.action.split(':') as [string, string];
      expect(data.action(service, name)?.action).toBe(n.action);
      expect(n.source).toMatch(/^https:\/\//);
    }
  });

  it('has no action in two data event types', () => {
    const seen = new Map<string, string>();
    for (const e of file.dataEvents) {
      for (const a of e.actions) {
        expect(seen.get(a), a).toBeUndefined();
        seen.set(a, e.resourcesType);
      }
    }
  });
});

describe('DataEventTable', () => {
  const table = new DataEventTable(file);

  it('knows S3 object actions from the object resource type, not from a frozen list', () => {
    // Given an object action the table does not list by name
    // Then it is a data event of AWS::S3::Object, as is the bucket listing it names
    expect(table.dataEventOf('s3:GetObjectTagging')?.resourcesType).toBe('AWS::S3::Object');
    expect(table.dataEventOf('s3:ListBucket')?.resourcesType).toBe('AWS::S3::Object');
    // And bucket configuration is a management event
    expect(table.dataEventOf('s3:PutBucketPolicy')).toBeUndefined();
  });

  it('knows DynamoDB item actions, Lambda Invoke and SQS sends; not DescribeTable', () => {
    expect(table.dataEventOf('dynamodb:Scan')?.resourcesType).toBe('AWS::DynamoDB::Table');
    expect(table.dataEventOf('lambda:InvokeFunction')?.resourcesType).toBe('AWS::Lambda::Function');
    expect(table.dataEventOf('sqs:SendMessage')?.resourcesType).toBe('AWS::SQS::Queue');
    expect(table.dataEventOf('dynamodb:DescribeTable')).toBeUndefined();
    expect(table.notLogged('logs:PutLogEvents')).toBeDefined();
  });
});

describe('DataEventCoverage', () => {
  it('covers the resources data events were seen on, and what is under them', () => {
    // Given one object event in a bucket
    const c = new DataEventCoverage(new DataEventTable(file));
    c.observe('s3:GetObject', 'arn:aws:s3:::example-bucket/uploads/a.png');
    c.observe('sts:GetCallerIdentity', '*');
    // Then the bucket's objects and the bucket itself are covered, another bucket is not
    expect(c.types()).toEqual(['AWS::S3::Object']);
    expect(c.covers('AWS::S3::Object', 'arn:aws:s3:::example-bucket/*')).toBe(true);
    expect(c.covers('AWS::S3::Object', 'arn:aws:s3:::example-bucket')).toBe(true);
    expect(c.covers('AWS::S3::Object', 'arn:aws:s3:::other-bucket/*')).toBe(false);
    expect(c.covers('AWS::DynamoDB::Table', '*')).toBe(false);
  });
});
