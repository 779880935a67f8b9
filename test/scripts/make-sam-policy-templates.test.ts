import { describe, expect, it } from 'vitest';
import { makeSamPolicyTemplates } from '../../scripts/make-sam-policy-templates.mjs';

describe('scripts/make-sam-policy-templates.mjs', () => {
  it('keeps parameter names and statements, drops descriptions, sorts templates and keys', () => {
    // Given a tiny input in the SAM translator's shape
    const input = {
      Version: '0.0.1',
      Templates: {
        ZebraPolicy: {
          Description: 'left out',
          Parameters: { QueueName: { Description: 'left out' } },
          Definition: {
            Statement: [{ Resource: { Ref: 'QueueName' }, Effect: 'Allow', Action: ['sqs:SendMessage'] }],
          },
        },
        AardvarkPolicy: {
          Description: 'x',
          Parameters: {},
          Definition: { Statement: [{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }] },
        },
      },
    };
    // When the table is made
    const out = makeSamPolicyTemplates(input, { inputName: 'canned.json', date: '2024-05-01' });
    // Then it names its input and date, and holds only names, parameters and statements
    expect(out).toMatchObject({
      generator: 'scripts/make-sam-policy-templates.mjs',
      input: 'canned.json',
      inputVersion: '0.0.1',
      generated: '2024-05-01',
    });
    expect(out.templates).toEqual([
      {
        name: 'AardvarkPolicy',
        parameters: [],
        statements: [{ Action: 'ec2:Describe*', Effect: 'Allow', Resource: '*' }],
      },
      {
        name: 'ZebraPolicy',
        parameters: ['QueueName'],
        statements: [{ Action: ['sqs:SendMessage'], Effect: 'Allow', Resource: { Ref: 'QueueName' } }],
      },
    ]);
    expect(JSON.stringify(out)).not.toContain('left out');
  });

  it('refuses a template that refers to a parameter it does not declare', () => {
    const input = {
      Templates: { Bad: { Parameters: {}, Definition: { Statement: [{ Resource: { Ref: 'Missing' } }] } } },
    };
    expect(() => makeSamPolicyTemplates(input, { inputName: 'canned.json', date: '2024-05-01' })).toThrow(
      /Bad refers to Missing/,
    );
  });
});
