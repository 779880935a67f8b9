/**
 * Real third-party files (../shared/samples/cloudtrail, beside the clone in CI): every one is read without a
 * throw, with the counts checked by hand in samples.expected.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../normalize/diagnostic.js';
import { listInputFiles, readInputFile } from '../index.js';

interface Expected {
  format: string;
  records: number;
  malformed: number;
  codes: string[];
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const samplesDir = fileURLToPath(
  new URL('../shared/samples/cloudtrail', new URL('../../../', import.meta.url)),
);
const present = existsSync(samplesDir);
const expected = JSON.parse(readFileSync(new URL('./samples.expected.json', import.meta.url), 'utf8'))
  .files as Record<string, Expected>;
const skipReason = `the shared samples are not at ${relative(repoRoot, samplesDir)} (CI puts them beside the clone)`;

describe('the CloudTrail samples', () => {
  it('lists exactly the files the expectations cover', async (ctx) => {
    ctx.skip(!present, skipReason);
    // Given the samples folder
    // When it is listed
    const { files, diagnostics } = await listInputFiles([samplesDir]);
    // Then every file has an expectation and every expectation a file
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => relative(samplesDir, f))).toEqual(Object.keys(expected).sort());
  });

  for (const [file, want] of Object.entries(expected)) {
    it(`reads ${file}: ${want.records} records, ${want.malformed} malformed`, async (ctx) => {
      ctx.skip(!present, skipReason);
      // Given a real file
      const diagnostics: Diagnostic[] = [];
      let records = 0;
      // When it is read (whole, then split record by record)
      for (const options of [{}, { maxWholeFileBytes: 1024 }]) {
        records = 0;
        diagnostics.length = 0;
        const stats = await readInputFile(
          `${samplesDir}/${file}`,
          { record: () => records++, diagnostic: (d) => diagnostics.push(d) },
          options,
        );
        // Then nothing throws, and format, counts and diagnostic codes are the ones checked by hand
        expect({
          format: stats.format,
          records: stats.records,
          malformed: stats.malformed,
          codes: [...new Set(diagnostics.map((d) => d.code))].sort(),
        }).toEqual(want);
        expect(records).toBe(want.records);
        expect(diagnostics.filter((d) => d.malformed)).toHaveLength(want.malformed);
      }
    });
  }
});
