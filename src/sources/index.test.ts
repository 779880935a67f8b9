import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../normalize/diagnostic.js';
import { readInputFile } from './index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'leastpriv-index-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function read(path: string, maxWholeFileBytes?: number) {
  const diagnostics: Diagnostic[] = [];
  let records = 0;
  const stats = await readInputFile(
    path,
    { record: () => records++, diagnostic: (d) => diagnostics.push(d) },
    maxWholeFileBytes === undefined ? {} : { maxWholeFileBytes },
  );
  return { records, diagnostics, stats };
}

describe('readInputFile on what is not a log file', () => {
  it('reports a missing file as unreadable instead of throwing', async () => {
    // Given a path that does not exist
    const path = join(dir, 'gone.json');
    // When it is read
    const { diagnostics, stats } = await read(path);
    // Then one unreadable error names it
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'unreadable', severity: 'error', file: path }),
    ]);
    expect(stats).toMatchObject({ skipped: true, records: 0 });
  });

  it('reports a directory passed as a file as unreadable', async () => {
    // Given a directory
    // When it is read as a file
    const { diagnostics } = await read(dir);
    // Then it is unreadable, with the reason
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'unreadable', message: 'cannot read: is a directory' }),
    ]);
  });

  it('names a zip archive and says to unzip it', async () => {
    // Given a zip archive (its local file header)
    const path = join(dir, 'logs.zip');
    await writeFile(path, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]));
    // When it is read
    const { diagnostics, stats } = await read(path);
    // Then one not-cloudtrail notice says what to do
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'not-cloudtrail', severity: 'notice', malformed: false }),
    ]);
    expect(diagnostics[0]?.message).toContain('unzip it first');
    expect(stats.skipped).toBe(true);
  });

  it('skips binary data and plain text with a notice that says what they look like', async () => {
    // Given a binary file and a README
    const binary = join(dir, 'blob.bin');
    const text = join(dir, 'README.md');
    await writeFile(binary, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]));
    await writeFile(text, '# Example trail\n\nSome notes.\n');
    // When they are read
    const a = await read(binary);
    const b = await read(text);
    // Then each is one notice, and nothing counts as malformed
    expect(a.diagnostics[0]).toMatchObject({ code: 'not-cloudtrail', malformed: false });
    expect(a.diagnostics[0]?.message).toContain('binary data');
    expect(b.diagnostics[0]).toMatchObject({ code: 'not-cloudtrail', malformed: false });
    expect(b.diagnostics[0]?.message).toContain('"# Example trail"');
    expect(a.stats.malformed + b.stats.malformed).toBe(0);
  });

  it('reports gzip too damaged to read anything as one malformed error, small or large', async () => {
    // Given a gzip header followed by garbage
    const path = join(dir, 'broken.json.gz');
    await writeFile(
      path,
      Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff, 0xfe, 0xfd]),
    );
    for (const maxWholeFileBytes of [undefined, 4]) {
      // When it is read whole, or streamed
      const { diagnostics, stats } = await read(path, maxWholeFileBytes);
      // Then it is an error, since it may well be a trail file
      expect(diagnostics).toEqual([
        expect.objectContaining({ code: 'truncated-gzip', severity: 'error', malformed: true }),
      ]);
      expect(stats).toMatchObject({ malformed: 1, skipped: false, gzip: true });
    }
  });
});

describe('readInputFile with CloudTrail and trace sources side by side', () => {
  it('still reads CloudTrail as CloudTrail when its values mention trace keys, and traces as traces', async () => {
    // Given a CloudTrail record whose parameters carry X-Ray and OTLP words, and an X-Ray segment document
    const trail = join(dir, 'trail-with-trace-words.json');
    await writeFile(
      trail,
      JSON.stringify({
        Records: [
          {
            eventTime: '2026-11-02T10:00:00Z',
            eventSource: 'xray.amazonaws.com',
            eventName: 'BatchGetTraces',
            userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice' },
            requestParameters: {
              traceIds: ['1-6ae85f20-000000000000000000000000'],
              note: '"trace_id" "Segments" "resourceSpans"',
            },
          },
        ],
      }),
    );
    const segment = join(dir, 'segment.json');
    await writeFile(
      segment,
      JSON.stringify({
        id: 'a',
        trace_id: '1-6ae85f20-000000000000000000000000',
        name: 'x',
        start_time: 1,
        end_time: 2,
      }),
    );
    // When both are read
    const a = await read(trail);
    const b = await read(segment);
    // Then each goes to its own source
    expect(a.stats).toMatchObject({ format: 'cloudtrail-records', records: 1 });
    expect(b.stats).toMatchObject({ format: 'xray-segments', records: 0, skipped: false });
  });
});
