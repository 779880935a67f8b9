/**
 * JSON text -> the value `JSON.parse` gives, plus what `JSON.parse` loses and a policy author needs: the line
 * and column of a problem, of every value and of every key (keyed by the paths of `path.ts`), and duplicate
 * keys (IAM rejects `"Effect"` twice; `JSON.parse` keeps the last one silently).
 *
 * The text is parsed once, by the strict parser `validate` reads templates with (its error messages name
 * what was found and what was expected); this walks its tree into the value and the positions.
 */
import { parseJson } from '../validate/readers/json-parser.js';
import { LineIndex, type SourceNode, setOwn } from '../validate/readers/source-node.js';
import { childPath, keyPath } from './path.js';

export interface Position {
  /** 1-based */
  line: number;
  /** 1-based, in UTF-16 code units */
  column: number;
}

export interface JsonDuplicateKey {
  /** The path of the repeated key (`Statement[0].#Effect`). */
  path: string;
  key: string;
  position: Position;
}

export type JsonReadResult =
  | {
      kind: 'ok';
      value: unknown;
      /** Position of each value by path, and of each key by its `#key` path. */
      positions: Map<string, Position>;
      duplicates: JsonDuplicateKey[];
    }
  | { kind: 'error'; message: string; position: Position };

export function readJson(text: string): JsonReadResult {
  const lines = new LineIndex(text);
  const parsed = parseJson(text);
  if (parsed.node === undefined) {
    const error = parsed.error ?? { offset: 0, message: 'not a JSON value' };
    return { kind: 'error', message: error.message, position: lines.position(error.offset) };
  }
  const positions = new Map<string, Position>();
  const duplicates: JsonDuplicateKey[] = [];
  const plainOf = (node: SourceNode, path: string): unknown => {
    positions.set(path, lines.position(node.start));
    if (node.kind === 'scalar') return node.value;
    if (node.kind === 'array') return node.items.map((item, i) => plainOf(item, childPath(path, i)));
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const { key, keySpan, value } of node.entries) {
      const kPath = keyPath(path, key);
      if (seen.has(key)) duplicates.push({ path: kPath, key, position: lines.position(keySpan.start) });
      else positions.set(kPath, lines.position(keySpan.start));
      seen.add(key);
      // The last duplicate wins, as in JSON.parse (its positions overwrite the earlier ones).
      setOwn(out, key, plainOf(value, childPath(path, key)));
    }
    return out;
  };
  return { kind: 'ok', value: plainOf(parsed.node, ''), positions, duplicates };
}
