/**
 * Terraform plans as `terraform show -json` prints them (and state files it prints the same way): every
 * resource of `planned_values` (child modules too) that holds a policy, by data/terraform-policy-attributes.json.
 * A policy string is parsed in place, so a finding points inside the plan file.
 *
 * A policy unknown until apply (`after_unknown`) is taken from the `data.aws_iam_policy_document` the
 * configuration says it uses: its `json` when the plan has it, else a document written from its `statement`
 * blocks, where each value still unknown is a placeholder. An `aws_iam_policy_document` no resource uses is read on
 * its own, its type guessed.
 */
import type { LocatedPolicy, PolicyType } from '../types.js';
import type { ReadContext } from './cloudformation.js';
import { type PolicyPlaceEntry, terraformPolicyPlaces } from './data-tables.js';
import { placeholder, pseudoParameters } from './intrinsics.js';
import {
  type LambdaPermissionParts,
  lambdaPermissionDocument,
  type PermissionPart,
} from './lambda-permission.js';
import { makeLocatedPolicy, type PolicyPlace } from './located-policy.js';
import { policyDocumentFrom } from './policy-document.js';
import { guessPolicyType } from './policy-file.js';
import {
  type Entry,
  get,
  getEntry,
  type ObjectNode,
  type ScalarNode,
  type SourceNode,
  type Span,
  stringValue,
  toPlain,
} from './source-node.js';

export interface PlanResource {
  address: string;
  mode: string;
  type: string;
  values?: SourceNode;
  node: SourceNode;
}

/** `module.a["x"].aws_iam_policy.p[0]` -> `module.a.aws_iam_policy.p`: how the configuration names it. */
function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

function collectResources(module: SourceNode | undefined, out: PlanResource[]): void {
  const resources = get(module, 'resources');
  if (resources?.kind === 'array') {
    for (const r of resources.items) {
      const address = stringValue(get(r, 'address'));
      const type = stringValue(get(r, 'type'));
      if (!address || !type) continue;
      const pr: PlanResource = { address, type, mode: stringValue(get(r, 'mode')) ?? 'managed', node: r };
      const values = get(r, 'values');
      if (values) pr.values = values;
      out.push(pr);
    }
  }
  const children = get(module, 'child_modules');
  if (children?.kind === 'array') for (const c of children.items) collectResources(c, out);
}

/** Configuration expressions by configuration address, module calls followed. */
function collectExpressions(
  module: SourceNode | undefined,
  prefix: string,
  out: Map<string, { expressions: SourceNode; prefix: string }>,
): void {
  const resources = get(module, 'resources');
  if (resources?.kind === 'array') {
    for (const r of resources.items) {
      const address = stringValue(get(r, 'address'));
      const expressions = get(r, 'expressions');
      if (address && expressions) out.set(`${prefix}${address}`, { expressions, prefix });
    }
  }
  const calls = get(module, 'module_calls');
  if (calls?.kind === 'object') {
    for (const c of calls.entries)
      collectExpressions(get(c.value, 'module'), `${prefix}module.${c.key}.`, out);
  }
}

/** The nodes at `steps` under `node`, `*` for every element of a list. */
function walk(
  node: SourceNode | undefined,
  steps: string[],
  at: (string | number)[] = [],
): { steps: (string | number)[]; node: SourceNode | undefined }[] {
  if (steps.length === 0) return [{ steps: at, node }];
  const [step, ...rest] = steps as [string, ...string[]];
  if (step === '*') {
    if (node?.kind !== 'array') return [];
    return node.items.flatMap((item, i) => walk(item, rest, [...at, i]));
  }
  return walk(get(node, step), rest, [...at, step]);
}

function isTrue(node: SourceNode | undefined): boolean {
  return node?.kind === 'scalar' && node.value === true;
}

/** Is the value at `steps` unknown until apply, by `after_unknown`? */
function unknownAt(afterUnknown: SourceNode | undefined, steps: (string | number)[]): boolean {
  let cur = afterUnknown;
  for (const s of steps) {
    if (isTrue(cur)) return true;
    cur = typeof s === 'number' ? (cur?.kind === 'array' ? cur.items[s] : undefined) : get(cur, s);
  }
  return isTrue(cur);
}

/** The AWS provider's region when the configuration gives it as a constant (for ARNs the reader writes). */
function providerRegion(root: SourceNode): string | undefined {
  const region = getPathOf(root, [
    'configuration',
    'provider_config',
    'aws',
    'expressions',
    'region',
    'constant_value',
  ]);
  return stringValue(region);
}

