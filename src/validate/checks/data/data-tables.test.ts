// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ARN formats and condition keys of the service data
/** The reviewed tables of the checks: shape, order, and consistency with the service data. */
import { describe, expect, it } from 'vitest';
import { serviceData } from '../../../mapping/service-data.js';
import { isParsedArn, parseArn } from '../support/arn.js';
import { ServiceIndex } from '../support/service-index.js';
import globalKeys from './global-condition-keys.json' with { type: 'json' };
import paired from './paired-condition-keys.json' with { type: 'json' };
import partitions from './partitions.json' with { type: 'json' };
import quotas from './policy-size-quotas.json' with { type: 'json' };
import restricting from './public-access-restricting-keys.json' with { type: 'json' };
import rules from './resource-policy-rules.json' with { type: 'json' };

/** Tables are sorted by code point, the order `sort()` gives and diffs keep. */
const sorted = (list: readonly string[]) => [...list].sort();
const TYPES = [
  'String',
  'ArrayOfString',
  'ARN',
  'ArrayOfARN',
  'Bool',
  'ArrayOfBool',
  'Numeric',
  'Date',
  'IPAddress',
];

describe('check data tables', () => {
  const index = ServiceIndex.of(serviceData());

  it('global condition keys: sorted, unique, typed, and the same type as the service data says', () => {
    const keys = globalKeys.keys.map((k) => k.key);
    expect(keys).toEqual(sorted(keys));
    expect(new Set(keys.map((k) => k.toLowerCase())).size).toBe(keys.length);
    for (const k of globalKeys.keys) {
      expect(TYPES, k.key).toContain(k.type);
      expect(k.key.startsWith('aws:'), k.key).toBe(true);
    }
    // the tag keys are also in the service data; the types must agree
    expect(serviceData().conditionKey('s3', 'aws:RequestTag/${TagKey}')?.type).toBe(
      globalKeys.keys.find((k) => k.key === 'aws:RequestTag/${TagKey}')?.type,
    );
    expect(globalKeys.source).toMatch(/^https:\/\//);
  });

  it('paired and restricting keys are keys the index resolves', () => {
    for (const p of paired.pairs)
      for (const k of [p.key, ...p.requiresOneOf]) expect(index.conditionKey(k), k).toBeDefined();
    expect(restricting.keys).toEqual(sorted(restricting.keys));
    for (const k of restricting.keys) expect(index.conditionKey(k), k).toBeDefined();
  });

  it('partitions are sorted and unique', () => {
    expect(partitions.partitions).toEqual([...new Set(partitions.partitions)].sort());
  });

  it('size quotas: positive, with a source, resource types in order', () => {
    const all = [
      ...quotas.identity,
      quotas.trust,
      quotas.serviceControl,
      quotas.resourceControl,
      ...quotas.resource,
    ];
    for (const q of all) {
      expect(q.quota, q.kind).toBeGreaterThan(1000);
      expect(q.source, q.kind).toMatch(/^https:\/\//);
    }
    const types = quotas.resource.map((q) => q.resourceType);
    expect(types).toEqual([...types].sort());
    const carriers = quotas.identity.flatMap((q) => q.carriers);
    expect(new Set(carriers).size).toBe(carriers.length);
  });

  it('resource-policy rules name services and actions that exist', () => {
    const types = rules.rules.map((r) => r.resourceType);
    expect(types).toEqual([...types].sort());
    for (const r of rules.rules) {
      for (const s of [
        ...(r.actionServices ?? []),
        ...(r.arnServices ?? []),
        ...(r.conditionServices ?? []),
      ]) {
        expect(s === 'saml' || index.hasService(s), `${r.resourceType}: ${s}`).toBe(true);
      }
      for (const a of (r as { actions?: string[] }).actions ?? []) {
        expect(
          index.matchActions(a).map((x) => x.action),
          a,
        ).toEqual([a]);
      }
      expect(r.source).toMatch(/^https:\/\//);
    }
    const implied = rules.resourceImplied.map((r) => r.resourceType);
    expect(implied).toEqual([...new Set(implied)].sort());
    for (const r of rules.resourceImplied) expect(r.source).toMatch(/^https:\/\//);
  });

  it('ARN formats of the service data all parse', () => {
    for (const service of ['s3', 'iam', 'lambda', 'dynamodb']) {
      for (const rt of serviceData().resourceTypes(service))
        expect(isParsedArn(parseArn(rt.arn)), rt.arn).toBe(true);
    }
  });
});
