/**
 * Policy documents written as JSON strings inside a template (`PolicyDocument: '{"Version": ...}'`, Terraform's
 * `policy = jsonencode(...)` as the plan shows it). Parsed with the located JSON parser, then every offset is moved
 * from the string to the file: exactly when the string's characters map one to one to the file's (see
 * `ScalarNode.inner`), else to the string itself.
 */
import { parseJson } from './json-parser.js';
import type { ScalarNode, SourceNode, Span } from './source-node.js';

export interface EmbeddedJsonResult {
  node?: SourceNode;
  /** Offset in the file, message. */
  error?: { offset: number; message: string };
  duplicateKeys: { offset: number; key: string }[];
}

/** Does this string look like a JSON document (an object or array), rather than a name or an ARN? */
export function looksLikeJson(value: string): boolean {
  const t = value.trimStart();
  // `{{resolve:ssm:...}}` and our `{{unresolved:...}}` placeholders are not JSON.
  return (t.startsWith('{') && !t.startsWith('{{')) || t.startsWith('[');
}

export function parseEmbeddedJson(str: ScalarNode): EmbeddedJsonResult {
  const text = typeof str.value === 'string' ? str.value : String(str.value);
  const parsed = parseJson(text);
  const outer = str.inner;
  const map = outer ? (o: number) => clampToSpan(outer(o), str) : () => str.start;
  const mapEnd = outer ? (o: number) => clampToSpan(outer(o), str) : () => str.end;
  const result: EmbeddedJsonResult = {
    duplicateKeys: parsed.duplicateKeys.map((d) => ({ offset: map(d.offset), key: d.key })),
  };
  if (parsed.error) {
    result.error = { offset: map(parsed.error.offset), message: parsed.error.message };
    return result;
  }
  if (parsed.node) {
    relocate(parsed.node, map, mapEnd);
    result.node = parsed.node;
  }
  return result;
}

function clampToSpan(offset: number, span: Span): number {
  return Math.min(Math.max(offset, span.start), span.end);
}

function relocate(node: SourceNode, map: (o: number) => number, mapEnd: (o: number) => number): void {
  const s = node.start;
  const e = node.end;
  node.start = map(s);
  node.end = Math.max(node.start, mapEnd(e));
  switch (node.kind) {
    case 'scalar':
      if (node.inner) {
        const own = node.inner;
        node.inner = (index) => map(own(index));
      }
      return;
    case 'array':
      for (const item of node.items) relocate(item, map, mapEnd);
      return;
    case 'object':
      for (const entry of node.entries) {
        const ks = entry.keySpan.start;
        const ke = entry.keySpan.end;
        entry.keySpan = { start: map(ks), end: Math.max(map(ks), mapEnd(ke)) };
        relocate(entry.value, map, mapEnd);
      }
      return;
  }
}
