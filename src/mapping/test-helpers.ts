/** Small ActivityRecord builders for mapping tests. Our own values: account 111122223333, example-bucket. */
import type { ActivityRecord } from '../normalize/activity-record.js';

/** A successful CloudTrail API call by a role session; `partial` overrides any field. */
export function makeRecord(partial: Partial<ActivityRecord> = {}): ActivityRecord {
  return {
    time: '2024-05-01T12:00:00Z',
    timeMs: Date.parse('2024-05-01T12:00:00Z'),
    sourceKind: 'cloudtrail',
    eventSource: 's3.amazonaws.com',
    operation: 'GetObject',
    region: 'us-east-1',
    recipientAccountId: '111122223333',
    identity: {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/app-role/session',
      accountId: '111122223333',
      issuerArn: 'arn:aws:iam::111122223333:role/app-role',
      sessionName: 'session',
    },
    requestParameters: {},
    outcome: { kind: 'success' },
    evidenceId: 'event-0001',
    eventType: 'AwsApiCall',
    origin: { file: 'test.json', index: 0 },
    ...partial,
  };
}
