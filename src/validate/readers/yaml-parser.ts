/**
 * YAML into the located tree, through the `yaml` package's Document API (offsets of every node and key).
 * CloudFormation's short-form tags become their long form with the tag's position as the key's:
 * `!Sub 'x'` -> `{ "Fn::Sub": "x" }`, `!GetAtt R.Arn` -> `{ "Fn::GetAtt": "R.Arn" }`, `!Ref X` -> `{ "Ref": "X" }`,
 * `!Condition C` -> `{ "Condition": "C" }`. Aliases and `<<` merge keys are expanded.
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Node,
  parseDocument,
  type Tags,
  type YAMLMap,
  type YAMLSeq,
} from 'yaml';
import type { Entry, SourceNode, Span } from './source-node.js';

/** Short-form tags and the long-form key each one stands for. */
const CFN_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!And': 'Fn::And',
  '!Equals': 'Fn::Equals',
  '!If': 'Fn::If',
  '!Not': 'Fn::Not',
  '!Or': 'Fn::Or',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

export interface YamlProblem {
  offset: number;
  end?: number;
  message: string;
  kind: 'error' | 'duplicate-key' | 'unknown-tag';
}

export interface YamlParseResult {
  node?: SourceNode;
  problems: YamlProblem[];
}

const MAX_ALIAS_DEPTH = 64;

/**
 * The tags declared to the yaml package, each for scalars, sequences and maps, so it keeps them on the nodes
 * without building a warning for each (which is most of the parse time of a large template).
 */
const TAGS: Tags = Object.keys(CFN_TAGS).flatMap(
  (tag): Tags => [
    { tag, resolve: (value: string) => value },
    { tag, collection: 'seq', resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => value },
    { tag, collection: 'map', resolve: (value: YAMLMap.Parsed | YAMLSeq.Parsed) => value },
  ],
);

