import { describe, expect, it } from 'vitest';
import { deniedErrorTable } from '../cloudtrail/denied-error-codes.js';
import { errorCodeOf, type TraceFailure, traceOutcome } from './trace-call.js';
import { failureOf, segmentWorkload, walkSegmentDocuments } from './walk-trace.js';

const table = deniedErrorTable();
const failure = (f: Partial<TraceFailure>): TraceFailure => ({
  flagged: true,
  types: [],
  messages: [],
  ...f,
});

describe('the error code of a traced failure', () => {
  const cases: { name: string; failure: TraceFailure; code: string | undefined }[] = [
    {
      name: 'Go names the type with its package',
      failure: failure({ types: ['dynamodb.ResourceNotFoundException'] }),
      code: 'ResourceNotFoundException',
    },
    {
      name: 'Node.js names the error code',
      failure: failure({ types: ['AccessDeniedException'] }),
      code: 'AccessDeniedException',
    },
    {
      name: 'Java v1 puts it in the message of a generic exception',
      failure: failure({
        types: ['com.amazonaws.services.s3.model.AmazonS3Exception'],
        messages: [
          'Access Denied (Service: Amazon S3; Status Code: 403; Error Code: AccessDenied; Request ID: X)',
        ],
      }),
      code: 'AccessDenied',
    },
    {
      name: 'boto puts it in the message of ClientError',
      failure: failure({
        types: ['ClientError'],
        messages: ['An error occurred (ThrottlingException) when calling the Query operation: Rate exceeded'],
      }),
      code: 'ThrottlingException',
    },
    {
      name: 'Go v2 writes "api error CODE:"',
      failure: failure({
        messages: [
          'operation error SQS: SendMessage, https response error StatusCode: 400, api error AccessDenied: denied',
        ],
      }),
      code: 'AccessDenied',
    },
    {
      name: 'a generic type alone says nothing',
      failure: failure({ types: ['AmazonServiceException'] }),
      code: undefined,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(errorCodeOf(c.failure)).toBe(c.code);
    });
  }
});

describe('the outcome of a traced call', () => {
  it('is a refusal for access-denied codes and for a bare HTTP 403, an error otherwise', () => {
    // Given failures as traces record them
    // Then only authorization refusals are denied: a 403 without a code is one, an expired token is not
    expect(traceOutcome(failure({ types: ['AccessDeniedException'], httpStatus: 400 }), table)).toMatchObject(
      { kind: 'denied' },
    );
    expect(traceOutcome(failure({ httpStatus: 403 }), table)).toEqual({
      kind: 'denied',
      errorCode: 'HTTP 403',
    });
    expect(traceOutcome(failure({ types: ['ExpiredToken'], httpStatus: 403 }), table)).toMatchObject({
      kind: 'error',
      errorCode: 'ExpiredToken',
    });
    expect(traceOutcome(failure({ httpStatus: 500 }), table)).toEqual({
      kind: 'error',
      errorCode: 'HTTP 500',
    });
    expect(traceOutcome(failure({ throttled: true }), table)).toEqual({
      kind: 'error',
      errorCode: 'Throttling',
    });
    expect(traceOutcome({ flagged: false, types: [], messages: [], httpStatus: 200 }, table)).toEqual({
      kind: 'success',
    });
  });

  it('reads flags, status and remote exceptions first from an X-Ray subsegment', () => {
    const f = failureOf({
      id: 'a',
      start_time: 1,
      fault: true,
      http: { response: { status: 500 } },
      cause: {
        exceptions: [
          { id: 'x', type: 'Local' },
          { id: 'y', type: 'InternalServerError', remote: true },
        ],
      },
    });
    expect(f).toMatchObject({ flagged: true, httpStatus: 500, types: ['InternalServerError', 'Local'] });
  });
});

describe('the workload of a segment', () => {
  it('is an ECS task, an EKS cluster or an EC2 instance when the segment names them whole', () => {
    const task = 'arn:aws:ecs:us-east-1:111122223333:task/orders/0123456789abcdef0123456789abcdef';
    expect(segmentWorkload({ aws: { ecs: { task_arn: task, container: 'web' } } }).workload).toMatchObject({
      arn: task,
      kind: 'ecs-task',
    });
    expect(
      segmentWorkload({
        aws: {
          eks: { cluster_name: 'shop', pod: 'web-1' },
          cloudwatch_logs: [{ log_group: 'g', arn: 'arn:aws:logs:eu-west-1:111122223333:log-group:g' }],
        },
      }).workload,
    ).toMatchObject({ arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/shop', kind: 'eks-cluster' });
    expect(
      segmentWorkload({
        aws: {
          account_id: '111122223333',
          ec2: { instance_id: 'i-0abc', availability_zone: 'ap-southeast-2b' },
        },
      }).workload,
    ).toMatchObject({ arn: 'arn:aws:ec2:ap-southeast-2:111122223333:instance/i-0abc' });
  });

  it('comes from the Lambda service segment when the function segment does not name its function', () => {
    // Given a function segment without function_arn under the AWS::Lambda segment that has the ARN
    const fn = 'arn:aws:lambda:us-east-1:111122223333:function:orders-get';
    const trace = '1-6ae85f20-000000000000000000000001';
    const walked = walkSegmentDocuments(
      [
        {
          doc: {
            id: 's1',
            trace_id: trace,
            name: 'orders-get',
            start_time: 1,
            end_time: 2,
            origin: 'AWS::Lambda',
            resource_arn: fn,
          },
          origin: { file: 'f', index: 0 },
        },
        {
          doc: {
            id: 's2',
            trace_id: trace,
            parent_id: 's1',
            name: 'orders-get',
            start_time: 1,
            end_time: 2,
            origin: 'AWS::Lambda::Function',
            subsegments: [
              {
                id: 'c1',
                name: 'DynamoDB',
                namespace: 'aws',
                start_time: 1.5,
                end_time: 1.6,
                aws: { operation: 'GetItem', table_name: 't' },
              },
            ],
          },
          origin: { file: 'f', index: 1 },
        },
      ],
      table,
    );
    // Then the call belongs to the function
    expect(walked.calls.map((c) => c.workload?.arn)).toEqual([fn]);
  });

  it('is never inherited by a downstream service segment from its caller', () => {
    // Given a service segment (no workload of its own) called from a function's subsegment
    const fn = 'arn:aws:lambda:us-east-1:111122223333:function:caller';
    const trace = '1-6ae85f20-000000000000000000000002';
    const walked = walkSegmentDocuments(
      [
        {
          doc: {
            id: 'f1',
            trace_id: trace,
            name: 'caller',
            start_time: 1,
            end_time: 2,
            aws: { function_arn: fn },
            subsegments: [{ id: 'h1', name: 'api', namespace: 'remote', start_time: 1, end_time: 2 }],
          },
          origin: { file: 'f', index: 0 },
        },
        {
          doc: {
            id: 'd1',
            trace_id: trace,
            parent_id: 'h1',
            name: 'downstream',
            start_time: 1.1,
            end_time: 1.9,
            subsegments: [
              {
                id: 'c1',
                name: 'S3',
                namespace: 'aws',
                start_time: 1.2,
                end_time: 1.3,
                aws: { operation: 'GetObject' },
              },
            ],
          },
          origin: { file: 'f', index: 1 },
        },
      ],
      table,
    );
    // Then its call belongs to no workload: the downstream service runs with its own credentials
    expect(walked.calls.map((c) => c.workload)).toEqual([undefined]);
    expect([...walked.noWorkload.keys()]).toEqual([
      expect.stringContaining('segment "downstream" names no workload'),
    ]);
  });
});
