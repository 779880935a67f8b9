/**
 * runFiles on real worker threads. Under vitest the TypeScript sources have no compiled worker, so
 * src/pipeline/run-files.test.ts reads in-process; this imports the build (npm test builds first), whose
 * runFiles starts workers as the CLI does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers.js';

type RunFilesModule = typeof import('../../src/pipeline/run-files.js');

let lib: RunFilesModule;
let dir: string;
const files: string[] = [];

/** One small CloudTrail file per role: a ListQueues call. */
function write(i: number): string {
  const role = `role-${i}`;
  const file = join(dir, `f${i}.json`);
  const record = {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      arn: `arn:aws:sts::111122223333:assumed-role/${role}/s`,
      accountId: '111122223333',
      sessionContext: {
        sessionIssuer: { type: 'Role', arn: `arn:aws:iam::111122223333:role/${role}`, userName: role },
      },
    },
    eventTime: '2026-11-21T10:00:00Z',
    eventSource: 'sqs.amazonaws.com',
    eventName: 'ListQueues',
    awsRegion: 'us-east-1',
    eventID: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
  };
  writeFileSync(file, JSON.stringify({ Records: [record] }));
  return file;
}

beforeAll(async () => {
  const dist = join(REPO, process.env.LEASTPRIV_DIST ?? 'dist');
  lib = (await import(pathToFileURL(join(dist, 'pipeline', 'run-files.js')).href)) as RunFilesModule;
  dir = mkdtempSync(join(tmpdir(), 'leastpriv-workers-'));
  for (let i = 0; i < 7; i++) files.push(write(i));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const principals = (partial: Awaited<ReturnType<RunFilesModule['runFiles']>>) =>
  [...partial.sessions.values()].map((s) => s.principal).sort();
const expected = () => files.map((_, i) => `arn:aws:iam::111122223333:role/role-${i}`).sort();

describe('runFiles with two worker threads', () => {
  it('reads every file of a list, with no callbacks given', async () => {
    const partial = await lib.runFiles(files, { window: {}, workers: 2 });
    expect(partial.counts.records).toBe(files.length);
    expect(principals(partial)).toEqual(expected());
  });

  it('reads an open queue as it is fed, reports every file read once, and ends when it closes', async () => {
    const queue = lib.FileQueue.open();
    const read: string[] = [];
    const results: string[] = [];
    const reading = lib.runFiles(queue, {
      window: {},
      workers: 2,
      onFile: (r) => results.push(r.stats.file),
      onRead: (batch) => read.push(...batch),
    });
    for (const file of files) {
      queue.push(file, 100);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    queue.close();
    const partial = await reading;
    expect(partial.counts.records).toBe(files.length);
    expect(principals(partial)).toEqual(expected());
    expect([...read].sort()).toEqual([...files].sort());
    expect([...results].sort()).toEqual([...files].sort());
  });
});
