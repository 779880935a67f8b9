/**
 * SARIF 2.1.0 output, checked against the parts of the official schema it uses (sarif-schema-2.1.0.json,
 * OASIS errata 01): every object has only the properties the schema defines (they are all
 * `additionalProperties: false`), the required ones, the enums, integer minimums, URI formats and unique
 * rule ids. Written from the schema by hand so that it runs on the sources, without a build; the CLI's
 * output is also validated with ajv against the published schema in test/validate/validate-sarif-schema.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checks } from '../validate/checks/index.js';
import { sampleValidateResult } from '../validate/checks/test-helpers.js';
import { artifactUri, SARIF_LEVEL, validateSarif } from './validate-sarif.js';

type Kind =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'uri'
  | 'uri-reference'
  | { int: number }
  | { enum: readonly string[] }
  | { object: string }
  | { array: Kind; unique?: boolean; minItems?: number }
  | { map: Kind }
  | 'propertyBag';

interface ObjectSpec {
  props: Record<string, Kind>;
  required?: string[];
  /** At least one of these groups is fully present. */
  anyOf?: string[][];
}

const LEVEL = { enum: ['none', 'note', 'warning', 'error'] } as const;

/** The subset of SARIF 2.1.0 definitions leastpriv emits, property by property. */
const SPEC: Record<string, ObjectSpec> = {
  sarifLog: {
    props: {
      $schema: 'uri',
      version: { enum: ['2.1.0'] },
      runs: { array: { object: 'run' } },
      properties: 'propertyBag',
    },
    required: ['version', 'runs'],
  },
  run: {
    props: {
      tool: { object: 'tool' },
      results: { array: { object: 'result' } },
      originalUriBaseIds: { map: { object: 'artifactLocation' } },
      properties: 'propertyBag',
    },
    required: ['tool'],
  },
  tool: { props: { driver: { object: 'toolComponent' }, properties: 'propertyBag' }, required: ['driver'] },
  toolComponent: {
    props: {
      name: 'string',
      version: 'string',
      informationUri: 'uri',
      rules: { array: { object: 'reportingDescriptor' }, unique: true },
      properties: 'propertyBag',
    },
    required: ['name'],
  },
  reportingDescriptor: {
    props: {
      id: 'string',
      name: 'string',
      shortDescription: { object: 'multiformatMessageString' },
      fullDescription: { object: 'multiformatMessageString' },
      help: { object: 'multiformatMessageString' },
      helpUri: 'uri',
      defaultConfiguration: { object: 'reportingConfiguration' },
      properties: 'propertyBag',
    },
    required: ['id'],
  },
  multiformatMessageString: {
    props: { text: 'string', markdown: 'string', properties: 'propertyBag' },
    required: ['text'],
  },
  reportingConfiguration: { props: { enabled: 'boolean', level: LEVEL, properties: 'propertyBag' } },
  result: {
    props: {
      ruleId: 'string',
      ruleIndex: { int: -1 },
      level: LEVEL,
      message: { object: 'message' },
      locations: { array: { object: 'location' } },
      partialFingerprints: { map: 'string' },
      suppressions: { array: { object: 'suppression' }, unique: true },
      properties: 'propertyBag',
    },
    required: ['message'],
  },
  message: {
    props: { text: 'string', markdown: 'string', properties: 'propertyBag' },
    anyOf: [['text'], ['id']],
  },
  location: {
    props: {
      physicalLocation: { object: 'physicalLocation' },
      logicalLocations: { array: { object: 'logicalLocation' }, unique: true },
      properties: 'propertyBag',
    },
  },
  physicalLocation: {
    props: {
      artifactLocation: { object: 'artifactLocation' },
      region: { object: 'region' },
      properties: 'propertyBag',
    },
    anyOf: [['address'], ['artifactLocation']],
  },
  artifactLocation: { props: { uri: 'uri-reference', uriBaseId: 'string', properties: 'propertyBag' } },
  region: {
    props: {
      startLine: { int: 1 },
      startColumn: { int: 1 },
      endLine: { int: 1 },
      endColumn: { int: 1 },
      properties: 'propertyBag',
    },
    anyOf: [['startLine'], ['charOffset'], ['byteOffset']],
  },
  logicalLocation: {
    props: { name: 'string', fullyQualifiedName: 'string', kind: 'string', properties: 'propertyBag' },
  },
  suppression: {
    props: {
      kind: { enum: ['inSource', 'external'] },
      status: { enum: ['accepted', 'underReview', 'rejected'] },
      justification: 'string',
      properties: 'propertyBag',
    },
    required: ['kind'],
  },
};

