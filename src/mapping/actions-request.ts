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

interface Step {
  /** Lower-cased key. */
  wanted: string;
  /** `key[]`: walk every element. */
  each: boolean;
  /** `wanted` is ASCII, so a key of another length cannot match it. */
  ascii: boolean;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

const compiledPaths = new Map<string, Step[]>();

function compilePath(path: string): Step[] {
  let steps = compiledPaths.get(path);
  if (!steps) {
    steps = path.split('.').map((raw) => {
      const each = raw.endsWith('[]');
      const wanted = (each ? raw.slice(0, -2) : raw).toLowerCase();
      return { wanted, each, ascii: isAscii(wanted) };
    });
    if (compiledPaths.size > 10_000) compiledPaths.clear();
    compiledPaths.set(path, steps);
  }
  return steps;
}

/**
 * `key.toLowerCase() === step.wanted`, without lower-casing every key: for an ASCII `wanted`, a key of another
 * length cannot lower-case to it (no character lower-cases to several ASCII ones), and ASCII letters fold here.
 */
function keyMatches(key: string, step: Step): boolean {
  const wanted = step.wanted;
  if (!step.ascii) return key.toLowerCase() === wanted;
  if (key.length !== wanted.length) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const w = wanted.charCodeAt(i);
    if (c === w) continue;
    if (c >= 0x41 && c <= 0x5a && c + 0x20 === w) continue;
    if (c > 0x7f) return key.toLowerCase() === wanted;
    return false;
  }
  return true;
}

/** Every value at `path` under `root` (empty when the path is absent). */
export function findValues(root: unknown, path: string): FoundValue[] {
  let current: FoundValue[] = [{ path: '', value: root }];
  for (const step of compilePath(path)) {
    const next: FoundValue[] = [];
    for (const { path: at, value } of current) {
      if (!isObject(value)) continue;
      for (const key in value) {
        if (!Object.hasOwn(value, key) || !keyMatches(key, step)) continue;
        const child = value[key];
        const here = join(at, key);
        if (!step.each) next.push({ path: here, value: child });
        else if (Array.isArray(child)) {
          for (let i = 0; i < child.length; i++) next.push({ path: `${here}[${i}]`, value: child[i] });
        }
      }
    }
    current = next;
    if (current.length === 0) break;
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

/** The steps of paths that are all one plain key (`x-amz-acl`, not `a.b` nor `a[]`), else undefined. */
const topLevel = new WeakMap<string[], Step[] | null>();

function topLevelSteps(paths: string[]): Step[] | undefined {
  let steps = topLevel.get(paths);
  if (steps === undefined) {
    steps = paths.every((p) => !p.includes('.') && !p.endsWith('[]'))
      ? paths.map((p) => compilePath(p)[0] as Step)
      : null;
    topLevel.set(paths, steps);
  }
  return steps ?? undefined;
}

/** Whether some value at one of the paths passes the test (the order of the values found cannot matter). */
function anyValueAt(root: unknown, paths: string[], test: (value: unknown) => boolean): boolean {
  const steps = topLevelSteps(paths);
  if (steps) {
    // All one-key paths: one pass over the keys instead of one per path.
    if (!isObject(root)) return false;
    for (const key in root) {
      if (!Object.hasOwn(root, key)) continue;
      for (const step of steps) if (keyMatches(key, step) && test(root[key])) return true;
    }
    return false;
  }
  for (const p of paths) for (const found of findValues(root, p)) if (test(found.value)) return true;
  return false;
}

/** Whether every test in the predicate holds for these request parameters. */
export function holds(predicate: Predicate, params: unknown): boolean {
  if (predicate.present && !anyValueAt(params, predicate.present, isPresent)) return false;
  if (predicate.equals) {
    const want = predicate.equals.value.toLowerCase();
    if (!anyValueAt(params, predicate.equals.paths, (v) => texts(v).some((t) => t.toLowerCase() === want))) {
      return false;
    }
  }
  if (predicate.matches) {
    const re = pattern(predicate.matches.pattern);
    if (!anyValueAt(params, predicate.matches.paths, (v) => texts(v).some((t) => re.test(t)))) return false;
  }
  return true;
}
