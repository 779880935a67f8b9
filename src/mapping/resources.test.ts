// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN formats and value shapes are written with ${Var} placeholders.
/**
 * resolveResources: the per-service case tables in resource-cases/ (real service data, the packaged
 * data/resource-arns.json), and the engine's own rules on a tiny injected service table.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../normalize/activity-record.js';
import {
  createResourceResolver,
  parseResourceFrom,
  type ResourceArnTable,
  resolveResources,
} from './resources.js';
import type { ActionInfo, ResourceTypeInfo, ServiceData } from './service-data.js';
import { makeRecord } from './test-helpers.js';
import type { ActionCall } from './types.js';

interface ResourceCase {
  name: string;
  /** Focus switch for debugging; never committed (a test below checks). */
  only?: boolean;
  input: { record: Partial<ActivityRecord> & Record<string, unknown>; call: ActionCall };
  /** `gaps`: one fragment per expected gap, each found in a different gap, in order. */
  expected: { resources: string[]; gaps: string[] };
}

const casesDir = new URL('./resource-cases/', import.meta.url);
const caseFiles = readdirSync(casesDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const tables = caseFiles.map((file) => ({
  file,
  cases: JSON.parse(readFileSync(new URL(file, casesDir), 'utf8')) as ResourceCase[],
}));
const focused = tables.some((t) => t.cases.some((c) => c.only));

/** The record of a case: makeRecord's defaults, the case's fields; `null` removes a field. */
function recordOf(partial: ResourceCase['input']['record']): ActivityRecord {
  const record = makeRecord(partial as Partial<ActivityRecord>) as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(partial)) if (v === null) delete record[k];
  return record as unknown as ActivityRecord;
}

function expectGaps(actual: string[], fragments: string[]): void {
  expect(actual, `gaps: ${JSON.stringify(actual)}`).toHaveLength(fragments.length);
  fragments.forEach((fragment, i) => {
    expect(actual[i]).toContain(fragment);
  });
}

for (const { file, cases } of tables) {
  describe(`resource cases: ${file}`, () => {
    for (const c of cases) {
      const run = focused ? (c.only ? it.only : it.skip) : it;
      run(c.name, () => {
        // Given the recorded call, When the resources of the action are resolved, Then these ARNs and gaps
        const out = resolveResources(recordOf(c.input.record), c.input.call);
        expect(out.resources).toEqual(c.expected.resources);
        expectGaps(out.gaps, c.expected.gaps);
      });
    }
  });
}

describe('resource case tables', () => {
  it('cover every service the mapping promises, and keep no focus switch', () => {
    // Given the case files, When listed, Then each promised service has one and none is focused
    const services = caseFiles.map((f) => f.replace(/\.json$/, ''));
    for (const s of [
      's3',
      'dynamodb',
      'sqs',
      'sns',
      'lambda',
      'kms',
      'sts',
      'iam',
      'ssm',
      'secretsmanager',
      'logs',
      'ec2',
      'ecr',
      'ecs',
      'cloudformation',
      'events',
      'states',
      'kinesis',
      'apigateway',
    ]) {
      expect(services).toContain(s);
    }
    expect(focused).toBe(false);
  });
});