export function readTerraformPlan(root: SourceNode, planCtx: ReadContext): LocatedPolicy[] {
  const region = planCtx.options.region ?? providerRegion(root);
  const ctx: ReadContext = region ? { ...planCtx, options: { ...planCtx.options, region } } : planCtx;
  const planned: PlanResource[] = [];
  collectResources(
    getPathOf(root, ['planned_values', 'root_module']) ?? getPathOf(root, ['values', 'root_module']),
    planned,
  );
  const prior: PlanResource[] = [];
  collectResources(getPathOf(root, ['prior_state', 'values', 'root_module']), prior);

  const afterUnknown = new Map<string, SourceNode>();
  const changes = get(root, 'resource_changes');
  if (changes?.kind === 'array') {
    for (const c of changes.items) {
      const address = stringValue(get(c, 'address'));
      const au = get(get(c, 'change'), 'after_unknown');
      if (address && au) afterUnknown.set(address, au);
    }
  }
  const expressions = new Map<string, { expressions: SourceNode; prefix: string }>();
  collectExpressions(getPathOf(root, ['configuration', 'root_module']), '', expressions);

  // Data sources by address; a resolved `json` (prior state) wins over a pending read (planned values).
  const documents = new Map<string, PlanResource[]>();
  for (const r of [...prior, ...planned]) {
    if (r.mode !== 'data' || r.type !== 'aws_iam_policy_document') continue;
    const key = configAddress(r.address);
    documents.set(key, [...(documents.get(key) ?? []), r]);
  }
  const used = new Set<string>();
  const usedJson = new Set<string>();

  const places = terraformPolicyPlaces();
  const policies: LocatedPolicy[] = [];
  const emit = (
    r: PlanResource,
    logicalPath: string,
    document: SourceNode,
    policyType: PolicyType,
    resourceType?: string,
  ) => {
    ctx.sink.addUnresolved(document, logicalPath);
    const place: PolicyPlace = {
      file: ctx.file,
      lines: ctx.lines,
      logicalPath,
      resourceName: r.address,
      policyType,
    };
    if (resourceType) place.resourceType = resourceType;
    policies.push(makeLocatedPolicy(place, document));
  };

  for (const r of planned) {
    if (r.mode !== 'managed') continue;
    const entries = places.get(r.type);
    if (!entries) continue;
    for (const place of entries) {
      let policyType = place.policyType;
      if (place.policyTypeFrom) {
        const t = stringValue(get(r.values, place.policyTypeFrom)) ?? 'SERVICE_CONTROL_POLICY';
        if (t !== 'SERVICE_CONTROL_POLICY' && t !== 'RESOURCE_CONTROL_POLICY') continue;
        policyType = t;
      }
      if (place.synthesize === 'lambda-permission') {
        if (r.values) emit(r, r.address, lambdaPermission(r, r.values, ctx), policyType, place.resourceType);
        continue;
      }
      for (const found of walk(r.values, place.path)) {
        const logicalPath = [r.address, ...found.steps].join('/');
        const value = found.node;
        if (value && !(value.kind === 'scalar' && (value.value === null || value.value === ''))) {
          if (value.kind === 'scalar' && typeof value.value === 'string') usedJson.add(value.value);
          const document = policyDocumentFrom(value, ctx.sink, logicalPath, undefined);
          if (document) emit(r, logicalPath, document, policyType, place.resourceType);
          continue;
        }
        if (!unknownAt(afterUnknown.get(r.address), found.steps)) continue;
        const fromData = documentFromData(
          r,
          found.steps,
          place,
          expressions,
          documents,
          used,
          ctx,
          logicalPath,
        );
        if (fromData) emit(r, logicalPath, fromData, policyType, place.resourceType);
      }
    }
  }

  // Policy documents no resource of the plan uses: read on their own, their type guessed.
  const seen = new Set<string>();
  for (const [address, list] of documents) {
    if (used.has(address) || seen.has(address)) continue;
    seen.add(address);
    for (const r of list) {
      const json = get(r.values, 'json');
      if (json?.kind === 'scalar' && typeof json.value === 'string' && usedJson.has(json.value)) continue;
      const logicalPath = `${r.address}/json`;
      const document = dataDocument(r, ctx, logicalPath);
      if (!document) continue;
      const g = guessPolicyType(toPlain(document));
      emit(r, logicalPath, document, g.policyType, g.resourceType);
      break;
    }
  }
  return policies;
}

function getPathOf(node: SourceNode | undefined, steps: string[]): SourceNode | undefined {
  let cur = node;
  for (const s of steps) cur = get(cur, s);
  return cur;
}