function check(value: unknown, kind: Kind, path: string, errors: string[]): void {
  const fail = (why: string) => {
    errors.push(`${path}: ${why}`);
  };
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  if (kind === 'string') {
    if (typeof value !== 'string') fail('not a string');
  } else if (kind === 'boolean') {
    if (typeof value !== 'boolean') fail('not a boolean');
  } else if (kind === 'integer') {
    if (!Number.isInteger(value)) fail('not an integer');
  } else if (kind === 'uri') {
    if (typeof value !== 'string' || !/^[a-z][a-z0-9+.-]*:\/\/[^\s]+$/i.test(value))
      fail(`not an absolute URI: ${String(value)}`);
  } else if (kind === 'uri-reference') {
    if (typeof value !== 'string' || /[\s\\]/.test(value) || /^[a-z]:/i.test(value))
      fail(`not a URI reference: ${String(value)}`);
  } else if (kind === 'propertyBag') {
    if (!isObject) fail('property bag is not an object');
    else {
      const tags = (value as { tags?: unknown }).tags;
      if (tags !== undefined) check(tags, { array: 'string', unique: true }, `${path}.tags`, errors);
    }
  } else if ('int' in kind) {
    if (!Number.isInteger(value) || (value as number) < kind.int) fail(`not an integer >= ${kind.int}`);
  } else if ('enum' in kind) {
    if (!kind.enum.includes(value as string)) fail(`${String(value)} not in ${kind.enum.join('|')}`);
  } else if ('array' in kind) {
    if (!Array.isArray(value)) fail('not an array');
    else {
      if (kind.unique && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
        fail('items not unique');
      value.forEach((v, i) => {
        check(v, kind.array, `${path}[${i}]`, errors);
      });
    }
  } else if ('map' in kind) {
    if (!isObject) fail('not an object');
    else for (const [k, v] of Object.entries(value)) check(v, kind.map, `${path}.${k}`, errors);
  } else if ('object' in kind) {
    const spec = SPEC[kind.object] as ObjectSpec;
    if (!isObject) {
      fail(`not a ${kind.object} object`);
      return;
    }
    const obj = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) {
      const propKind = spec.props[k];
      if (!propKind) fail(`${kind.object} has no property ${k} (additionalProperties: false)`);
      else check(v, propKind, `${path}.${k}`, errors);
    }
    for (const r of spec.required ?? []) if (!(r in obj)) fail(`${kind.object} lacks required ${r}`);
    if (spec.anyOf && !spec.anyOf.some((group) => group.every((k) => k in obj))) {
      fail(`${kind.object} lacks one of ${JSON.stringify(spec.anyOf)}`);
    }
  }
}

function sarifErrors(log: unknown): string[] {
  const errors: string[] = [];
  check(log, { object: 'sarifLog' }, '$', errors);
  return errors;
}

describe('validate --format sarif', () => {
  const log = validateSarif(sampleValidateResult(), { checks, toolVersion: '0.1.0', baseDir: '/work/repo' });
  const run = log.runs[0] as (typeof log.runs)[0];
  const rules = run.tool.driver.rules as {
    id: string;
    helpUri?: string;
    defaultConfiguration: { level: string };
  }[];
  const results = run.results as {
    ruleId: string;
    ruleIndex: number;
    level: string;
    suppressions?: unknown[];
    locations: {
      physicalLocation: {
        artifactLocation: { uri: string };
        region: { startLine: number; startColumn: number };
      };
      logicalLocations: { fullyQualifiedName: string }[];
    }[];
  }[];

  it('has the structure the SARIF 2.1.0 schema requires', () => {
    expect(sarifErrors(log)).toEqual([]);
  });

  it('the structural checker catches what the schema forbids', () => {
    // Given logs broken in the ways the schema forbids, Then each is reported
    expect(sarifErrors({ version: '2.0.0', runs: [] })).toEqual(['$.version: 2.0.0 not in 2.1.0']);
    expect(
      sarifErrors({
        version: '2.1.0',
        runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }],
      }),
    ).toEqual(['$.runs[0].results[0].level: fatal not in none|note|warning|error']);
    expect(sarifErrors({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x', extra: 1 } } }] })).toEqual([
      '$.runs[0].tool.driver: toolComponent has no property extra (additionalProperties: false)',
    ]);
    expect(
      sarifErrors({
        version: '2.1.0',
        runs: [{ tool: {}, results: [{ locations: [{ physicalLocation: { region: { startLine: 0 } } }] }] }],
      }),
    ).toEqual([
      '$.runs[0].tool: tool lacks required driver',
      '$.runs[0].results[0].locations[0].physicalLocation.region.startLine: not an integer >= 1',
      '$.runs[0].results[0].locations[0].physicalLocation: physicalLocation lacks one of [["address"],["artifactLocation"]]',
      '$.runs[0].results[0]: result lacks required message',
    ]);
  });

  it('lists every check as a rule, with its help link and default level', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of checks) {
      const rule = rules.find((r) => r.id === c.code);
      expect(rule?.defaultConfiguration.level, c.code).toBe(SARIF_LEVEL[c.findingType]);
      expect(rule?.helpUri).toBe(c.learnMoreLink);
    }
    expect(ids).toContain('CHECK_FAILED');
  });

  it('reports each finding with its rule, level, file, line, column and logical path', () => {
    // Then ruleIndex points at the rule of ruleId, and levels follow the finding types
    for (const r of results) expect(rules[r.ruleIndex]?.id).toBe(r.ruleId);
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['INVALID_ACTION', 'error'],
      ['PASS_ROLE_WITH_STAR_IN_RESOURCE', 'error'],
      ['MISSING_VERSION', 'warning'],
    ]);
    const first = results[0]?.locations[0];
    expect(first?.physicalLocation).toEqual({
      artifactLocation: { uri: 'templates/app%20stack.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 8, startColumn: 9 },
    });
    expect(first?.logicalLocations[0]?.fullyQualifiedName).toBe(
      'Resources/DeployRole/Properties/Policies/0/PolicyDocument/Statement[0].Action[0]',
    );
  });

  it('marks suppressed findings as suppressed, with the reason', () => {
    expect(results[2]?.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'legacy file, version set on upload' },
    ]);
  });

  it('writes paths relative to the base directory with forward slashes', () => {
    expect(artifactUri('/work/repo/templates/a b.yaml', '/work/repo')).toBe('templates/a%20b.yaml');
    expect(artifactUri('policies/x.json', '/elsewhere')).toBe('policies/x.json');
  });
});