describe('parseResourceFrom', () => {
  it('reads the agreed vocabulary and refuses anything else', () => {
    // Given the values the actions table uses, When parsed, Then each selects its part of the request
    expect(parseResourceFrom(undefined)).toEqual({ kind: 'main' });
    expect(parseResourceFrom('apigatewayPath')).toEqual({ kind: 'main' });
    expect(parseResourceFrom('copySource')).toEqual({ kind: 'part', from: 'copySource' });
    expect(parseResourceFrom('sourceKey')).toEqual({ kind: 'part', from: 'sourceKey' });
    expect(parseResourceFrom('destinationKey')).toEqual({ kind: 'part', from: 'destinationKey' });
    expect(parseResourceFrom('table:Orders')).toEqual({ kind: 'table', table: 'Orders' });
    expect(parseResourceFrom('table:Orders/index/byCustomer')).toEqual({
      kind: 'table',
      table: 'Orders',
      index: 'byCustomer',
    });
    expect(parseResourceFrom('table:arn:aws:dynamodb:us-east-1:111122223333:table/Orders')).toEqual({
      kind: 'table',
      table: 'arn:aws:dynamodb:us-east-1:111122223333:table/Orders',
    });
    expect(parseResourceFrom('param:targets[0].roleArn')).toEqual({
      kind: 'param',
      path: 'targets[0].roleArn',
    });
    expect(parseResourceFrom('instanceProfile:iamInstanceProfile.name')).toEqual({
      kind: 'param',
      path: 'iamInstanceProfile.name',
      instanceProfile: true,
    });
    expect(parseResourceFrom('table:')).toBeUndefined();
    expect(parseResourceFrom('copysource')).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------------------
// The engine's rules, on a tiny service table (not all of AWS) and a tiny resource-arns table.

function tinyServiceData(
  actions: Record<string, { types: [string, boolean][] }>,
  types: Record<string, string>,
): ServiceData {
  const action = (service: string, name: string): ActionInfo | undefined => {
    const key = Object.keys(actions).find((k) => k.toLowerCase() === `${service}:${name}`.toLowerCase());
    if (!key) return undefined;
    const [s, n] = key.split(':') as [string, string];
    return {
      service: s,
      name: n,
      action: key,
      description: '',
      accessLevel: 'Read',
      resourceTypes: (actions[key]?.types ?? []).map(([t, required]) => ({
        name: t,
        required,
        conditionKeys: [],
        dependentActions: [],
      })),
      conditionKeys: [],
      dependentActions: [],
    };
  };
  const resourceTypes = (service: string): ResourceTypeInfo[] =>
    Object.entries(types)
      .filter(([k]) => k.startsWith(`${service}:`))
      .map(([k, arn]) => ({ service, key: k.slice(service.length + 1), arn, conditionKeys: [] }));
  return {
    version: 'test',
    hasService: (s) => Object.keys(actions).some((k) => k.startsWith(`${s}:`)),
    serviceName: () => undefined,
    services: () => [],
    action,
    actions: () => [],
    resourceType: (s, k) => resourceTypes(s).find((t) => t.key.toLowerCase() === k.toLowerCase()),
    resourceTypes,
    conditionKey: () => undefined,
  };
}

const tiny = tinyServiceData(
  {
    'box:ListBoxes': { types: [] },
    'box:OpenBox': { types: [['box', true]] },
    'box:PeekLid': {
      types: [
        ['box', false],
        ['lid', false],
      ],
    },
    'box:MoveItem': { types: [['item', true]] },
    'box:Inspect': {
      types: [
        ['box', false],
        ['item', false],
      ],
    },
  },
  {
    'box:box': 'arn:${Partition}:box:${Region}:${Account}:box/${BoxName}',
    'box:lid': 'arn:${Partition}:box:${Region}:${Account}:lid/${LidId}',
    'box:item': 'arn:${Partition}:box:${Region}:${Account}:box/${BoxName}/item/${ItemName}',
  },
);
const tinyTable: ResourceArnTable = {
  schemaVersion: 1,
  entries: [
    {
      service: 'box',
      resourceType: 'box',
      variables: { BoxName: ['boxName'] },
      patterns: { BoxName: '[^/]+' },
      source: 'test',
    },
    {
      service: 'box',
      resourceType: 'item',
      variables: { BoxName: ['boxName'], ItemName: ['itemName'] },
      patterns: { BoxName: '[^/]+' },
      source: 'test',
    },
    {
      service: 'box',
      resourceType: 'item',
      from: 'copySource',
      variables: {
        BoxName: [{ path: 'from', shapes: ['${BoxName}/${ItemName}'] }],
        ItemName: [{ path: 'from', shapes: ['${BoxName}/${ItemName}'] }],
      },
      patterns: { BoxName: '[^/]+' },
      source: 'test',
    },
  ],
};
const resolve = createResourceResolver({ table: tinyTable, data: tiny });
const boxRecord = (partial: Partial<ActivityRecord>): ActivityRecord =>
  makeRecord({ eventSource: 'box.amazonaws.com', operation: 'OpenBox', ...partial });

describe('resolveResources engine', () => {
  it('never scopes an action that accepts only *', () => {
    // Given an action without resource types, When its call names a resource, Then the resource is still *
    const out = resolve(boxRecord({ requestParameters: { boxName: 'b1' } }), {
      action: 'box:ListBoxes',
      reason: 'call',
    });
    expect(out).toEqual({ resources: ['*'], gaps: [] });
  });

  it('says so when the action is not in the service data', () => {
    const out = resolve(boxRecord({}), { action: 'box:Nope', reason: 'call' });
    expect(out.resources).toEqual(['*']);
    expect(out.gaps[0]).toContain('box:Nope is not in the service data');
  });

  it('fills a required type with * where nothing names it, and names the missing parameter', () => {
    // Given a required type and no boxName, When resolved, Then only the name is a wildcard
    const out = resolve(boxRecord({}), { action: 'box:OpenBox', reason: 'call' });
    expect(out.resources).toEqual(['arn:aws:box:us-east-1:111122223333:box/*']);
    expect(out.gaps).toEqual(['boxName not recorded; used arn:aws:box:us-east-1:111122223333:box/*']);
  });

  it('with nothing recorded, uses the one optional type the table knows how to name', () => {
    // Given optional box and lid types, only box in the table, When nothing is recorded, Then box/* with a gap
    const out = resolve(boxRecord({}), { action: 'box:PeekLid', reason: 'call' });
    expect(out.resources).toEqual(['arn:aws:box:us-east-1:111122223333:box/*']);
    expect(out.gaps).toEqual(['boxName not recorded; used arn:aws:box:us-east-1:111122223333:box/*']);
  });

  it('answers * with a reason when nothing tells which of several optional types was touched', () => {
    // Given two optional types the table can both name, When nothing is recorded, Then * and why
    const out = resolve(boxRecord({}), { action: 'box:Inspect', reason: 'call' });
    expect(out.resources).toEqual(['*']);
    expect(out.gaps[0]).toContain('nothing recorded tells which of the 2 resource types of box:Inspect');
  });

  it('uses the most specific type whose variables were all recovered', () => {
    // Given box and item both optional, When box and item names are recorded, Then the item and the box
    const out = resolve(boxRecord({ requestParameters: { boxName: 'b1', itemName: 'i1' } }), {
      action: 'box:Inspect',
      reason: 'call',
    });
    expect(out.resources).toEqual([
      'arn:aws:box:us-east-1:111122223333:box/b1',
      'arn:aws:box:us-east-1:111122223333:box/b1/item/i1',
    ]);
  });

  it('trusts resources[] over parameters for the main resource, but not for a named part of the request', () => {
    // Given resources[] naming another account's box, When the main resource is resolved, Then resources[] wins
    const record = boxRecord({
      requestParameters: { boxName: 'b1', itemName: 'i1', from: 'b0/i0' },
      resources: [{ arn: 'arn:aws:box:us-east-1:444455556666:box/b1/item/i1' }],
    });
    expect(resolve(record, { action: 'box:MoveItem', reason: 'call' }).resources).toEqual([
      'arn:aws:box:us-east-1:444455556666:box/b1/item/i1',
    ]);
    // And the copy source comes from its own parameter, whatever resources[] lists
    expect(
      resolve(record, { action: 'box:MoveItem', reason: 'call', resourceFrom: 'copySource' }).resources,
    ).toEqual(['arn:aws:box:us-east-1:111122223333:box/b0/item/i0']);
  });

  it('takes the account of a resource listed without an ARN', () => {
    // Given resources[] with only an accountId for this service, When the ARN is built, Then that account is used
    const out = resolve(
      boxRecord({
        requestParameters: { boxName: 'b1' },
        resources: [{ accountId: '444455556666', type: 'AWS::Box::Box' }],
      }),
      { action: 'box:OpenBox', reason: 'call' },
    );
    expect(out.resources).toEqual(['arn:aws:box:us-east-1:444455556666:box/b1']);
  });

  it('falls back to the caller account when the event has no recipient account', () => {
    const out = resolve(
      boxRecord({ requestParameters: { boxName: 'b1' }, recipientAccountId: undefined as unknown as string }),
      { action: 'box:OpenBox', reason: 'call' },
    );
    expect(out.resources).toEqual(['arn:aws:box:us-east-1:111122223333:box/b1']);
  });
});