/** The document of the aws_iam_policy_document the configuration names for this attribute. */
function documentFromData(
  r: PlanResource,
  steps: (string | number)[],
  place: PolicyPlaceEntry,
  expressions: Map<string, { expressions: SourceNode; prefix: string }>,
  documents: Map<string, PlanResource[]>,
  used: Set<string>,
  ctx: ReadContext,
  logicalPath: string,
): SourceNode | undefined {
  const config = expressions.get(configAddress(r.address));
  const exprSteps = steps.map((s) => (typeof s === 'number' ? '*' : s));
  // Blocks (inline_policy) are lists in both values and expressions; follow the same element.
  const nodes = walk(config?.expressions, exprSteps.map(String)).filter((n) => n.node !== undefined);
  const expression = (nodes.find((n) => n.steps.every((s, i) => s === steps[i])) ?? nodes[0])?.node;
  // Not set in the configuration: a computed attribute (aws_s3_bucket.policy...), nothing to check.
  if (!config || !expression) return undefined;
  const refs = get(expression, 'references');
  const references =
    refs?.kind === 'array' ? refs.items.map((i) => `${config.prefix}${stringValue(i) ?? ''}`) : [];
  const target = references
    .map((ref) => /^(.*data\.aws_iam_policy_document\.[^.[\]]+)/.exec(ref)?.[1])
    .find((ref): ref is string => ref !== undefined && documents.has(ref));
  if (!target) {
    ctx.sink.add({
      code: 'unresolved-value',
      severity: 'warning',
      message: `${place.path.join('.')} of ${r.address} is known only after apply: this policy is not checked`,
      logicalPath,
      at: r.node,
    });
    return undefined;
  }
  used.add(target);
  const list = documents.get(target)!;
  const index = /(\[[^\]]*\])$/.exec(r.address)?.[1];
  const data = (index && list.find((d) => d.address.endsWith(index))) || list[0]!;
  return dataDocument(data, ctx, logicalPath);
}

/** An aws_iam_policy_document's policy: its `json` when known, else written from its statement blocks. */
function dataDocument(r: PlanResource, ctx: ReadContext, logicalPath: string): SourceNode | undefined {
  const json = get(r.values, 'json');
  if (json?.kind === 'scalar' && typeof json.value === 'string' && json.value !== '') {
    return policyDocumentFrom(json, ctx.sink, logicalPath, undefined);
  }
  const statements = get(r.values, 'statement');
  if (statements?.kind !== 'array') {
    ctx.sink.add({
      code: 'unresolved-value',
      severity: 'warning',
      message: `${r.address} is known only after apply and has no statement blocks in the plan: this policy is not checked`,
      logicalPath,
      at: r.node,
    });
    return undefined;
  }
  const merged = [
    'source_policy_documents',
    'override_policy_documents',
    'source_json',
    'override_json',
  ].filter((k) => {
    const v = get(r.values, k);
    return (
      v !== undefined &&
      !(v.kind === 'scalar' && v.value === null) &&
      !(v.kind === 'array' && v.items.length === 0)
    );
  });
  if (merged.length) {
    ctx.sink.add({
      code: 'unresolved-value',
      severity: 'warning',
      message: `${r.address} merges ${merged.join(', ')}, which are not read while its json is unknown: only its own statements are checked`,
      logicalPath,
      at: r.node,
    });
  }
  return documentFromStatements(r, statements);
}

const UNKNOWN = 'known only after apply: this value is not checked';

function scalarOrUnknown(node: SourceNode, what: string): SourceNode {
  if (node.kind === 'scalar' && node.value === null)
    return placeholder(`${what} (after apply)`, `${what} is ${UNKNOWN}`, node);
  return node;
}

/** A list attribute (`actions`), each unknown element (null in the plan) a placeholder. */
function listOf(node: SourceNode | undefined, what: string): SourceNode | undefined {
  if (node?.kind !== 'array') return undefined;
  return { ...node, items: node.items.map((i) => scalarOrUnknown(i, what)) };
}

