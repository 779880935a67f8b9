/**
 * A policy value as a template holds it (an object, a JSON string, one statement, a list of statements) turned
 * into a document node, with a diagnostic naming the place when it is none of these.
 */
import { looksLikeJson, parseEmbeddedJson } from './embedded-json.js';
import { PLACEHOLDER_PREFIX } from './intrinsics.js';
import type { DiagnosticSink } from './located-policy.js';
import type { ObjectNode, ScalarNode, SourceNode, Span } from './source-node.js';

export type Wrap = 'statement' | 'statements' | undefined;

/** `{ "Version": "2012-10-17", "Statement": [...] }` around statements, every synthesized part placed at `at`. */
export function wrapStatements(statements: SourceNode, at: Span): ObjectNode {
  const list: SourceNode =
    statements.kind === 'array'
      ? statements
      : { kind: 'array', items: [statements], start: statements.start, end: statements.end };
  return {
    kind: 'object',
    entries: [
      {
        key: 'Version',
        keySpan: span(at),
        value: { kind: 'scalar', value: '2012-10-17', start: at.start, end: at.end },
      },
      { key: 'Statement', keySpan: span(at), value: list },
    ],
    start: at.start,
    end: at.end,
  };
}

function span(at: Span): Span {
  return { start: at.start, end: at.end };
}

function describe(node: SourceNode): string {
  if (node.kind === 'array') return 'a list';
  if (node.kind === 'object') return 'an object';
  if (typeof node.value === 'string') {
    const v = node.value.length > 40 ? `${node.value.slice(0, 40)}...` : node.value;
    return `the string "${v}"`;
  }
  return `${String(node.value)}`;
}

/**
 * The document in `node`, or undefined (with a diagnostic) when there is none. A placeholder (the whole document
 * is an ImportValue...) is reported once and skipped.
 */
export function policyDocumentFrom(
  node: SourceNode,
  sink: DiagnosticSink,
  logicalPath: string,
  wrap: Wrap,
): SourceNode | undefined {
  if (node.kind === 'scalar') {
    if (typeof node.value === 'string' && looksLikeJson(node.value)) {
      const parsed = parseEmbeddedJson(node);
      for (const d of parsed.duplicateKeys) {
        sink.add({
          code: 'duplicate-key',
          severity: 'warning',
          message: `Duplicate key "${d.key}" in the policy JSON: only the last one is used`,
          logicalPath,
          at: d.offset,
        });
      }
      if (parsed.error || !parsed.node) {
        sink.add({
          code: 'invalid-embedded-json',
          severity: 'error',
          message: `The policy document string is not valid JSON: ${parsed.error?.message ?? 'empty'}`,
          logicalPath,
          at: parsed.error?.offset ?? node.start,
        });
        return undefined;
      }
      // Fn::Sub may have put a placeholder inside the JSON text: only those strings are unknown.
      if (node.unresolved !== undefined) markPlaceholders(parsed.node, node.unresolved);
      return policyDocumentFrom(parsed.node, sink, logicalPath, wrap);
    }
    if (node.unresolved !== undefined) {
      sink.addUnresolved(node, logicalPath);
      return undefined;
    }
    sink.add({
      code: 'invalid-policy-document',
      severity: 'error',
      message: `Expected a policy document (an object or a JSON string), found ${describe(node)}`,
      logicalPath,
      at: node,
    });
    return undefined;
  }
  if (wrap === 'statement' || (wrap === 'statements' && (node.kind === 'array' || node.kind === 'object'))) {
    return wrapStatements(node, node);
  }
  if (node.kind === 'object') return node;
  sink.add({
    code: 'invalid-policy-document',
    severity: 'error',
    message: `Expected a policy document (an object or a JSON string), found ${describe(node)}`,
    logicalPath,
    at: node,
  });
  return undefined;
}

/**
 * A JSON string assembled by Fn::Sub with a placeholder in it parses into plain strings: mark the ones that hold
 * a placeholder, so the checks skip them too.
 */
export function markPlaceholders(node: SourceNode, message: string): void {
  switch (node.kind) {
    case 'scalar':
      if (
        typeof node.value === 'string' &&
        node.value.includes(PLACEHOLDER_PREFIX) &&
        node.unresolved === undefined
      ) {
        (node as ScalarNode).unresolved = message;
      }
      return;
    case 'array':
      for (const i of node.items) markPlaceholders(i, message);
      return;
    case 'object':
      for (const e of node.entries) markPlaceholders(e.value, message);
      return;
  }
}
