import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/make-examples.mjs');
const EXAMPLES = join(ROOT, 'examples');
/** `<account>_CloudTrail_<region>_<yyyymmdd>T<hhmm>Z_<16 alphanumerics>.json.gz`, the S3 delivery naming. */
const FILE_NAME = /^111122223333_CloudTrail_us-east-1_(202611\d\d)T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$/;

function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(relative(dir, path));
    }
  };
  walk(dir);
  return out.sort();
}

function makeExamples(out: string): void {
  execFileSync(process.execPath, [SCRIPT, '--out', out], { stdio: 'pipe' });
}

describe('scripts/make-examples.mjs', () => {
  let tmp: string;
  let first: string;
  let second: string;

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'leastpriv-examples-'));
    first = join(tmp, 'a');
    second = join(tmp, 'b');
    makeExamples(first);
    makeExamples(second);
  });

  afterAll(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it('writes byte-identical files when run twice', () => {
    // Given two runs into different directories
    // Then they hold the same file names with the same bytes (gzip included: fixed mtime and OS byte)
    const names = listFiles(first);
    expect(listFiles(second)).toEqual(names);
    for (const name of names) {
      expect(readFileSync(join(second, name)).equals(readFileSync(join(first, name))), name).toBe(true);
    }
  });

  it('writes CloudTrail files in the S3 delivery layout, a few dozen of them, a few thousand records', () => {
    const logs = listFiles(first).filter((name) => name.startsWith('cloudtrail/'));
    let records = 0;
    for (const name of logs) {
      const parts = name.split('/');
      // cloudtrail/AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<file>
      expect(parts.slice(0, 5), name).toEqual([
        'cloudtrail',
        'AWSLogs',
        '111122223333',
        'CloudTrail',
        'us-east-1',
      ]);
      const file = parts[8]!;
      const match = FILE_NAME.exec(file);
      expect(match, name).not.toBeNull();
      expect(match![1], name).toBe(parts.slice(5, 8).join(''));
      const doc = JSON.parse(gunzipSync(readFileSync(join(first, name))).toString('utf8'));
      expect(Object.keys(doc), name).toEqual(['Records']);
      expect(Array.isArray(doc.Records), name).toBe(true);
      records += doc.Records.length;
    }
    expect(logs.length).toBeGreaterThanOrEqual(24);
    expect(records).toBeGreaterThanOrEqual(1500);
  });

  it('keeps examples/ commit-sized (under ~300 KB)', () => {
    const bytes = listFiles(first).reduce((sum, name) => sum + statSync(join(first, name)).size, 0);
    expect(bytes).toBeLessThan(300 * 1024);
  });

  it('matches the committed examples/ (regenerate with `node scripts/make-examples.mjs`, never edit by hand)', () => {
    // Given the committed folder and a fresh run
    // Then the same files exist, with the same content. Gzip files are compared decompressed: another
    // zlib build (another OS or Node version) may compress the same bytes differently.
    const names = listFiles(first);
    expect(listFiles(EXAMPLES)).toEqual(names);
    for (const name of names) {
      const fresh = readFileSync(join(first, name));
      const committed = readFileSync(join(EXAMPLES, name));
      if (name.endsWith('.gz')) {
        expect(gunzipSync(committed).equals(gunzipSync(fresh)), name).toBe(true);
      } else {
        expect(committed.toString('utf8'), name).toBe(fresh.toString('utf8'));
      }
    }
  });
});
