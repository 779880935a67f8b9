/**
 * Serverless Framework `serverless.yml`: the statements of the shared role (`provider.iam.role.statements`, the
 * older `provider.iamRoleStatements`), per-function statements (`functions.<name>.iamRoleStatements`, the
 * serverless-iam-roles-per-function plugin), and the CloudFormation under `resources` (read as a template).
 *
 * Serverless variables are resolved first where they can be offline: `${self:...}`, `${opt:stage}` /
 * `${sls:stage}` (the `provider.stage`, else `dev`), `${opt:region}` / `${aws:region}`, `${aws:accountId}`, and
 * any variable's fallback (`${env:TABLE, 'notes'}`); `#{AWS::Region}` (serverless-pseudo-parameters) becomes
 * Fn::Sub. Other sources (file, env, ssm, cf, s3, param...) are placeholders.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation, Serverless and IAM write ${...} in plain strings
import type { LocatedPolicy } from '../types.js';
import {
  type Found,
  type ReadContext,
  readCloudFormation,
  readPolicyReadings,
  templateResolver,
  templateScope,
} from './cloudformation.js';
import type { ResourceInScope } from './intrinsics.js';
import { placeAt, placeholder, pseudoParameters } from './intrinsics.js';
import { policyDocumentFrom } from './policy-document.js';
import {
  type Entry,
  fromPlain,
  get,
  getPath,
  type ScalarNode,
  type SourceNode,
  type Span,
  stringValue,
} from './source-node.js';
import type { ReaderDiagnosticCode } from './types.js';

const SOURCES = /^(self|opt|sls|env|aws|file|cf|s3|ssm|param|git|strToBool)\b/;
const MAX_DEPTH = 20;

/** Serverless's logical-id form of a function name: first letter upper-case, `-` and `_` spelt out. */
export function normalizedFunctionName(name: string): string {
  const spelt = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return spelt.charAt(0).toUpperCase() + spelt.slice(1);
}

interface Piece {
  text: string;
  node?: SourceNode;
  unresolved?: string;
}

class VariableResolver {
  private readonly stage: string;
  private readonly region: string;

  constructor(
    private readonly root: SourceNode,
    private readonly ctx: ReadContext,
  ) {
    const stage = stringValue(getPath(root, ['provider', 'stage']));
    this.stage = stage && !stage.includes('${') ? stage : this.literalOrDefault(stage, 'dev');
    const region = stringValue(getPath(root, ['provider', 'region']));
    this.region =
      ctx.options.region ??
      (region && !region.includes('${') ? region : this.literalOrDefault(region, 'us-east-1'));
  }

