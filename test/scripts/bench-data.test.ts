import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { generateTrail } from '../../scripts/bench-data.mjs';

const ROOT = resolve(import.meta.dirname, '../..');

interface Trail {
  dir: string;
  source: string;
  files: string[];
  events: number;
  bytes: number;
  rawBytes: number;
  cached: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: CloudTrail records are untyped JSON here
type CloudTrailRecord = Record<string, any>;

function readRecords(file: string): CloudTrailRecord[] {
  const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
  expect(Object.keys(doc), file).toEqual(['Records']);
  return doc.Records;
}

describe('scripts/bench-data.mjs', () => {
  let tmp: string;
  let trail: Trail;
  let records: CloudTrailRecord[];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'leastpriv-bench-data-'));
    trail = await generateTrail({
      dir: join(tmp, 'a'),
      events: 8000,
      filesEvents: 2000,
      seed: 7,
      workers: 2,
    });
    records = trail.files.flatMap(readRecords);
  });

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('writes exactly the number of events asked for, in the S3 delivery layout', () => {
    expect(records).toHaveLength(8000);
    expect(trail.files.length).toBeGreaterThanOrEqual(3);
    for (const file of trail.files) {
      expect(relative(trail.source, file)).toMatch(
        /^111122223333\/CloudTrail\/(us-east-1|eu-west-1)\/\d{4}\/\d\d\/\d\d\/111122223333_CloudTrail_\1_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/,
      );
    }
  });

  it('writes the same bytes whatever the number of workers', async () => {
    // Given the same (events, filesEvents, seed) written by one worker into another directory
    const again: Trail = await generateTrail({
      dir: join(tmp, 'b'),
      events: 8000,
      filesEvents: 2000,
      seed: 7,
      workers: 1,
    });
    // Then every file has the same name and bytes
    expect(again.files.map((f) => relative(again.dir, f))).toEqual(
      trail.files.map((f) => relative(trail.dir, f)),
    );
    for (let i = 0; i < trail.files.length; i++) {
      expect(readFileSync(again.files[i]!).equals(readFileSync(trail.files[i]!)), trail.files[i]).toBe(true);
    }
  });

  it('reuses a trail it has already written', async () => {
    const again: Trail = await generateTrail({ dir: trail.dir, events: 8000, filesEvents: 2000, seed: 7 });
    expect(again.cached).toBe(true);
    expect(again.bytes).toBe(trail.bytes);
  });

  it('refuses to overwrite an AWSLogs folder it did not write', async () => {
    const dir = join(tmp, 'foreign');
    mkdirSync(join(dir, 'AWSLogs'), { recursive: true });
    writeFileSync(join(dir, 'AWSLogs', 'keep.json'), '{}');
    await expect(generateTrail({ dir, events: 100, seed: 1 })).rejects.toThrow(/refusing to overwrite/);
    expect(readFileSync(join(dir, 'AWSLogs', 'keep.json'), 'utf8')).toBe('{}');
  });

  it('writes records shaped and sized like real CloudTrail', () => {
    const average = trail.rawBytes / trail.events;
    expect(average).toBeGreaterThan(1000);
    expect(average).toBeLessThan(2000);
    for (const r of records) {
      expect(r.eventVersion).toBeTypeOf('string');
      expect(r.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(r.eventSource).toMatch(/\.amazonaws\.com$/);
      expect(r.eventID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(r.userIdentity).toBeTypeOf('object');
      expect(r.eventCategory === 'Data').toBe(r.managementEvent === false);
    }
  });

  it('mixes ~200 principals, ~30 services, ~150 operations, ~2% errors and ~1% denials', () => {
    const principals = new Set<string>();
    const services = new Set<string>();
    const operations = new Set<string>();
    const objectKeys = new Set<string>();
    let denied = 0;
    let errors = 0;
    for (const r of records) {
      const issuer = r.userIdentity.sessionContext?.sessionIssuer?.arn ?? r.userIdentity.arn;
      if (issuer) principals.add(issuer);
      services.add(r.eventSource);
      operations.add(`${r.eventSource} ${r.eventName}`);
      if (r.eventCategory === 'Data' && r.requestParameters?.key) objectKeys.add(r.requestParameters.key);
      if (/Denied|Unauthorized|AuthorizationError/.test(r.errorCode ?? '')) denied++;
      else if (r.errorCode) errors++;
    }
    expect(principals.size).toBeGreaterThanOrEqual(150);
    expect(services.size).toBeGreaterThanOrEqual(25);
    expect(operations.size).toBeGreaterThanOrEqual(100);
    expect(objectKeys.size).toBeGreaterThan(records.length / 20);
    expect(denied / records.length).toBeGreaterThan(0.004);
    expect(denied / records.length).toBeLessThan(0.02);
    expect(errors / records.length).toBeGreaterThan(0.01);
    expect(errors / records.length).toBeLessThan(0.04);
  });
});

describe('scripts/bench-run.mjs', () => {
  it('runs generate() from dist/ and prints { ms, records, maxRssBytes, cpuMs }', () => {
    // Given bench-run.mjs beside a stub dist/index.js with the library's generate() signature
    const tmp = mkdtempSync(join(tmpdir(), 'leastpriv-bench-run-'));
    try {
      mkdirSync(join(tmp, 'scripts'));
      mkdirSync(join(tmp, 'dist'));
      copyFileSync(join(ROOT, 'scripts/bench-run.mjs'), join(tmp, 'scripts/bench-run.mjs'));
      writeFileSync(
        join(tmp, 'dist/index.js'),
        'export async function generate(o) { return { policies: [], summary: { records: o.sources.length * 1000 + o.workers } }; }\n',
      );
      // When it runs over two sources with 3 workers
      const stdout = execFileSync(
        process.execPath,
        [join(tmp, 'scripts/bench-run.mjs'), '--workers', '3', 'a', 'b'],
        {
          encoding: 'utf8',
        },
      );
      // Then it prints one JSON line with the time, the records counted and the peak RSS
      const result = JSON.parse(stdout.trim());
      expect(Object.keys(result)).toEqual(['ms', 'records', 'maxRssBytes', 'cpuMs']);
      expect(result.records).toBe(2003);
      expect(result.ms).toBeGreaterThanOrEqual(0);
      expect(result.maxRssBytes).toBeGreaterThan(1024 * 1024);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
