/**
 * Audit of keys that hold IAM's special characters: a used S3 key `reports/*.csv` is that one key, not a
 * pattern over `reports/`. The grant that names it with IAM's escape covers it, a grant on another key does
 * not, and the replacement policy names it escaped.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { AuditResult } from '../../src/audit/index.js';
import { cli } from '../helpers.js';

const ROLE = 'arn:aws:iam::111122223333:role/uploader';
const ACTIVITY = join(import.meta.dirname, '..', 'cli', 'fixtures', 'literal-keys.json');
const GRANTED = join(import.meta.dirname, 'fixtures', 'literal-keys-granted.json');

it("judges a used key's own *, ? and ${ as characters of that key", () => {
  // Given a role granted GetObject on reports/${*}.csv (the key reports/*.csv) and PutObject on qa.txt,
  // and calls on reports/*.csv, q?.txt and tmp/${x}/a
  const run = cli(['audit', '--granted', GRANTED, '--principal', ROLE, ACTIVITY, '--json']);
  expect(run.status).toBe(0);
  const [p] = (JSON.parse(run.stdout) as AuditResult).principals;
  // Then the GetObject grant is exactly what was used: neither unused nor over-broad
  expect(p?.unused).toEqual([]);
  expect(p?.overbroad).toEqual([]);
  // And q?.txt is not granted by qa.txt (as a pattern, q?.txt would have matched it), nor is the delete
  expect(p?.notGranted.map((n) => [n.action, n.resource])).toEqual([
    ['s3:DeleteObject', 'arn:aws:s3:::media/tmp/${$}{x}/a'],
    ['s3:PutObject', 'arn:aws:s3:::media/q${?}.txt'],
  ]);
  // And the replacement keeps only the granted key, written escaped, and is proved to allow that call
  expect(p?.recommendedPolicy?.Statement).toEqual([
    expect.objectContaining({ Action: 's3:GetObject', Resource: 'arn:aws:s3:::media/reports/${*}.csv' }),
  ]);
  expect(p?.proof).toMatchObject({ contained: true, failures: [] });
});
