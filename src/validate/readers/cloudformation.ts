/**
 * CloudFormation and SAM templates: every policy a resource holds, by data/cfn-policy-properties.json, with
 * intrinsics resolved (intrinsics.ts). A resource whose properties use Fn::If is read twice, every condition true
 * then every condition false; the second reading of a policy is kept only when it differs (variant `Fn::If:else`).
 */
import type { LocatedPolicy, PolicyType } from '../types.js';
import { cfnPolicyPlaces, type PolicyPlaceEntry } from './data-tables.js';
import {
  containsIf,
  pseudoParameters,
  Resolver,
  type ResourceInScope,
  type TemplateScope,
} from './intrinsics.js';
import {
  type LambdaPermissionParts,
  lambdaPermissionDocument,
  type PermissionPart,
} from './lambda-permission.js';
import { type DiagnosticSink, makeLocatedPolicy, type PolicyPlace, severityOf } from './located-policy.js';
import { policyDocumentFrom } from './policy-document.js';
import { samPolicyEntries } from './sam-policies.js';
import { get, getEntry, type LineIndex, type SourceNode, stringValue, toPlain } from './source-node.js';
import type { ReaderOptions } from './types.js';

export interface ReadContext {
  file: string;
  lines: LineIndex;
  sink: DiagnosticSink;
  options: ReaderOptions;
}

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

export function isSamTemplate(root: SourceNode): boolean {
  const t = get(root, 'Transform');
  const names = t?.kind === 'array' ? t.items.map(stringValue) : [stringValue(t)];
  if (names.includes(SAM_TRANSFORM)) return true;
  const resources = get(root, 'Resources');
  return (
    resources?.kind === 'object' &&
    resources.entries.some((e) => stringValue(get(e.value, 'Type'))?.startsWith('AWS::Serverless::'))
  );
}

/** What Ref, GetAtt, FindInMap and Fn::If can see in a template. */
export function templateScope(
  root: SourceNode,
  options: ReaderOptions,
  extra?: Map<string, ResourceInScope>,
  stackName?: string,
): TemplateScope {
  const parameters = new Map<string, SourceNode>();
  const params = get(root, 'Parameters');
  if (params?.kind === 'object') for (const e of params.entries) parameters.set(e.key, e.value);
  const conditions = new Set<string>();
  const conds = get(root, 'Conditions');
  if (conds?.kind === 'object') for (const e of conds.entries) conditions.add(e.key);
  const resources = new Map<string, ResourceInScope>(extra ?? []);
  const res = get(root, 'Resources');
  if (res?.kind === 'object') {
    for (const e of res.entries) {
      const type = stringValue(get(e.value, 'Type'));
      if (!type) continue;
      const r: ResourceInScope = { type };
      const props = get(e.value, 'Properties');
      if (props) r.properties = props;
      resources.set(e.key, r);
    }
    addSamImplicitResources(resources);
  }
  const scope: TemplateScope = {
    parameters,
    resources,
    conditions,
    pseudo: pseudoParameters(options, stackName),
    parameterValues: options.parameters ?? {},
  };
  const mappings = get(root, 'Mappings');
  if (mappings) scope.mappings = mappings;
  return scope;
}

/** Resources SAM adds that templates refer to: a function's `<Id>Role`, the implicit `ServerlessRestApi`. */
function addSamImplicitResources(resources: Map<string, ResourceInScope>): void {
  let sam = false;
  for (const [id, r] of [...resources]) {
    if (!r.type.startsWith('AWS::Serverless::')) continue;
    sam = true;
    if (
      (r.type === 'AWS::Serverless::Function' || r.type === 'AWS::Serverless::StateMachine') &&
      !get(r.properties, 'Role')
    ) {
      if (!resources.has(`${id}Role`)) resources.set(`${id}Role`, { type: 'AWS::IAM::Role' });
    }
  }
  if (sam) {
    if (!resources.has('ServerlessRestApi'))
      resources.set('ServerlessRestApi', { type: 'AWS::Serverless::Api' });
    if (!resources.has('ServerlessHttpApi'))
      resources.set('ServerlessHttpApi', { type: 'AWS::Serverless::HttpApi' });
  }
}

export interface Found {
  logicalPath: string;
  document: SourceNode;
  policyType: PolicyType;
  resourceType?: string;
}

/** A resolver whose problems become diagnostics at the logical path it is resolving. */
export function templateResolver(scope: TemplateScope, ctx: ReadContext): Resolver {
  const resolver: Resolver = new Resolver(scope, (p) =>
    ctx.sink.add({
      code: p.code,
      severity: severityOf(p.code),
      message: p.message,
      logicalPath: resolver.where,
      at: p.at,
    }),
  );
  return resolver;
}

/**
 * Every policy in `root.Resources`. `prefix` is prepended to logical paths (`resources/` for the CloudFormation
 * part of a serverless.yml).
 */
