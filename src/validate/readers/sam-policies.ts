/**
 * The `Policies` property of a SAM function or state machine: one entry or a list, each an inline policy
 * document, a SAM policy template (`DynamoDBCrudPolicy: {TableName: !Ref Table}`), or a managed policy name or
 * ARN (no document to check). SAM makes one policy per entry, so each is read as its own policy.
 */
import { type SamPolicyTemplate, samPolicyTemplates } from './data-tables.js';
import { intrinsicName, NO_VALUE, placeholder, type Resolver } from './intrinsics.js';
import type { DiagnosticSink } from './located-policy.js';
import { wrapStatements } from './policy-document.js';
import { fromPlain, get, type SourceNode, type Span } from './source-node.js';

export interface SamPolicyEntry {
  /** Steps under Policies: `[0]`, or `[]` when Policies is one entry. */
  steps: number[];
  document: SourceNode;
}

export function samPolicyEntries(
  policies: SourceNode,
  resolver: Resolver,
  sink: DiagnosticSink,
  logicalPath: string,
): SamPolicyEntry[] {
  const out: SamPolicyEntry[] = [];
  const list =
    policies.kind === 'array' ? policies.items.map((n, i) => [n, [i]] as const) : [[policies, []] as const];
  for (const [entry, steps] of list) {
    const where = steps.length ? `${logicalPath}/${steps[0]}` : logicalPath;
    if (entry.kind === 'scalar') {
      if (entry.unresolved !== undefined) sink.addUnresolved(entry, where);
      // A managed policy name (AWSLambdaExecute) or ARN: attached, not written here.
      continue;
    }
    if (entry.kind === 'array') {
      sink.add({
        code: 'invalid-policy-document',
        severity: 'error',
        message: 'Expected a policy document, a policy template or a managed policy name, found a list',
        logicalPath: where,
        at: entry,
      });
      continue;
    }
    if (get(entry, 'Statement')) {
      out.push({ steps: [...steps], document: entry });
      continue;
    }
    if (entry.entries.length !== 1) {
      sink.add({
        code: 'invalid-policy-document',
        severity: 'error',
        message: `Expected a policy document (with Statement) or one SAM policy template, found an object with ${entry.entries
          .map((e) => e.key)
          .join(', ')}`,
        logicalPath: where,
        at: entry,
      });
      continue;
    }
    const { key, keySpan, value } = entry.entries[0]!;
    const template = samPolicyTemplates().get(key);
    if (!template) {
      sink.add({
        code: 'unknown-sam-policy-template',
        severity: 'error',
        message: `${key} is not a SAM policy template (data/sam-policy-templates.json)`,
        logicalPath: where,
        at: keySpan,
      });
      continue;
    }
    const statements = expandTemplate(template, value, entry, resolver);
    out.push({ steps: [...steps], document: wrapStatements(statements, entry) });
  }
  return out;
}

/**
 * The template's statements with each `{"Ref": Parameter}` replaced by the value given for it (already
 * resolved, keeping its own place), then resolved: the template's own Fn::Sub and pseudo parameters.
 */
function expandTemplate(
  template: SamPolicyTemplate,
  args: SourceNode,
  at: Span,
  resolver: Resolver,
): SourceNode {
  const given = new Map<string, SourceNode>();
  for (const p of template.parameters) {
    const v = get(args, p);
    if (v) given.set(p, v);
    else {
      // Reported once, where the placeholder lands in the policy.
      const message = `SAM policy template ${template.name} needs the parameter ${p}`;
      given.set(p, placeholder(`${template.name}.${p}`, message, args, 'unknown-sam-policy-template'));
    }
  }
  // A value built from a parameter (an ARN from `TableName: !Ref Orders`) is placed at the parameter, the
  // template's own values (its actions) at the entry.
  const substitute = (node: SourceNode): { node: SourceNode; from?: Span } => {
    switch (node.kind) {
      case 'scalar':
        return { node };
      case 'array': {
        const items = node.items.map(substitute);
        const from = items.find((i) => i.from)?.from;
        const out: SourceNode = { ...node, items: items.map((i) => i.node) };
        return from ? { node: out, from } : { node: out };
      }
      case 'object': {
        if (node.entries.length === 1 && node.entries[0]!.key === 'Ref') {
          const ref = node.entries[0]!.value;
          const value = given.get(ref.kind === 'scalar' ? String(ref.value) : '');
          if (value) return { node: value, from: value };
        }
        const entries = node.entries.map((e) => ({ e, r: substitute(e.value) }));
        const from = entries.find((x) => x.r.from)?.r.from;
        const out: SourceNode = { ...node, entries: entries.map(({ e, r }) => ({ ...e, value: r.node })) };
        if (from && intrinsicName(node)) {
          out.start = from.start;
          out.end = from.end;
        }
        return from ? { node: out, from } : { node: out };
      }
    }
  };
  const expanded = substitute(fromPlain(template.statements, at)).node;
  const resolved = resolver.resolve(expanded);
  return resolved === NO_VALUE ? { kind: 'array', items: [], start: at.start, end: at.end } : resolved;
}
