// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN formats and value shapes are written with ${Var} placeholders.
import { describe, expect, it } from 'vitest';
import {
  arnMatchesFormat,
  fillArnFormat,
  formatAlternatives,
  formatVariables,
  matchArnFormat,
  matchTemplate,
  parseArn,
  partitionForRegion,
} from './arn.js';

describe('parseArn', () => {
  it('splits an ARN and keeps the colons of the resource part', () => {
    // Given a qualified Lambda ARN, When parsed, Then the resource part keeps its qualifier
    expect(parseArn('arn:aws:lambda:us-east-1:111122223333:function:orders:prod')).toEqual({
      partition: 'aws',
      service: 'lambda',
      region: 'us-east-1',
      account: '111122223333',
      resource: 'function:orders:prod',
    });
    // An S3 ARN has no region or account
    expect(parseArn('arn:aws:s3:::example-bucket')).toMatchObject({
      region: '',
      account: '',
      resource: 'example-bucket',
    });
  });

  it('refuses what is not an ARN', () => {
    expect(parseArn('example-bucket')).toBeUndefined();
    expect(parseArn('arn:aws:s3')).toBeUndefined();
    expect(parseArn('arn::::table/t')).toBeUndefined();
  });
});

describe('partitionForRegion', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    [undefined, 'aws'],
  ])('places %s in %s', (region, partition) => {
    // Given a region, When its partition is asked, Then the ARN prefix of that partition comes back
    expect(partitionForRegion(region)).toBe(partition);
  });
});

describe('arnMatchesFormat', () => {
  const object = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';

  it('lets each variable match any non-empty run, wildcards included', () => {
    // Given the S3 object format, When ARNs and ARN patterns are checked, Then literal parts decide
    expect(arnMatchesFormat('arn:aws:s3:::example-bucket/a/b.txt', object)).toBe(true);
    expect(arnMatchesFormat('arn:aws:s3:::example-bucket/*', object)).toBe(true);
    expect(arnMatchesFormat('arn:aws:s3:::example-bucket', object)).toBe(false);
    expect(arnMatchesFormat('arn:aws:s3:::/key', object)).toBe(false);
    expect(arnMatchesFormat('*', object)).toBe(false);
  });

  it('accepts an empty region or account, as AWS-owned resources have', () => {
    // Given the SSM document format, When an AWS-owned document ARN is checked, Then it fits
    const document = 'arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}';
    expect(arnMatchesFormat('arn:aws:ssm:us-east-1::document/AWS-RunShellScript', document)).toBe(true);
    expect(arnMatchesFormat('arn:aws:ssm:us-east-1:111122223333:document/x', document)).toBe(true);
  });

  it('tries every alternative of a multi-format resource type', () => {
    // Given an API Gateway type with a v2 and a v1 format, When a v1 path ARN is checked, Then it fits
    const stage =
      'arn:${Partition}:apigateway:${Region}::/apis/${ApiId}/stages/${StageName}, arn:${Partition}:apigateway:${Region}::/restapis/${RestApiId}/stages/${StageName}';
    expect(formatAlternatives(stage)).toHaveLength(2);
    expect(arnMatchesFormat('arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod', stage)).toBe(true);
    expect(formatVariables(stage)).toEqual(['Partition', 'Region', 'ApiId', 'StageName', 'RestApiId']);
  });
});

describe('matchArnFormat and matchTemplate', () => {
  it('splits earlier variables at the first separator', () => {
    // Given an object ARN whose key has slashes, When read, Then the bucket ends at the first slash
    expect(
      matchArnFormat(
        'arn:aws:s3:::example-bucket/a/b.txt',
        'arn:${Partition}:s3:::${BucketName}/${ObjectName}',
      )?.values,
    ).toEqual({ Partition: 'aws', BucketName: 'example-bucket', ObjectName: 'a/b.txt' });
  });

  it('uses patterns to tell an alias from a version', () => {
    // Given the alias format with the reviewed patterns, When a version ARN is read, Then it does not fit
    const alias = 'arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}:${Alias}';
    const patterns = { FunctionName: '[^:]+', Alias: '(?![0-9]+$)[A-Za-z0-9_-]+' };
    expect(
      matchArnFormat('arn:aws:lambda:us-east-1:111122223333:function:orders:7', alias, patterns),
    ).toBeUndefined();
    expect(
      matchArnFormat('arn:aws:lambda:us-east-1:111122223333:function:orders:prod', alias, patterns)?.values,
    ).toMatchObject({ FunctionName: 'orders', Alias: 'prod' });
  });

  it('reads value shapes that are not ARNs', () => {
    // Given a queue URL shape, When a URL is read, Then region, account and name come out
    expect(
      matchTemplate(
        'https://sqs.eu-west-1.amazonaws.com/444455556666/jobs',
        'https://sqs.${Region}.amazonaws.com/${Account}/${QueueName}',
        {
          Account: '[0-9]{12}',
        },
      ),
    ).toEqual({ Region: 'eu-west-1', Account: '444455556666', QueueName: 'jobs' });
  });
});

describe('fillArnFormat', () => {
  it('puts * where a value is missing and keeps an explicitly empty account', () => {
    // Given a format and partial values, When filled, Then only the unknown part is a wildcard
    const table = 'arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}';
    expect(fillArnFormat(table, { Partition: 'aws', Region: 'us-east-1', Account: '111122223333' })).toBe(
      'arn:aws:dynamodb:us-east-1:111122223333:table/*',
    );
    const document = 'arn:${Partition}:ssm:${Region}:${Account}:document/${DocumentName}';
    expect(
      fillArnFormat(document, { Partition: 'aws', Region: 'us-east-1', Account: '', DocumentName: 'AWS-X' }),
    ).toBe('arn:aws:ssm:us-east-1::document/AWS-X');
  });
});