export function readCloudFormation(
  root: SourceNode,
  ctx: ReadContext,
  prefix = '',
  scope: TemplateScope = templateScope(root, ctx.options),
): LocatedPolicy[] {
  const policies: LocatedPolicy[] = [];
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'object') return policies;
  const resolver = templateResolver(scope, ctx);
  const places = cfnPolicyPlaces();

  for (const { key: id, value: res } of resources.entries) {
    if (id.startsWith('Fn::ForEach::')) {
      ctx.sink.add({
        code: 'invalid-intrinsic',
        severity: 'notice',
        message: `${id}: Fn::ForEach is not expanded; policies of the resources it makes are not read`,
        logicalPath: `${prefix}Resources/${id}`,
        at: res,
      });
      continue;
    }
    const type = stringValue(get(res, 'Type'));
    const entries = type ? places.get(type) : undefined;
    const props = get(res, 'Properties');
    if (!type || !entries || !props) continue;
    const base = `${prefix}Resources/${id}/Properties`;
    resolver.where = base;
    policies.push(
      ...readPolicyReadings(ctx, resolver, props, id, (resolved) =>
        entries.flatMap((place) => findPolicies(resolved, place, id, base, ctx, resolver)),
      ),
    );
  }
  return policies;
}

/**
 * Resolves `node` and reads the policies `find` sees in it, once with every Fn::If taking its first branch and,
 * when `node` holds an Fn::If, once with every Fn::If taking its else branch; a policy of the second reading is
 * kept (as variant `Fn::If:else`) only when it differs from the first reading's at the same place.
 */
export function readPolicyReadings(
  ctx: ReadContext,
  resolver: Resolver,
  node: SourceNode,
  resourceName: string | undefined,
  find: (resolved: SourceNode) => Found[],
): LocatedPolicy[] {
  const policies: LocatedPolicy[] = [];
  const firstReading = new Map<string, string>();
  const readings: ('then' | 'else')[] = containsIf(node) ? ['then', 'else'] : ['then'];
  for (const branch of readings) {
    resolver.branch = branch;
    const resolved = resolver.resolveToNode(node);
    if (!resolved) continue;
    for (const found of find(resolved)) {
      const json = JSON.stringify(toPlain(found.document));
      if (branch === 'then') firstReading.set(found.logicalPath, json);
      else if (firstReading.get(found.logicalPath) === json) continue;
      ctx.sink.addUnresolved(found.document, found.logicalPath);
      const place: PolicyPlace = {
        file: ctx.file,
        lines: ctx.lines,
        logicalPath: found.logicalPath,
        policyType: found.policyType,
      };
      if (resourceName !== undefined) place.resourceName = resourceName;
      if (found.resourceType) place.resourceType = found.resourceType;
      if (branch === 'else') place.variant = 'Fn::If:else';
      policies.push(makeLocatedPolicy(place, found.document));
    }
  }
  resolver.branch = 'then';
  return policies;
}

/** The nodes at `steps` under `node`, `*` standing for every element of a list. */
function walkPath(
  node: SourceNode,
  steps: string[],
  at: (string | number)[] = [],
): { steps: (string | number)[]; node: SourceNode }[] {
  if (steps.length === 0) return [{ steps: at, node }];
  const [step, ...rest] = steps as [string, ...string[]];
  if (step === '*') {
    if (node.kind !== 'array') return [];
    return node.items.flatMap((item, i) => walkPath(item, rest, [...at, i]));
  }
  const next = get(node, step);
  return next ? walkPath(next, rest, [...at, step]) : [];
}

function findPolicies(
  props: SourceNode,
  place: PolicyPlaceEntry,
  id: string,
  base: string,
  ctx: ReadContext,
  resolver: Resolver,
): Found[] {
  let policyType = place.policyType;
  if (place.policyTypeFrom) {
    const t = stringValue(get(props, place.policyTypeFrom));
    if (t === 'SERVICE_CONTROL_POLICY' || t === 'RESOURCE_CONTROL_POLICY') policyType = t;
    else return [];
  }
  const withType = (logicalPath: string, document: SourceNode): Found => {
    const f: Found = { logicalPath, document, policyType };
    if (place.resourceType) f.resourceType = place.resourceType;
    return f;
  };

  if (place.synthesize === 'lambda-permission') {
    const part = (key: string): PermissionPart | undefined => {
      const e = getEntry(props, key);
      return e ? { value: e.value, keySpan: e.keySpan } : undefined;
    };
    const parts: LambdaPermissionParts = { sid: id, anchor: props, pseudo: resolver.scope.pseudo };
    const fields: [keyof LambdaPermissionParts, string][] = [
      ['action', 'Action'],
      ['principal', 'Principal'],
      ['functionName', 'FunctionName'],
      ['sourceArn', 'SourceArn'],
      ['sourceAccount', 'SourceAccount'],
      ['principalOrgId', 'PrincipalOrgID'],
      ['functionUrlAuthType', 'FunctionUrlAuthType'],
    ];
    for (const [field, key] of fields) {
      const p = part(key);
      if (p) (parts as unknown as Record<string, PermissionPart>)[field] = p;
    }
    return [withType(base, lambdaPermissionDocument(parts))];
  }

  if (place.synthesize === 'sam-policies') {
    const out: Found[] = [];
    for (const { steps, node } of walkPath(props, place.path)) {
      const logicalPath = [base, ...steps].join('/');
      for (const entry of samPolicyEntries(node, resolver, ctx.sink, logicalPath)) {
        out.push(withType([logicalPath, ...entry.steps].join('/'), entry.document));
      }
    }
    return out;
  }

  const out: Found[] = [];
  for (const { steps, node } of walkPath(props, place.path)) {
    const logicalPath = [base, ...steps].join('/');
    const document = policyDocumentFrom(node, ctx.sink, logicalPath, place.wrap);
    if (document) out.push(withType(logicalPath, document));
  }
  return out;
}
