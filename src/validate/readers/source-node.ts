/**
 * The tree every reader works on: JSON and YAML both parse into it, intrinsics resolve into it, and a
 * LocatedPolicy's `locate()` walks it. Each node keeps the offsets of its text in the file (and, for an object,
 * of each key), so a finding on a value or on a key points at the place a person opens.
 */
import type { ReaderDiagnosticCode } from './types.js';

/** Start and end offsets (0-based, end exclusive) of a node's text in the file. */
export interface Span {
  start: number;
  end: number;
}

export interface ScalarNode extends Span {
  kind: 'scalar';
  value: string | number | boolean | null;
  /** A value the reader could not resolve (why, for a person); only this value is a placeholder. */
  unresolved?: string;
  /** The diagnostic code for `unresolved` (default `unresolved-value`). */
  unresolvedCode?: ReaderDiagnosticCode;
  /**
   * For a string scalar whose characters are exactly the characters in the file: how to map an offset inside
   * the decoded string to an offset in the file. Lets a policy embedded as a JSON string point inside itself.
   */
  inner?: (index: number) => number;
}

export interface ArrayNode extends Span {
  kind: 'array';
  items: SourceNode[];
}

export interface Entry {
  key: string;
  keySpan: Span;
  value: SourceNode;
}

export interface ObjectNode extends Span {
  kind: 'object';
  entries: Entry[];
  /** Set when the object is a YAML short-form tag (`!Sub`) turned into its long form (`Fn::Sub`). */
  fromTag?: boolean;
}

export type SourceNode = ScalarNode | ArrayNode | ObjectNode;

export function scalar(value: ScalarNode['value'], at: Span): ScalarNode {
  return { kind: 'scalar', value, start: at.start, end: at.end };
}

export function array(items: SourceNode[], at: Span): ArrayNode {
  return { kind: 'array', items, start: at.start, end: at.end };
}

export function object(entries: Entry[], at: Span): ObjectNode {
  return { kind: 'object', entries, start: at.start, end: at.end };
}

/** The value of `key` in an object node (the last one when a key is repeated, as JSON.parse does). */
export function get(node: SourceNode | undefined, key: string): SourceNode | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const e = node.entries[i]!;
    if (e.key === key) return e.value;
  }
  return undefined;
}

export function getEntry(node: SourceNode | undefined, key: string): Entry | undefined {
  if (node?.kind !== 'object') return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const e = node.entries[i]!;
    if (e.key === key) return e;
  }
  return undefined;
}

/** Follows `a/b/0/c` style steps through objects and arrays. */
export function getPath(
  node: SourceNode | undefined,
  steps: readonly (string | number)[],
): SourceNode | undefined {
  let cur = node;
  for (const step of steps) {
    if (cur === undefined) return undefined;
    if (typeof step === 'number') cur = cur.kind === 'array' ? cur.items[step] : undefined;
    else cur = get(cur, step);
  }
  return cur;
}

export function stringValue(node: SourceNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * `object[key] = value` as `JSON.parse` does it: an own, enumerable property even for `__proto__`, which an
 * assignment would take as the prototype (dropping the key and changing what the object inherits).
 */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The node as plain JSON values (what JSON.parse would have returned). */
export function toPlain(node: SourceNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'array':
      return node.items.map(toPlain);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) setOwn(out, e.key, toPlain(e.value));
      return out;
    }
  }
}

/** Builds a node tree from plain JSON values, every node placed at `at` (for synthesized values). */
export function fromPlain(value: unknown, at: Span): SourceNode {
  if (Array.isArray(value))
    return array(
      value.map((v) => fromPlain(v, at)),
      at,
    );
  if (value !== null && typeof value === 'object') {
    return object(
      Object.entries(value).map(([key, v]) => ({
        key,
        keySpan: { start: at.start, end: at.end },
        value: fromPlain(v, at),
      })),
      at,
    );
  }
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === null
  ) {
    return scalar(value, at);
  }
  return scalar(String(value), at);
}

/** Offsets to 1-based lines and columns, by binary search over the line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }
}
