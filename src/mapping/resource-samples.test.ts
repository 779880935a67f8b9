/**
 * Every record of the shared CloudTrail samples (real shapes from a detection-rule library's tests), read by
 * the CloudTrail normaliser, resolves its resources without throwing, and every resource is `*` or fits one
 * of the action's resource-type ARN formats. Only records whose eventName is itself an action
 * (`<prefix>:<eventName>` in the service data) are taken: renamed and multi-action calls belong to the
 * actions table and its own sample test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../normalize/activity-record.js';
import { deniedErrorTable } from '../sources/cloudtrail/denied-error-codes.js';
import { normalizeCloudTrailEvent, RecordProblem } from '../sources/cloudtrail/normalize.js';
import { arnMatchesFormat } from './arn.js';
import { resolveResources } from './resources.js';
import { serviceData } from './service-data.js';

const samplePath = fileURLToPath(
  new URL(
    '../../../shared/samples/cloudtrail/panther-analysis/_derived/panther_cloudtrail_test_events.json',
    import.meta.url,
  ),
);
const present = existsSync(samplePath);

function sampleRecords(): ActivityRecord[] {
  const doc = JSON.parse(readFileSync(samplePath, 'utf8')) as { Records: unknown[] };
  const context = { table: deniedErrorTable(), warn: () => {} };
  const out: ActivityRecord[] = [];
  doc.Records.forEach((raw, index) => {
    const r = normalizeCloudTrailEvent(raw, { file: samplePath, index }, context);
    if (!(r instanceof RecordProblem)) out.push(r);
  });
  return out;
}

describe('resources of the shared CloudTrail samples', () => {
  // Skipped, saying why, where the shared samples are not checked out beside the repository.
  const reason = present ? '' : ` (skipped: ${samplePath} is absent)`;
  it.skipIf(!present)(`resolve to * or to ARNs that fit the action, and never to a silent *${reason}`, () => {
    // Given every sample record whose eventName is an action of its service
    const data = serviceData();
    let resolved = 0;
    let scoped = 0;
    for (const record of sampleRecords()) {
      const prefix = record.eventSource.split('.')[0] ?? '';
      const action = data.action(prefix, record.operation);
      if (!action) continue;
      const where = `${record.evidenceId} ${action.action}`;
      // When its resources are resolved
      const out = resolveResources(record, { action: action.action, reason: 'call' });
      resolved++;
      // Then each is * or fits one of the action's resource-type formats
      const formats = action.resourceTypes
        .map((t) => data.resourceType(action.service, t.name)?.arn)
        .filter((f): f is string => f !== undefined);
      expect(out.resources.length, where).toBeGreaterThan(0);
      for (const arn of out.resources) {
        if (arn === '*') continue;
        expect(
          formats.some((f) => arnMatchesFormat(arn, f)),
          `${where}: ${arn} fits none of ${formats.join(' | ')}`,
        ).toBe(true);
      }
      // And a * for an action that takes resources always says why
      if (action.resourceTypes.length === 0) expect(out.resources, where).toEqual(['*']);
      else if (out.resources.includes('*')) expect(out.gaps.length, where).toBeGreaterThan(0);
      else scoped++;
    }
    // The samples are not vacuous: most calls name a resource
    expect(resolved).toBeGreaterThan(150);
    expect(scoped).toBeGreaterThan(100);
  });
});
