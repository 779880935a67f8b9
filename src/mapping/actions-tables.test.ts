import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { APIGATEWAY_PATH } from './actions.js';
import { type ActionTables, type Predicate, readActionTables, TABLE_FILES } from './actions-tables.js';
import { canonicalAction, serviceData } from './service-data.js';

const tables = readActionTables();
const data = serviceData();

/** Each table's sort key, as data/README.md documents it. */
const sortKeys: { [K in keyof ActionTables]: (e: ActionTables[K][number]) => string[] } = {
  eventSources: (e) => [e.eventSource],
  eventTypes: (e) => [e.eventType],
  httpVerbs: (e) => [e.service, e.match, e.name],
  operations: (e) => [e.service, e.operation],
  passRole: (e) => [e.service, e.operation, e.path],
  permissionless: (e) => [e.service, e.operation],
};

/** Fields each table's entries may have; anything else is a typo. */
const allowedFields: { [K in keyof ActionTables]: string[] } = {
  eventSources: ['eventSource', 'service', 'source', 'note'],
  eventTypes: ['eventType', 'kind', 'reason', 'source', 'note'],
  httpVerbs: ['service', 'match', 'name', 'methods', 'source', 'note'],
  operations: ['service', 'operation', 'calls', 'expand', 'source', 'note'],
  passRole: ['service', 'operation', 'path', 'kind', 'passedTo', 'source', 'note'],
  permissionless: ['service', 'operation', 'reason', 'source', 'note'],
};

const names = Object.keys(TABLE_FILES) as (keyof ActionTables)[];

function compare(a: string[], b: string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = (a[i] ?? '').toLowerCase();
    const y = (b[i] ?? '').toLowerCase();
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** Every action a table names. */
function namedActions(): string[] {
  return [
    ...tables.operations.flatMap((e) => [
      ...(e.calls ?? []).map((c) => c.action),
      ...Object.values(e.expand?.actions ?? {}),
    ]),
    ...tables.httpVerbs.flatMap((e) => e.methods.map((m) => `${e.service}:${m}`)),
    ...(tables.passRole.length > 0 ? ['iam:PassRole'] : []),
  ];
}

const RESOURCE_FROM =
  /^(copySource|sourceKey|destinationKey|apigatewayPath|table:.+|param:.+|instanceProfile:.+)$/;

function predicates(): Predicate[] {
  return tables.operations
    .flatMap((e) => (e.calls ?? []).flatMap((c) => [c.when, c.unless]))
    .filter((p) => !!p);
}

describe.each(names)('data/%s table', (name) => {
  const entries = tables[name] as { source?: unknown; note?: unknown }[];
  const key = sortKeys[name] as (e: unknown) => string[];

  it('has a description and entries', () => {
    const doc = JSON.parse(readFileSync(new URL(`../../data/${TABLE_FILES[name]}`, import.meta.url), 'utf8'));
    expect(typeof doc.$comment).toBe('string');
    expect(entries.length).toBeGreaterThan(0);
  });

  it('is sorted and has no duplicate keys', () => {
    const keys = entries.map(key);
    const sorted = [...keys].sort(compare);
    expect(keys).toEqual(sorted);
    const seen = new Set(keys.map((k) => k.join('\u0000').toLowerCase()));
    expect(seen.size).toBe(keys.length);
  });

  it('gives every entry a source, notes only as text, and no unknown fields', () => {
    for (const entry of entries) {
      expect(typeof entry.source === 'string' && entry.source.length > 0, JSON.stringify(entry)).toBe(true);
      if (entry.note !== undefined) expect(typeof entry.note).toBe('string');
      for (const field of Object.keys(entry))
        expect(allowedFields[name], `${name}: ${field}`).toContain(field);
    }
  });
});

describe('consistency with the service data', () => {
  it('names only actions that exist, with their exact casing', () => {
    for (const action of namedActions()) expect(canonicalAction(action, data), action).toBe(action);
  });

  it('names only service prefixes that exist', () => {
    const prefixes = [
      ...tables.eventSources.map((e) => e.service),
      ...tables.operations.map((e) => e.service),
      ...tables.passRole.map((e) => e.service),
      ...tables.permissionless.map((e) => e.service),
      ...tables.httpVerbs.map((e) => e.service),
    ];
    for (const p of prefixes) expect(data.hasService(p), p).toBe(true);
  });

  it('lists an event source only where its first label is not the prefix', () => {
    for (const e of tables.eventSources) {
      expect(e.eventSource, e.eventSource).toMatch(/^[a-z0-9.-]+\.amazonaws\.com$/);
      expect(e.eventSource.split('.')[0], e.eventSource).not.toBe(e.service);
    }
  });

  it('does not restate the default rule in operations.json', () => {
    for (const e of tables.operations) {
      const only = e.calls?.length === 1 && !e.expand ? e.calls[0] : undefined;
      const plain = only && !only.when && !only.unless && !only.each && !only.resourceFrom;
      expect(
        Boolean(plain && only.action === `${e.service}:${e.operation}`),
        `${e.service}:${e.operation}`,
      ).toBe(false);
    }
  });

  it('uses only the agreed resourceFrom vocabulary and valid rule parts', () => {
    for (const e of tables.operations) {
      for (const c of e.calls ?? []) {
        if (c.resourceFrom !== undefined) expect(c.resourceFrom).toMatch(RESOURCE_FROM);
        if (c.reason !== undefined) expect(['call', 'dependent']).toContain(c.reason);
      }
      if (e.expand) expect(['dynamodb-items', 'partiql-statements']).toContain(e.expand.kind);
    }
    expect(APIGATEWAY_PATH).toMatch(RESOURCE_FROM);
    for (const p of predicates()) {
      expect(
        Object.keys(p).every((k) => ['present', 'equals', 'matches'].includes(k)),
        JSON.stringify(p),
      ).toBe(true);
      if (p.matches) expect(() => new RegExp(p.matches?.pattern ?? '')).not.toThrow();
    }
  });

  it('passes roles only on operations that resolve, to service principals', () => {
    for (const e of tables.passRole) {
      const resolves =
        canonicalAction(`${e.service}:${e.operation}`, data) !== undefined ||
        tables.operations.some((o) => o.service === e.service && o.operation === e.operation);
      expect(resolves, `${e.service}:${e.operation}`).toBe(true);
      expect(e.passedTo).toMatch(/^[a-z0-9.-]+\.amazonaws\.com$/);
      expect(['role', 'instanceProfile']).toContain(e.kind);
    }
  });

  it('gives every permissionless event type a reason', () => {
    for (const e of tables.eventTypes) {
      expect(['call', 'permissionless']).toContain(e.kind);
      if (e.kind === 'permissionless') expect(e.reason, e.eventType).toBeTruthy();
    }
  });

  it('uses only HTTP methods the service data has as actions', () => {
    for (const e of tables.httpVerbs) {
      expect(['prefix', 'operation']).toContain(e.match);
      for (const m of e.methods) expect(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).toContain(m);
    }
  });
});
