import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ActivityRecord } from '../normalize/activity-record.js';
import { resolveActions } from './actions.js';
import { canonicalAction } from './service-data.js';
import { makeRecord } from './test-helpers.js';

// Real third-party CloudTrail samples live beside the repository (../shared/samples), not in it.
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const samplesDir = join(repoRoot, '..', 'shared', 'samples', 'cloudtrail');
const reviewedFile = fileURLToPath(new URL('./fixtures/actions-samples-unmapped.json', import.meta.url));
const haveSamples = existsSync(samplesDir);

interface UnmappedGroup {
  eventSource: string;
  operation: string;
  reason: string;
  count: number;
}

function files(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return files(path);
      return /\.json(\.gz)?$/.test(name) ? [path] : [];
    });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** CloudTrail events anywhere in a document: Records arrays, arrays, and EventBridge/StreamAlert wrappers. */
function events(doc: unknown): Record<string, unknown>[] {
  if (Array.isArray(doc)) return doc.flatMap(events);
  if (!isObject(doc)) return [];
  if (typeof doc.eventName === 'string') return [doc];
  return ['Records', 'data', 'detail'].flatMap((k) => events(doc[k]));
}

/** Just the fields mapping reads; the real normaliser is src/sources/cloudtrail. */
function toRecord(event: Record<string, unknown>, file: string, index: number): ActivityRecord {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const record = makeRecord({
    eventSource: str(event.eventSource) ?? '',
    operation: str(event.eventName) ?? '',
    requestParameters: isObject(event.requestParameters) ? event.requestParameters : null,
    evidenceId: str(event.eventID) ?? `${file}#${index}`,
    origin: { file, index },
  });
  const eventType = str(event.eventType);
  if (eventType === undefined) delete record.eventType;
  else record.eventType = eventType;
  return record;
}

describe.skipIf(!haveSamples)(
  'the shared CloudTrail samples (skipped when ../shared/samples is absent)',
  () => {
    it('maps every sample event to existing actions, or says it needs none, or says why it is unmapped', () => {
      // Given every event of every readable sample file
      const counts = { events: 0, actions: 0, permissionless: 0, unmapped: 0 };
      const groups = new Map<string, UnmappedGroup>();
      const unreadable: string[] = [];
      for (const path of files(samplesDir)) {
        const file = relative(samplesDir, path);
        let doc: unknown;
        try {
          const bytes = readFileSync(path);
          doc = JSON.parse((path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8'));
        } catch {
          unreadable.push(file);
          continue;
        }
        events(doc).forEach((event, index) => {
          // When each is resolved
          const record = toRecord(event, file, index);
          const result = resolveActions(record);
          counts.events++;
          counts[result.kind === 'actions' ? 'actions' : result.kind]++;
          // Then actions exist with that casing, and the other outcomes carry a reason
          if (result.kind === 'actions') {
            expect(result.calls.length).toBeGreaterThan(0);
            for (const call of result.calls) expect(canonicalAction(call.action)).toBe(call.action);
          } else {
            expect(result.reason).not.toBe('');
          }
          if (result.kind === 'unmapped') {
            const key = JSON.stringify([record.eventSource, record.operation, result.reason]);
            const group = groups.get(key) ?? {
              eventSource: record.eventSource,
              operation: record.operation,
              reason: result.reason,
              count: 0,
            };
            group.count++;
            groups.set(key, group);
          }
        });
      }
      const unmapped = [...groups.values()].sort((a, b) =>
        `${a.eventSource} ${a.operation} ${a.reason}`.localeCompare(
          `${b.eventSource} ${b.operation} ${b.reason}`,
        ),
      );
      const observed = { counts, unreadable, unmapped };
      // Set LEASTPRIV_UPDATE_REVIEWED=1 to rewrite the reviewed list, then review its diff like code.
      if (process.env.LEASTPRIV_UPDATE_REVIEWED === '1')
        writeFileSync(reviewedFile, `${JSON.stringify(observed, null, 2)}\n`);
      // And the unmapped ones are exactly the reviewed, committed list: a regression shows as a diff
      const reviewed = JSON.parse(readFileSync(reviewedFile, 'utf8')) as typeof observed;
      expect(observed).toEqual(reviewed);
    });
  },
);
