/**
 * The reviewed table data/generalize.json: its shape, its consistency with the AWS service data, and one
 * behaviour test per surprising entry, against the packaged service data.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serviceData } from '../mapping/service-data.js';
import { cutArnFormat, PLACEMENT_VARIABLES } from './classify-resource.js';
import { generalizeResources, loadGeneralizeRules, parseGeneralizeTable } from './generalize-resources.js';

const rules = loadGeneralizeRules();
const data = serviceData();

function grant(action: string, ...resources: string[]): string[] {
  return generalizeResources(
    resources.map((resource) => ({ action, resource, scope: '' })),
    { data, rules },
  ).resources.map((r) => r.resource);
}

describe('data/generalize.json', () => {
  it('is sorted by service, resource type and variable, without duplicates', () => {
    // Given the table, Then its keys are strictly increasing (sorted, unique) for clean diffs
    const keys = rules.map((r) => [r.service, r.resourceType, r.variable].join('\u0000'));
    for (let i = 1; i < keys.length; i++) expect((keys[i - 1] ?? '') < (keys[i] ?? '')).toBe(true);
  });

  it('names resource types and variables that exist in the service data', () => {
    for (const rule of rules) {
      // Given a rule, Then its resource type exists and its variable is an identifier of that ARN format
      const type = data.resourceType(rule.service, rule.resourceType);
      expect(type, `${rule.service} ${rule.resourceType}`).toBeDefined();
      const { names } = cutArnFormat(type?.arn ?? '');
      expect(names, `${rule.service} ${rule.resourceType}`).toContain(rule.variable);
      expect(PLACEMENT_VARIABLES.has(rule.variable)).toBe(false);
    }
  });

  it('gives every entry a source URL and a note, and at most one common-prefix rule per type', () => {
    const prefixTypes = new Set<string>();
    for (const rule of rules) {
      expect(rule.source).toMatch(/^https:\/\//);
      expect(rule.note.length).toBeGreaterThan(10);
      if (rule.strategy === 'common-prefix') {
        const key = `${rule.service} ${rule.resourceType}`;
        expect(prefixTypes.has(key), key).toBe(false);
        prefixTypes.add(key);
      }
    }
  });

  it('rejects a malformed table with the JSON path of the problem', () => {
    const read = () =>
      JSON.parse(readFileSync(new URL('../../data/generalize.json', import.meta.url), 'utf8'));
    // Given a rule with an unknown strategy, Then loading names the file, the entry and the field
    const unknownStrategy = read();
    unknownStrategy.entries[0].strategy = 'guess';
    expect(() => parseGeneralizeTable(unknownStrategy, 'generalize.json')).toThrow(
      /^generalize\.json: entries\[0\]\.strategy: "guess" is not one of/,
    );
    // Given a rule without its source, Then the same
    const noSource = read();
    noSource.entries[2].source = '';
    expect(() => parseGeneralizeTable(noSource, 'generalize.json')).toThrow(/entries\[2\]\.source/);
  });

  // Behaviour, against the real service data.
  it('S3 object keys generalise to their common folder', () => {
    expect(
      grant('s3:GetObject', 'arn:aws:s3:::example-bucket/in/a.csv', 'arn:aws:s3:::example-bucket/in/b.csv'),
    ).toEqual(['arn:aws:s3:::example-bucket/in/*', 'arn:aws:s3:::example-bucket/in/*']);
  });

  it('Lambda: numeric versions generalise, aliases stay (the action lists only "function")', () => {
    expect(
      grant(
        'lambda:InvokeFunction',
        'arn:aws:lambda:us-east-1:111122223333:function:resize:12',
        'arn:aws:lambda:us-east-1:111122223333:function:resize:live',
      ),
    ).toEqual([
      'arn:aws:lambda:us-east-1:111122223333:function:resize:*',
      'arn:aws:lambda:us-east-1:111122223333:function:resize:live',
    ]);
  });

  it('CodeBuild: the project name before the uuid stays', () => {
    expect(
      grant('codebuild:StopBuild', 'arn:aws:codebuild:us-east-1:111122223333:build/site:0b1c-2d3e'),
    ).toEqual(['arn:aws:codebuild:us-east-1:111122223333:build/site:*']);
  });

  it('DynamoDB: the stream label (a timestamp) generalises, the table and its indexes stay', () => {
    expect(
      grant(
        'dynamodb:GetRecords',
        'arn:aws:dynamodb:us-east-1:111122223333:table/Orders/stream/2024-05-01T10:00:00.000',
      ),
    ).toEqual(['arn:aws:dynamodb:us-east-1:111122223333:table/Orders/stream/*']);
    expect(
      grant('dynamodb:Query', 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders/index/ByDate'),
    ).toEqual(['arn:aws:dynamodb:us-east-1:111122223333:table/Orders/index/ByDate']);
  });

  it('SSM acting on an EC2 instance uses the EC2 rule: the ARN format decides, not the action service', () => {
    expect(
      grant('ssm:SendCommand', 'arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0'),
    ).toEqual(['arn:aws:ec2:us-east-1:111122223333:instance/*']);
  });

  it('Step Functions: express execution ids generalise both per-run parts', () => {
    expect(
      grant(
        'states:DescribeExecution',
        'arn:aws:states:us-east-1:111122223333:express:OrderFlow:run-1:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
      ),
    ).toEqual(['arn:aws:states:us-east-1:111122223333:express:OrderFlow:*:*']);
  });
});
