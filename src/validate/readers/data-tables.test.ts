import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

function table<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../../data/${name}`, import.meta.url), 'utf8')) as T;
}

const POLICY_TYPES = [
  'IDENTITY_POLICY',
  'RESOURCE_POLICY',
  'SERVICE_CONTROL_POLICY',
  'RESOURCE_CONTROL_POLICY',
];
const FORMAT_VARIABLES = new Set([
  'AWS::Partition',
  'AWS::Region',
  'AWS::AccountId',
  'AWS::URLSuffix',
  'AWS::StackName',
  'Name',
  'LogicalId',
  'Path',
  'Uuid',
  'ShortId',
  'Hex17',
]);

function sortedBy<T>(items: T[], key: (t: T) => string): boolean {
  return items.every((t, i) => i === 0 || key(items[i - 1]!) < key(t));
}

describe('data/cfn-resource-arns.json', () => {
  const t = table<{
    entries: { type: string; ref: string; attributes: Record<string, string>; source: string }[];
  }>('cfn-resource-arns.json');

  it('is sorted by type, one entry per type, each with a source', () => {
    expect(sortedBy(t.entries, (e) => e.type)).toBe(true);
    for (const e of t.entries) expect(e.source, e.type).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it('uses only the variables the reader knows in its formats', () => {
    for (const e of t.entries) {
      for (const format of [e.ref, ...Object.values(e.attributes)]) {
        for (const [, v] of format.matchAll(/\$\{([^}]+)\}/g))
          expect(FORMAT_VARIABLES.has(v!), `${e.type}: \${${v}}`).toBe(true);
      }
    }
  });

  it('covers the types the issue names', () => {
    const types = new Set(t.entries.map((e) => e.type));
    for (const type of [
      'AWS::IAM::Role',
      'AWS::IAM::User',
      'AWS::IAM::Group',
      'AWS::IAM::Policy',
      'AWS::IAM::ManagedPolicy',
      'AWS::S3::Bucket',
      'AWS::DynamoDB::Table',
      'AWS::SQS::Queue',
      'AWS::SNS::Topic',
      'AWS::Lambda::Function',
      'AWS::KMS::Key',
      'AWS::SecretsManager::Secret',
      'AWS::Kinesis::Stream',
      'AWS::Logs::LogGroup',
      'AWS::Events::EventBus',
      'AWS::Events::Rule',
      'AWS::StepFunctions::StateMachine',
      'AWS::ECR::Repository',
      'AWS::Serverless::Function',
      'AWS::Serverless::SimpleTable',
    ]) {
      expect(types.has(type), type).toBe(true);
    }
  });
});

describe.each([
  ['cfn-policy-properties.json', 'path'],
  ['terraform-policy-attributes.json', 'attribute'],
])('data/%s', (name, pathField) => {
  const t = table<{ entries: Record<string, unknown>[] }>(name);

  it('is sorted by type then place, with no duplicates', () => {
    expect(sortedBy(t.entries, (e) => `${e.type}\0${e[pathField]}`)).toBe(true);
  });

  it('gives every entry a policy type, a source and only known options', () => {
    for (const e of t.entries) {
      expect(POLICY_TYPES, String(e.type)).toContain(e.policyType);
      expect(e.source, String(e.type)).toMatch(/^https:\/\//);
      if (e.policyType === 'RESOURCE_POLICY' && !e.guessPolicyType)
        expect(e.resourceType, String(e.type)).toBeTypeOf('string');
      if (e.synthesize !== undefined) expect(['lambda-permission', 'sam-policies']).toContain(e.synthesize);
      if (e.wrap !== undefined) expect(['statement', 'statements']).toContain(e.wrap);
    }
  });
});

describe('data/sam-policy-templates.json', () => {
  const t = table<{
    generator: string;
    input: string;
    generated: string;
    templates: { name: string; parameters: string[] }[];
  }>('sam-policy-templates.json');

  it('names its generator, input and date, and is sorted by name', () => {
    expect(t.generator).toBe('scripts/make-sam-policy-templates.mjs');
    expect(t.input).toMatch(/policy_templates\.json$/);
    expect(t.generated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sortedBy(t.templates, (e) => e.name)).toBe(true);
    expect(t.templates.length).toBeGreaterThan(50);
  });
});
