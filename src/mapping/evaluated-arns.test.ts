import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EvaluatedArnEntry } from './resources.js';
import { serviceData } from './service-data.js';

const table = JSON.parse(
  readFileSync(new URL('../../data/evaluated-arns.json', import.meta.url), 'utf8'),
) as {
  schemaVersion: number;
  entries: EvaluatedArnEntry[];
};

describe('data/evaluated-arns.json', () => {
  it('names resource types and actions the service data has, with a source, sorted', () => {
    const data = serviceData();
    expect(table.schemaVersion).toBe(1);
    for (const e of table.entries) {
      expect(data.resourceType(e.service, e.resourceType), `${e.service} ${e.resourceType}`).toBeDefined();
      for (const a of e.exceptActions) expect(data.action(e.service, a), `${e.service}:${a}`).toBeDefined();
      expect(e.source).toMatch(/^https:\/\//);
      expect(e.suffix).not.toBe('');
      expect([...e.exceptActions].sort()).toEqual(e.exceptActions);
    }
    const keys = table.entries.map((e) => `${e.service} ${e.resourceType}`);
    expect([...keys].sort()).toEqual(keys);
  });
});