export function documentFromStatements(
  r: PlanResource,
  statements: SourceNode & { kind: 'array' },
): SourceNode {
  const at: Span = r.values ?? r.node;
  const entry = (key: string, value: SourceNode, keySpan: Span): Entry => ({ key, keySpan, value });
  const str = (value: string, span: Span): ScalarNode => ({
    kind: 'scalar',
    value,
    start: span.start,
    end: span.end,
  });
  const items: SourceNode[] = statements.items.map((s) => {
    const out: Entry[] = [];
    const put = (key: string, attr: string, list: boolean) => {
      const e = getEntry(s, attr);
      if (!e || (e.value.kind === 'scalar' && e.value.value === null)) return;
      const value = list ? listOf(e.value, `${r.address} ${attr}`) : e.value;
      if (value) out.push(entry(key, value, e.keySpan));
    };
    put('Sid', 'sid', false);
    const effect = getEntry(s, 'effect');
    out.push(
      effect && !(effect.value.kind === 'scalar' && effect.value.value === null)
        ? entry('Effect', effect.value, effect.keySpan)
        : entry('Effect', str('Allow', s), s),
    );
    for (const [key, attr] of [
      ['Principal', 'principals'],
      ['NotPrincipal', 'not_principals'],
    ] as const) {
      const blocks = getEntry(s, attr);
      if (blocks?.value.kind !== 'array' || blocks.value.items.length === 0) continue;
      const byType = new Map<string, { span: Span; ids: SourceNode[] }>();
      for (const b of blocks.value.items) {
        const type = stringValue(get(b, 'type')) ?? 'AWS';
        const ids = listOf(get(b, 'identifiers'), `${r.address} ${attr}`);
        const slot = byType.get(type) ?? { span: get(b, 'type') ?? b, ids: [] };
        if (ids?.kind === 'array') slot.ids.push(...ids.items);
        byType.set(type, slot);
      }
      const star = byType.get('*');
      if (star && byType.size === 1) out.push(entry(key, str('*', star.span), blocks.keySpan));
      else {
        const principal: ObjectNode = {
          kind: 'object',
          entries: [...byType].map(([type, { span, ids }]) =>
            entry(type, { kind: 'array', items: ids, start: span.start, end: span.end }, span),
          ),
          start: blocks.value.start,
          end: blocks.value.end,
        };
        out.push(entry(key, principal, blocks.keySpan));
      }
    }
    put('Action', 'actions', true);
    put('NotAction', 'not_actions', true);
    put('Resource', 'resources', true);
    put('NotResource', 'not_resources', true);
    const conditions = getEntry(s, 'condition');
    if (conditions?.value.kind === 'array' && conditions.value.items.length > 0) {
      const byTest = new Map<string, { span: Span; keys: Entry[] }>();
      for (const c of conditions.value.items) {
        const test = stringValue(get(c, 'test')) ?? 'StringEquals';
        const variable = getEntry(c, 'variable');
        const values = listOf(get(c, 'values'), `${r.address} condition`);
        if (!variable || !values) continue;
        const slot = byTest.get(test) ?? { span: get(c, 'test') ?? c, keys: [] };
        slot.keys.push(entry(stringValue(variable.value) ?? '', values, variable.value));
        byTest.set(test, slot);
      }
      const condition: ObjectNode = {
        kind: 'object',
        entries: [...byTest].map(([test, { span, keys }]) =>
          entry(test, { kind: 'object', entries: keys, start: span.start, end: span.end }, span),
        ),
        start: conditions.value.start,
        end: conditions.value.end,
      };
      out.push(entry('Condition', condition, conditions.keySpan));
    }
    return { kind: 'object', entries: out, start: s.start, end: s.end } satisfies ObjectNode;
  });
  const doc: Entry[] = [];
  const version = getEntry(r.values, 'version');
  doc.push(
    version && version.value.kind === 'scalar' && version.value.value !== null
      ? entry('Version', version.value, version.keySpan)
      : entry('Version', str('2012-10-17', at), at),
  );
  const id = getEntry(r.values, 'policy_id');
  if (id && id.value.kind === 'scalar' && id.value.value !== null)
    doc.push(entry('Id', id.value, id.keySpan));
  doc.push(
    entry('Statement', { kind: 'array', items, start: statements.start, end: statements.end }, statements),
  );
  return { kind: 'object', entries: doc, start: at.start, end: at.end };
}

export function lambdaPermission(r: PlanResource, values: SourceNode, ctx: ReadContext): SourceNode {
  const part = (key: string): PermissionPart | undefined => {
    const e = getEntry(values, key);
    if (!e || (e.value.kind === 'scalar' && (e.value.value === null || e.value.value === '')))
      return undefined;
    return { value: e.value, keySpan: e.keySpan };
  };
  const parts: LambdaPermissionParts = {
    sid: stringValue(get(values, 'statement_id')) ?? r.address,
    anchor: values,
    pseudo: pseudoParameters(ctx.options),
  };
  const fields: [keyof LambdaPermissionParts, string][] = [
    ['action', 'action'],
    ['principal', 'principal'],
    ['functionName', 'function_name'],
    ['sourceArn', 'source_arn'],
    ['sourceAccount', 'source_account'],
    ['principalOrgId', 'principal_org_id'],
    ['functionUrlAuthType', 'function_url_auth_type'],
  ];
  for (const [field, key] of fields) {
    const p = part(key);
    if (p) (parts as unknown as Record<string, PermissionPart>)[field] = p;
  }
  return lambdaPermissionDocument(parts);
}
