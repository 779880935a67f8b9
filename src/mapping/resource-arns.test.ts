/** data/resource-arns.json: shape, order, provenance, and agreement with the AWS service authorization data. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cutFormat, formatVariables } from './arn.js';
import {
  RESOURCE_FROM_PARTS,
  type ResourceArnEntry,
  type ResourceArnSourceSpec,
  resourceArnTable,
} from './resources.js';
import { serviceData } from './service-data.js';

const table = resourceArnTable();
const data = serviceData();
const where = (e: ResourceArnEntry): string =>
  `${e.service} ${e.resourceType}${e.from ? ` from ${e.from}` : ''}${e.actions ? ` [${e.actions}]` : ''}${e.operations ? ` [${e.operations}]` : ''}`;
const sortKey = (e: ResourceArnEntry): string[] => [
  e.service,
  e.resourceType.toLowerCase(),
  e.from ?? '',
  (e.actions ?? []).join(','),
  (e.operations ?? []).join(','),
  (e.paramPaths ?? []).join(','),
];
const spec = (s: string | ResourceArnSourceSpec): ResourceArnSourceSpec =>
  typeof s === 'string' ? { path: s } : s;

const ENTRY_KEYS = new Set([
  'service',
  'resourceType',
  'from',
  'actions',
  'operations',
  'paramPaths',
  'variables',
  'patterns',
  'defaults',
  'supersedes',
  'alwaysTouched',
  'missing',
  'hint',
  'source',
  'note',
]);
const SOURCE_KEYS = new Set([
  'path',
  'template',
  'shapes',
  'transforms',
  'when',
  'set',
  'suffix',
  'gap',
  'excludeFrom',
]);
const FROM = new Set<string>([...RESOURCE_FROM_PARTS, 'param']);

describe('data/resource-arns.json', () => {
  it('has the documented shape, and every entry says where it comes from', () => {
    // Given the table, When each entry is read, Then it only uses documented keys and has a source
    expect(table.schemaVersion).toBe(1);
    expect(table.entries.length).toBeGreaterThan(0);
    for (const e of table.entries) {
      expect(
        Object.keys(e).filter((k) => !ENTRY_KEYS.has(k)),
        where(e),
      ).toEqual([]);
      expect(typeof e.source === 'string' && e.source.trim() !== '', where(e)).toBe(true);
      if (e.from !== undefined) expect(FROM.has(e.from), where(e)).toBe(true);
      if (e.paramPaths) expect(e.from, `${where(e)}: paramPaths need from "param"`).toBe('param');
      for (const srcs of Object.values(e.variables)) {
        expect(srcs.length, where(e)).toBeGreaterThan(0);
        for (const src of srcs) {
          const s = spec(src);
          expect(
            Object.keys(s).filter((k) => !SOURCE_KEYS.has(k)),
            where(e),
          ).toEqual([]);
          expect(s.path !== undefined || s.template !== undefined, where(e)).toBe(true);
          // A template's own wildcards would be escaped again by a test or transform (resources.ts prepareAll).
          if (s.template !== undefined)
            expect([s.when, s.transforms], where(e)).toEqual([undefined, undefined]);
          for (const t of s.transforms ?? [])
            expect(t, where(e)).toMatch(/^(strip-query|uri-decode|before:.+)$/);
          if (s.excludeFrom) expect(RESOURCE_FROM_PARTS as readonly string[]).toContain(s.excludeFrom);
          if (s.when) expect(() => new RegExp(s.when ?? '')).not.toThrow();
        }
      }
      for (const p of Object.values(e.patterns ?? {})) expect(() => new RegExp(`^(?:${p})$`)).not.toThrow();
    }
  });

  it('is sorted and has one entry per service, type, part and action or operation list', () => {
    const keys = table.entries.map((e) => JSON.stringify(sortKey(e)));
    const sorted = [...table.entries].sort((a, b) => {
      const ka = sortKey(a);
      const kb = sortKey(b);
      for (let i = 0; i < ka.length; i++) {
        const x = ka[i] ?? '';
        const y = kb[i] ?? '';
        if (x !== y) return x < y ? -1 : 1;
      }
      return 0;
    });
    expect(table.entries.map(where)).toEqual(sorted.map(where));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('names only resource types, variables and actions the service data has', () => {
    // Given the service authorization data, When each entry is checked, Then nothing it names is invented
    for (const e of table.entries) {
      const type = data.resourceType(e.service, e.resourceType);
      expect(type, `${where(e)}: no such resource type`).toBeDefined();
      if (!type) continue;
      const vars = new Set(formatVariables(type.arn));
      for (const v of Object.keys(e.variables)) {
        expect(vars.has(v) && v !== 'Partition', `${where(e)}: ${v} is not a variable of ${type.arn}`).toBe(
          true,
        );
      }
      for (const v of [...Object.keys(e.defaults ?? {}), ...Object.keys(e.missing ?? {})]) {
        expect(vars.has(v), `${where(e)}: ${v} is not a variable of ${type.arn}`).toBe(true);
      }
      for (const s of e.supersedes ?? []) {
        expect(data.resourceType(e.service, s), `${where(e)} supersedes ${s}`).toBeDefined();
      }
      for (const a of e.actions ?? []) {
        const action = data.action(e.service, a);
        expect(action?.name, `${where(e)}: ${e.service}:${a}`).toBe(a);
        const types = (action?.resourceTypes ?? []).map((t) => t.name.toLowerCase());
        expect(types, `${where(e)}: ${e.service}:${a} does not take ${e.resourceType}`).toContain(
          e.resourceType.toLowerCase(),
        );
      }
      for (const [v, srcs] of Object.entries(e.variables)) {
        for (const src of srcs) {
          const s = spec(src);
          for (const shape of s.shapes ?? []) {
            expect(cutFormat(shape).names, `${where(e)}: shape ${shape} does not hold ${v}`).toContain(v);
          }
          if (s.path?.startsWith('$resource:')) {
            expect(data.resourceType(e.service, s.path.slice('$resource:'.length)), where(e)).toBeDefined();
          }
        }
      }
    }
  });

  it('has no entry for a resource type that no action of its service takes', () => {
    // Given the service data, When each entry's type is looked up among its service's actions, Then one takes it
    for (const e of table.entries) {
      const takers = data
        .actions(e.service)
        .filter((a) => a.resourceTypes.some((t) => t.name.toLowerCase() === e.resourceType.toLowerCase()));
      expect(takers.length, `${where(e)}: no ${e.service} action takes this type`).toBeGreaterThan(0);
    }
  });

  it('is documented in data/README.md', () => {
    const readme = readFileSync(new URL('../../data/README.md', import.meta.url), 'utf8');
    expect(readme).toContain('## resource-arns.json');
  });
});