export function parseYaml(text: string): YamlParseResult {
  const problems: YamlProblem[] = [];
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, {
      uniqueKeys: false,
      merge: true,
      prettyErrors: false,
      strict: false,
      customTags: TAGS,
    });
  } catch (e) {
    // The yaml package reports problems in doc.errors; a throw here would be a bug in it, but the file is still
    // only one file: say so and go on with the others.
    return {
      problems: [{ offset: 0, message: `YAML parser failed: ${(e as Error).message}`, kind: 'error' }],
    };
  }
  for (const err of doc.errors) {
    problems.push({ offset: err.pos[0], end: err.pos[1], message: firstLine(err.message), kind: 'error' });
  }
  if (doc.contents === null) return { problems };

  const tagStart = (tag: string, valueStart: number): number => {
    const at = text.lastIndexOf(tag, valueStart);
    return at >= 0 ? at : valueStart;
  };

  const convert = (n: Node | null | undefined, fallback: Span, depth: number): SourceNode => {
    if (n === null || n === undefined)
      return { kind: 'scalar', value: null, start: fallback.end, end: fallback.end };
    if (isAlias(n)) {
      const target = depth < MAX_ALIAS_DEPTH ? n.resolve(doc) : undefined;
      if (!target) {
        problems.push({
          offset: n.range?.[0] ?? 0,
          message: `Alias *${n.source} does not name an anchor`,
          kind: 'error',
        });
        return { kind: 'scalar', value: null, start: n.range?.[0] ?? 0, end: n.range?.[1] ?? 0 };
      }
      return convert(target as Node, fallback, depth + 1);
    }
    const start = n.range?.[0] ?? fallback.start;
    const end = n.range?.[1] ?? fallback.end;
    const plain = convertUntagged(n, { start, end }, depth);
    const tag = n.tag;
    if (tag === undefined || !tag.startsWith('!') || tag.startsWith('!!')) return plain;
    const long = CFN_TAGS[tag];
    if (!long) {
      problems.push({
        offset: tagStart(tag, start),
        message: `Unknown tag ${tag}: its value was read as if it had no tag`,
        kind: 'unknown-tag',
      });
      return plain;
    }
    const tStart = tagStart(tag, start);
    let value = plain;
    // `!GetAtt A.B` keeps its string form; the resolver reads both. `!Ref` with no value is an empty string.
    if (plain.kind === 'scalar' && plain.value === null) value = { ...plain, value: '' };
    return {
      kind: 'object',
      entries: [{ key: long, keySpan: { start: tStart, end: tStart + tag.length }, value }],
      start: tStart,
      end,
      fromTag: true,
    };
  };

  const convertUntagged = (n: Node, span: Span, depth: number): SourceNode => {
    if (isScalar(n)) {
      let value = n.value;
      if (
        typeof value === 'number' &&
        n.source !== undefined &&
        n.type === 'PLAIN' &&
        String(value) !== n.source
      ) {
        // `012345678901` (an account id) or `1.10` would lose digits as a number: keep what was written.
        value = n.source;
      } else if (typeof value === 'bigint') value = n.source ?? String(value);
      else if (value instanceof Date) value = n.source ?? value.toISOString();
      else if (value !== null && typeof value === 'object') value = String(value);
      const node: SourceNode = {
        kind: 'scalar',
        value: value as string | number | boolean | null,
        start: span.start,
        end: span.end,
      };
      if (typeof value === 'string') {
        const inner = innerMapper(text, n.type, span.start, value);
        if (inner) node.inner = inner;
      }
      return node;
    }
    if (isSeq(n)) {
      return {
        kind: 'array',
        items: n.items.map((item) => convert(item as Node, span, depth)),
        start: span.start,
        end: span.end,
      };
    }
    if (isMap(n)) {
      const merged: Entry[] = [];
      const own: Entry[] = [];
      const seen = new Set<string>();
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keySpan = { start: keyNode?.range?.[0] ?? span.start, end: keyNode?.range?.[1] ?? span.start };
        // With merge keys on, the yaml package reads a plain `<<` key as a symbol.
        const isMerge =
          isScalar(keyNode) &&
          keyNode.type === 'PLAIN' &&
          (typeof keyNode.value === 'symbol' || keyNode.value === '<<');
        const key = isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
        if (isMerge) {
          const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
          for (const src of sources) {
            const m = convert(src as Node, span, depth + 1);
            if (m.kind === 'object') merged.push(...m.entries);
          }
          continue;
        }
        if (seen.has(key)) {
          problems.push({
            offset: keySpan.start,
            end: keySpan.end,
            message: `Duplicate key '${key}': only the last one is used`,
            kind: 'duplicate-key',
          });
        }
        seen.add(key);
        own.push({ key, keySpan, value: convert(pair.value as Node | null, keySpan, depth) });
      }
      return {
        kind: 'object',
        entries: merged.length ? [...merged, ...own] : own,
        start: span.start,
        end: span.end,
      };
    }
    return { kind: 'scalar', value: null, start: span.start, end: span.end };
  };

  const node = convert(doc.contents as Node, { start: 0, end: 0 }, 0);
  return { node, problems };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * How an index inside a YAML string maps to the file. Exact for one-line plain and quoted scalars without
 * escapes and for literal blocks (`|`, line by line); other forms map to the start of the scalar.
 */
function innerMapper(
  text: string,
  type: string | undefined,
  start: number,
  value: string,
): ((index: number) => number) | undefined {
  switch (type) {
    case 'PLAIN':
      if (value.includes('\n')) return undefined;
      return (index) => start + index;
    case 'QUOTE_SINGLE':
    case 'QUOTE_DOUBLE': {
      const raw = text.slice(start + 1, start + 1 + value.length);
      if (raw !== value) return undefined;
      return (index) => start + 1 + index;
    }
    case 'BLOCK_LITERAL': {
      // The header line (`|`, `|-`, `|2`) ends at the first line break; each content line is indented.
      const headerEnd = text.indexOf('\n', start);
      if (headerEnd < 0) return undefined;
      const lines = value.split('\n');
      const lineStarts: number[] = [];
      let pos = headerEnd + 1;
      for (const line of lines) {
        if (pos > text.length) break;
        const eol = text.indexOf('\n', pos);
        const rawLine = text.slice(pos, eol < 0 ? text.length : eol);
        const indent = line.length > 0 ? rawLine.length - line.length : rawLine.length;
        lineStarts.push(pos + Math.max(0, indent));
        pos = eol < 0 ? text.length + 1 : eol + 1;
      }
      return (index) => {
        let rest = index;
        for (let l = 0; l < lines.length; l++) {
          const len = lines[l]!.length;
          if (rest <= len) return (lineStarts[l] ?? start) + rest;
          rest -= len + 1;
        }
        return start;
      };
    }
    default:
      return undefined;
  }
}
