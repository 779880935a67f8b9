/**
 * Reading request parameters by path, the way the data tables name them.
 *
 * A path is dot-separated keys; a key ending in `[]` walks every element of an array
 * (`targets[].roleArn`). Keys match case-insensitively, because CloudTrail (`versionId`, `tableName`)
 * and SDK-shaped sources (`VersionId`, `TableName`) spell the same field differently. Every value found
 * comes with its concrete path in the record's own spelling (`targets[1].RoleArn`), which is what
 * `resourceFrom: 'param:<path>'` carries.
 */
import type { Predicate } from './actions-tables.js';

export interface FoundValue {
  /** Concrete path: the record's own key spelling, array indices filled in. */
  path: string;
  value: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** Every value at `path` under `root` (empty when the path is absent). */
export function findValues(root: unknown, path: string): FoundValue[] {
  let current: FoundValue[] = [{ path: '', value: root }];
  for (const raw of path.split('.')) {
    const each = raw.endsWith('[]');
    const wanted = (each ? raw.slice(0, -2) : raw).toLowerCase();
    const next: FoundValue[] = [];
    for (const { path: at, value } of current) {
      if (!isObject(value)) continue;
      for (const [key, child] of Object.entries(value)) {
        if (key.toLowerCase() !== wanted) continue;
        const here = join(at, key);
        if (!each) next.push({ path: here, value: child });
        else if (Array.isArray(child)) {
          for (const [i, item] of child.entries()) next.push({ path: `${here}[${i}]`, value: item });
        }
      }
    }
    current = next;
  }
  return current;
}

/** Whether a value carries anything: not null, not blank, not an empty list or object. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.some(isPresent);
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** The scalar texts a value holds: itself, or the scalar elements of a list (`"x-amz-acl": ["private"]`). */
function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(texts);
  return [];
}

const patterns = new Map<string, RegExp>();

function pattern(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) {
    re = new RegExp(source, 'i');
    patterns.set(source, re);
  }
  return re;
}

function valuesAt(root: unknown, paths: string[]): unknown[] {
  return paths.flatMap((p) => findValues(root, p).map((f) => f.value));
}

/** Whether every test in the predicate holds for these request parameters. */
export function holds(predicate: Predicate, params: unknown): boolean {
  if (predicate.present && !valuesAt(params, predicate.present).some(isPresent)) return false;
  if (predicate.equals) {
    const want = predicate.equals.value.toLowerCase();
    if (
      !valuesAt(params, predicate.equals.paths).some((v) => texts(v).some((t) => t.toLowerCase() === want))
    ) {
      return false;
    }
  }
  if (predicate.matches) {
    const re = pattern(predicate.matches.pattern);
    if (!valuesAt(params, predicate.matches.paths).some((v) => texts(v).some((t) => re.test(t))))
      return false;
  }
  return true;
}