  /** `${opt:stage, 'prod'}` as a stage: the fallback when it is a literal, else the default. */
  private literalOrDefault(value: string | undefined, dflt: string): string {
    const m = value ? /,\s*['"]?([\w.-]+)['"]?\s*\}$/.exec(value) : null;
    return m?.[1] ?? dflt;
  }

  get stageName(): string {
    return this.stage;
  }

  get regionName(): string {
    return this.region;
  }

  /** The tree with every serverless variable it can resolve replaced. */
  node(node: SourceNode, depth = 0): SourceNode {
    switch (node.kind) {
      case 'scalar':
        return typeof node.value === 'string' && (node.value.includes('${') || node.value.includes('#{'))
          ? this.scalar(node, depth)
          : node;
      case 'array':
        return { ...node, items: node.items.map((i) => this.node(i, depth)) };
      case 'object':
        return { ...node, entries: node.entries.map((e) => ({ ...e, value: this.node(e.value, depth) })) };
    }
  }

  private scalar(node: ScalarNode, depth: number): SourceNode {
    const piece = this.expand(String(node.value), node, depth);
    if (piece.node) return piece.node;
    let out: SourceNode = { ...node, value: piece.text };
    if (piece.unresolved !== undefined) {
      out = {
        kind: 'scalar',
        value: piece.text,
        start: node.start,
        end: node.end,
        unresolved: piece.unresolved,
      };
    }
    if (piece.text.includes('#{') && out.kind === 'scalar') {
      // serverless-pseudo-parameters: `#{AWS::Region}` and `#{MyResource}` are Fn::Sub variables.
      const sub = piece.text.replace(/#\{([^}]+)\}/g, '${$1}');
      out = {
        kind: 'object',
        entries: [
          { key: 'Fn::Sub', keySpan: { start: node.start, end: node.end }, value: { ...out, value: sub } },
        ],
        start: node.start,
        end: node.end,
      };
    }
    return out;
  }

  /** Expands the variables of one string; a string that is one variable may become a list or an object. */
  private expand(s: string, at: Span, depth: number): Piece {
    let text = '';
    let unresolved: string | undefined;
    let i = 0;
    while (i < s.length) {
      const open = s.indexOf('${', i);
      if (open < 0) {
        text += s.slice(i);
        break;
      }
      const close = matchingBrace(s, open + 2);
      if (close < 0) {
        text += s.slice(i);
        break;
      }
      text += s.slice(i, open);
      const innerRaw = s.slice(open + 2, close);
      i = close + 1;
      if (!SOURCES.test(innerRaw.trim()) || /^aws:(?!accountId|region|partition)/.test(innerRaw.trim())) {
        // `${AWS::Region}` for Fn::Sub, `${aws:username}` for IAM: not a serverless variable.
        text += `\${${innerRaw}}`;
        continue;
      }
      const inner = depth < MAX_DEPTH ? this.expand(innerRaw, at, depth + 1) : { text: innerRaw };
      if (inner.unresolved) unresolved ??= inner.unresolved;
      const value = this.variable(inner.text, at, depth);
      if (value.node && open === 0 && close === s.length - 1) return value;
      if (value.node) {
        text += value.node.kind === 'scalar' ? String(value.node.value) : JSON.stringify(value.node);
        if (value.node.kind === 'scalar' && value.node.unresolved) unresolved ??= value.node.unresolved;
      } else text += value.text;
      if (value.unresolved) unresolved ??= value.unresolved;
    }
    const piece: Piece = { text };
    if (unresolved !== undefined) piece.unresolved = unresolved;
    return piece;
  }

  /** One variable `source:address, fallback, ...` (already without `${}`). */
  private variable(expr: string, at: Span, depth: number): Piece {
    const [first = '', ...fallbacks] = splitTopLevel(expr);
    const ref = first.trim();
    if (ref === 'opt:region' && this.ctx.options.region) return { text: this.ctx.options.region };
    // A command-line option is not given offline: its fallback, else Serverless's default, stands in.
    if (!ref.startsWith('opt:')) {
      const found = this.source(ref, at, depth);
      if (found) return found;
    }
    for (const f of fallbacks) {
      const t = f.trim();
      const quoted = /^(['"])(.*)\1$/.exec(t);
      if (quoted) return { text: quoted[2]! };
      if (SOURCES.test(t)) {
        const v = this.source(t, at, depth);
        if (v) return v;
        continue;
      }
      if (t !== '') return { text: t };
    }
    if (ref === 'opt:stage') return { text: this.stage };
    if (ref === 'opt:region') return { text: this.region };
    let message = `\${${expr}} is resolved by the Serverless Framework at deploy time: this value is not checked`;
    let code: ReaderDiagnosticCode = 'unresolved-value';
    if (ref.startsWith('self:')) {
      const steps = ref.slice('self:'.length).trim().split('.').filter(Boolean).map(step);
      let reached = 0;
      let node: SourceNode | undefined = this.root;
      while (reached < steps.length && getPath(node, [steps[reached]!]) !== undefined)
        node = getPath(node, [steps[reached++]!]);
      const included = stringValue(node);
      if (reached === steps.length) {
        message = `\${${expr}} refers to itself, directly or through other variables`;
        code = 'invalid-intrinsic';
      } else if (included?.includes('${')) {
        // `custom: ${file(vars.yml)}`: the value comes from a file this reader does not read.
        message = `\${${expr}}: ${steps.slice(0, reached).join('.')} is ${included}, which is not read: this value is not checked`;
      } else {
        message = `\${${expr}}: ${steps.join('.')} is not in this file`;
        code = 'unknown-reference';
      }
    }
    return { text: placeholderText(ref), node: placeholder(ref, message, at, code), unresolved: message };
  }

  private source(ref: string, at: Span, depth: number): Piece | undefined {
    const colon = ref.indexOf(':');
    const source = colon < 0 ? ref : ref.slice(0, colon);
    const address = colon < 0 ? '' : ref.slice(colon + 1).trim();
    switch (source) {
      case 'self': {
        const target = address === '' ? this.root : getPath(this.root, address.split('.').map(step));
        if (!target || depth >= MAX_DEPTH) return undefined;
        const expanded = this.node(placeAt(target, at), depth + 1);
        return { text: expanded.kind === 'scalar' ? String(expanded.value) : '', node: expanded };
      }
      case 'sls':
        return address === 'stage' ? { text: this.stage } : undefined;
      case 'aws':
        if (address === 'accountId') return { text: pseudoParameters(this.ctx.options)['AWS::AccountId'] };
        if (address === 'region') return { text: this.region };
        if (address === 'partition')
          return { text: pseudoParameters({ ...this.ctx.options, region: this.region })['AWS::Partition'] };
        return undefined;
      default:
        return undefined;
    }
  }
}

function step(s: string): string | number {
  return /^\d+$/.test(s) ? Number(s) : s;
}

function placeholderText(ref: string): string {
  return `{{unresolved:${ref}}}`;
}

function matchingBrace(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    if (s[i] === '{') depth++;
    else if (s[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '(') depth++;
    else if (c === '}' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts;
}

function serviceName(root: SourceNode): string {
  return stringValue(get(root, 'service')) ?? stringValue(getPath(root, ['service', 'name'])) ?? 'service';
}

/**
 * `resources` is a CloudFormation fragment, or a list of them (often `${file(...)}` includes): their Resources,
 * Conditions, Mappings and Parameters merged.
 */
function resourcesFragment(node: SourceNode | undefined): SourceNode | undefined {
  if (node?.kind !== 'array') return node;
  const sections = new Map<string, Entry[]>();
  for (const part of node.items) {
    if (part.kind !== 'object') continue;
    for (const e of part.entries) {
      if (e.value.kind !== 'object') continue;
      sections.set(e.key, [...(sections.get(e.key) ?? []), ...e.value.entries]);
    }
  }
  return {
    kind: 'object',
    entries: [...sections].map(([key, entries]) => ({
      key,
      keySpan: { start: node.start, end: node.start },
      value: { kind: 'object', entries, start: node.start, end: node.end },
    })),
    start: node.start,
    end: node.end,
  };
}

function hasPlaceholder(node: SourceNode | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'scalar') return node.unresolved !== undefined;
  if (node.kind === 'array') return node.items.some(hasPlaceholder);
  return node.entries.some((e) => hasPlaceholder(e.value));
}

/** Serverless's alphanumeric logical-id form of a name: `my-bucket` -> `Mybucket`. */
function alphanumericName(name: string): string {
  const s = name.replace(/[^0-9A-Za-z]/g, '');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Resources the framework adds that statements refer to: the shared role, each function and its log group. */
function implicitResources(root: SourceNode, stage: string, at: Span): Map<string, ResourceInScope> {
  const out = new Map<string, ResourceInScope>();
  out.set('IamRoleLambdaExecution', { type: 'AWS::IAM::Role' });
  out.set('ServerlessDeploymentBucket', { type: 'AWS::S3::Bucket' });
  out.set('ApiGatewayRestApi', { type: 'AWS::ApiGateway::RestApi' });
  const service = serviceName(root);
  const functions = get(root, 'functions');
  if (functions?.kind === 'object') {
    for (const { key, value } of functions.entries) {
      const name = stringValue(get(value, 'name')) ?? `${service}-${stage}-${key}`;
      const norm = normalizedFunctionName(key);
      out.set(`${norm}LambdaFunction`, {
        type: 'AWS::Lambda::Function',
        properties: fromPlain({ FunctionName: name }, at),
      });
      out.set(`${norm}LogGroup`, {
        type: 'AWS::Logs::LogGroup',
        properties: fromPlain({ LogGroupName: `/aws/lambda/${name}` }, at),
      });
      out.set(`${norm}IamRoleLambdaExecution`, { type: 'AWS::IAM::Role' });
      // An s3 event makes the bucket it names: S3Bucket<Name>.
      const events = get(value, 'events');
      for (const event of events?.kind === 'array' ? events.items : []) {
        const s3 = get(event, 's3');
        const bucket = stringValue(s3) ?? stringValue(get(s3, 'bucket'));
        if (bucket && !get(s3, 'existing')) {
          out.set(`S3Bucket${alphanumericName(bucket)}`, {
            type: 'AWS::S3::Bucket',
            properties: fromPlain({ BucketName: bucket }, at),
          });
        }
      }
    }
  }
  return out;
}

const LOG_GROUP_ARN = 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:';

/**
 * The statements the Serverless Framework (v3) puts first in its shared role's policy so that functions can
 * write their logs: `logs:CreateLogStream` and `logs:CreateLogGroup` on each log group (`:*`), and
 * `logs:PutLogEvents` on its streams (`:*:*`). Functions named `<service>-<stage>...` share one pattern,
 * `/aws/lambda/<service>-<stage>*`; others get their own log group; `disableLogs` functions are left out
 * (denied `PutLogEvents` when they share the pattern). Undefined when the framework makes no shared role
 * (`provider.iam.role` or `provider.role` names an existing role, or every function has its own `role`).
 * Source: the framework's `lib/plugins/aws/package/lib/merge-iam-templates.js`.
 */
function frameworkLogStatements(root: SourceNode, stage: string): unknown[] | undefined {
  const role = getPath(root, ['provider', 'iam', 'role']);
  if (role?.kind === 'scalar' || get(get(root, 'provider'), 'role') !== undefined) return undefined;
  const functions = get(root, 'functions');
  const entries = functions?.kind === 'object' ? functions.entries : [];
  if (entries.length === 0 || entries.every(({ value }) => get(value, 'role') !== undefined))
    return undefined;
  const prefix = `${serviceName(root)}-${stage}`;
  const create: unknown[] = [];
  const put: unknown[] = [];
  const denied: unknown[] = [];
  let canonical = false;
  for (const { key, value } of entries) {
    const name = stringValue(get(value, 'name')) ?? `${prefix}-${key}`;
    const disabled = get(value, 'disableLogs');
    const logsDisabled = disabled?.kind === 'scalar' && disabled.value === true;
    if (name.startsWith(prefix)) {
      if (logsDisabled) denied.push({ 'Fn::Sub': `${LOG_GROUP_ARN}/aws/lambda/${name}:*` });
      else canonical = true;
    } else if (!logsDisabled) {
      create.push({ 'Fn::Sub': `${LOG_GROUP_ARN}/aws/lambda/${name}:*` });
      put.push({ 'Fn::Sub': `${LOG_GROUP_ARN}/aws/lambda/${name}:*:*` });
    }
  }
  if (canonical) {
    create.push({ 'Fn::Sub': `${LOG_GROUP_ARN}/aws/lambda/${prefix}*:*` });
    put.push({ 'Fn::Sub': `${LOG_GROUP_ARN}/aws/lambda/${prefix}*:*:*` });
  }
  if (create.length === 0) return undefined;
  const statements: unknown[] = [
    { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:CreateLogGroup'], Resource: create },
    { Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: put },
  ];
  if (canonical && denied.length > 0) {
    statements.push({ Effect: 'Deny', Action: 'logs:PutLogEvents', Resource: denied });
  }
  return statements;
}

export function readServerless(raw: SourceNode, ctx: ReadContext): LocatedPolicy[] {
  const vars = new VariableResolver(raw, ctx);
  const root = vars.node(raw);
  const resources = resourcesFragment(get(root, 'resources'));
  const fragment: SourceNode = resources ?? { kind: 'object', entries: [], start: 0, end: 0 };
  // The framework names the stack <service>-<stage> and deploys to provider.region.
  const service = serviceName(root);
  const scope = templateScope(
    fragment,
    { ...ctx.options, region: vars.regionName },
    implicitResources(root, vars.stageName, root),
    `${service}-${vars.stageName}`,
  );
  if (resources && hasPlaceholder(get(root, 'resources'))) {
    scope.incompleteNote = ' (resources is partly in files included with ${file(...)}, which are not read)';
  }
  const resolver = templateResolver(scope, ctx);
  const policies: LocatedPolicy[] = [];

  const readStatements = (node: SourceNode | undefined, logicalPath: string, resourceName: string) => {
    if (!node || (node.kind === 'scalar' && node.value === null)) return;
    resolver.where = logicalPath;
    policies.push(
      ...readPolicyReadings(ctx, resolver, node, resourceName, (resolved): Found[] => {
        const document = policyDocumentFrom(resolved, ctx.sink, logicalPath, 'statements');
        return document ? [{ logicalPath, document, policyType: 'IDENTITY_POLICY' }] : [];
      }),
    );
  };

  if (ctx.options.frameworkPolicies) {
    const logs = frameworkLogStatements(root, vars.stageName);
    if (logs) {
      readStatements(
        fromPlain(logs, getPath(root, ['provider']) ?? root),
        'provider/iam/role (log permissions the framework adds)',
        'IamRoleLambdaExecution',
      );
    }
  }
  readStatements(
    getPath(root, ['provider', 'iam', 'role', 'statements']),
    'provider/iam/role/statements',
    'IamRoleLambdaExecution',
  );
  readStatements(
    getPath(root, ['provider', 'iamRoleStatements']),
    'provider/iamRoleStatements',
    'IamRoleLambdaExecution',
  );
  const functions = get(root, 'functions');
  if (functions?.kind === 'object') {
    for (const { key, value } of functions.entries) {
      readStatements(
        get(value, 'iamRoleStatements'),
        `functions/${key}/iamRoleStatements`,
        `${normalizedFunctionName(key)}IamRoleLambdaExecution`,
      );
    }
  }
  if (resources) policies.push(...readCloudFormation(resources, ctx, 'resources/', scope));
  return policies;
}
