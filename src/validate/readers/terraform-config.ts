/**
 * Terraform configuration in JSON syntax (`*.tf.json`): `resource.<type>.<name>.<attribute>` holding a policy
 * as a JSON string, or `${data.aws_iam_policy_document.<name>.json}`, whose `statement` blocks are read from
 * `data.aws_iam_policy_document.<name>`. Other expressions (`${jsonencode(...)}`, `${var.x}`) are evaluated by
 * Terraform: a value holding one is a placeholder; a plan (`terraform show -json`) has them resolved.
 */
import type { LocatedPolicy, PolicyType } from '../types.js';
import type { ReadContext } from './cloudformation.js';
import { terraformPolicyPlaces } from './data-tables.js';
import { makeLocatedPolicy, type PolicyPlace } from './located-policy.js';
import { policyDocumentFrom } from './policy-document.js';
import { guessPolicyType } from './policy-file.js';
import { type Entry, get, type SourceNode, stringValue, toPlain } from './source-node.js';
import { documentFromStatements, lambdaPermission, type PlanResource } from './terraform-plan.js';

const INTERPOLATION = /(^|[^$])\$\{/;
const DATA_REFERENCE = /^\$\{\s*data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\s*\}$/;

/** A block written once (`{}`) or several times (`[{}, {}]`), as a list. */
function blocks(node: SourceNode | undefined): SourceNode[] {
  if (!node) return [];
  return node.kind === 'array' ? node.items : [node];
}

/** `resource.<type>.<name>` entries, each block form accepted. */
function resourcesOf(section: SourceNode | undefined, mode: string, prefix: string): PlanResource[] {
  const out: PlanResource[] = [];
  for (const typeBlock of blocks(section)) {
    if (typeBlock.kind !== 'object') continue;
    for (const { key: type, value } of typeBlock.entries) {
      for (const namesBlock of blocks(value)) {
        if (namesBlock.kind !== 'object') continue;
        for (const { key: name, value: body } of namesBlock.entries) {
          for (const b of blocks(body))
            out.push({ address: `${prefix}${type}.${name}`, mode, type, values: b, node: b });
        }
      }
    }
  }
  return out;
}

/** The data source's blocks as lists, as a plan has them. */
function normalizeDocument(node: SourceNode): SourceNode {
  if (node.kind !== 'object') return node;
  const listed = (key: string, value: SourceNode): SourceNode => {
    if (!['statement', 'principals', 'not_principals', 'condition'].includes(key)) return value;
    const items = blocks(value).map((b) => normalizeDocument(b));
    return { kind: 'array', items, start: value.start, end: value.end };
  };
  return { ...node, entries: node.entries.map((e) => ({ ...e, value: listed(e.key, e.value) })) };
}

/** Marks strings holding a Terraform expression as placeholders; `$${` is a literal `${`. */
function markExpressions(node: SourceNode): SourceNode {
  switch (node.kind) {
    case 'scalar': {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return node;
      if (INTERPOLATION.test(node.value)) {
        return {
          ...node,
          unresolved: `${node.value} is a Terraform expression, evaluated by terraform: this value is not checked (check a plan to see it)`,
          unresolvedCode: 'unresolved-value',
        };
      }
      return { ...node, value: node.value.replace(/\$\$\{/g, '${') };
    }
    case 'array':
      return { ...node, items: node.items.map(markExpressions) };
    case 'object':
      return {
        ...node,
        entries: node.entries.map((e): Entry => ({ ...e, value: markExpressions(e.value) })),
      };
  }
}

export function readTerraformConfig(root: SourceNode, ctx: ReadContext): LocatedPolicy[] {
  const places = terraformPolicyPlaces();
  const policies: LocatedPolicy[] = [];
  const data = new Map<string, PlanResource>();
  for (const d of resourcesOf(get(root, 'data'), 'data', 'data.')) {
    if (d.type === 'aws_iam_policy_document')
      data.set(d.address.slice('data.aws_iam_policy_document.'.length), d);
  }
  const used = new Set<string>();
  const emit = (
    address: string,
    logicalPath: string,
    document: SourceNode,
    policyType: PolicyType,
    resourceType?: string,
  ) => {
    const doc = markExpressions(document);
    ctx.sink.addUnresolved(doc, logicalPath);
    const place: PolicyPlace = {
      file: ctx.file,
      lines: ctx.lines,
      logicalPath,
      resourceName: address,
      policyType,
    };
    if (resourceType) place.resourceType = resourceType;
    policies.push(makeLocatedPolicy(place, doc));
  };
  const fromData = (name: string, logicalPath: string): SourceNode | undefined => {
    const d = data.get(name);
    if (!d?.values) {
      ctx.sink.add({
        code: 'unknown-reference',
        severity: 'error',
        message: `data.aws_iam_policy_document.${name} is not defined in this file`,
        logicalPath,
      });
      return undefined;
    }
    used.add(name);
    const normalized = normalizeDocument(d.values);
    const statements = get(normalized, 'statement');
    if (statements?.kind !== 'array') return undefined;
    return documentFromStatements({ ...d, values: normalized }, statements);
  };

  for (const r of resourcesOf(get(root, 'resource'), 'managed', '')) {
    for (const place of places.get(r.type) ?? []) {
      let policyType = place.policyType;
      if (place.policyTypeFrom) {
        const t = stringValue(get(r.values, place.policyTypeFrom)) ?? 'SERVICE_CONTROL_POLICY';
        if (t !== 'SERVICE_CONTROL_POLICY' && t !== 'RESOURCE_CONTROL_POLICY') continue;
        policyType = t;
      }
      if (place.synthesize === 'lambda-permission') {
        if (r.values)
          emit(r.address, r.address, lambdaPermission(r, r.values, ctx), policyType, place.resourceType);
        continue;
      }
      // inline_policy/*/policy: blocks may be one object or a list.
      let found: { steps: (string | number)[]; node: SourceNode }[] = r.values
        ? [{ steps: [], node: r.values }]
        : [];
      for (const step of place.path) {
        found = found.flatMap(({ steps, node }) =>
          step === '*'
            ? blocks(node).map((b, i) => ({ steps: node.kind === 'array' ? [...steps, i] : steps, node: b }))
            : get(node, step)
              ? [{ steps: [...steps, step], node: get(node, step)! }]
              : [],
        );
      }
      for (const { steps, node } of found) {
        const logicalPath = [r.address, ...steps].join('/');
        const text = stringValue(node);
        const ref = text ? DATA_REFERENCE.exec(text) : null;
        let document: SourceNode | undefined;
        if (ref) document = fromData(ref[1]!, logicalPath);
        else if (text?.trimStart().startsWith('${')) {
          ctx.sink.add({
            code: 'unresolved-value',
            severity: 'warning',
            message: `${place.path.join('.')} of ${r.address} is a Terraform expression: this policy is not checked (check a plan: terraform show -json)`,
            logicalPath,
            at: node,
          });
        } else document = policyDocumentFrom(node, ctx.sink, logicalPath, undefined);
        if (document) emit(r.address, logicalPath, document, policyType, place.resourceType);
      }
    }
  }
  for (const [name, d] of data) {
    if (used.has(name)) continue;
    const logicalPath = d.address;
    const document = fromData(name, logicalPath);
    if (!document) continue;
    const g = guessPolicyType(toPlain(document));
    emit(d.address, logicalPath, document, g.policyType, g.resourceType);
  }
  return policies;
}
