/**
 * CloudFormation intrinsic functions, evaluated offline so the checks see plain values: Ref, Fn::GetAtt, Fn::Sub,
 * Fn::Join, Fn::Select, Fn::Split, Fn::If, Fn::FindInMap, Fn::GetAZs, Fn::Base64, Fn::ToJsonString, Fn::Length,
 * the condition functions, pseudo parameters and template parameters. A Ref or GetAtt to a resource of the
 * template becomes a value of that type's format (data/cfn-resource-arns.json).
 *
 * What cannot be known offline (Fn::ImportValue, `{{resolve:ssm:...}}`, a parameter without a value, an attribute
 * with no known format, Fn::Transform) becomes a placeholder string `{{unresolved:...}}` marked on its node; the
 * rest of the document resolves normally. Every resolved value keeps the span of the expression it came from.
 *
 * `Fn::If` takes the branch given by `branch`: readers resolve a document once with every condition true and,
 * when that reading met an `Fn::If`, once with every condition false (see README.md).
 */
import { createHash } from 'node:crypto';
import { resourceArnTable } from './data-tables.js';
import {
  type ArrayNode,
  type Entry,
  get,
  type ObjectNode,
  type ScalarNode,
  type SourceNode,
  type Span,
  toPlain,
} from './source-node.js';
import type { ReaderDiagnosticCode, ReaderOptions } from './types.js';

export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');
export type Resolved = SourceNode | typeof NO_VALUE;

export const PLACEHOLDER_PREFIX = '{{unresolved:';

/** Is this string (or a part of it) a value the readers could not resolve? */
export function isPlaceholder(value: string): boolean {
  return value.includes(PLACEHOLDER_PREFIX) || /\{\{resolve:[a-z-]+:/.test(value);
}

export interface ResourceInScope {
  type: string;
  properties?: SourceNode;
}

export interface TemplateScope {
  parameters: Map<string, SourceNode>;
  resources: Map<string, ResourceInScope>;
  mappings?: SourceNode;
  conditions: Set<string>;
  pseudo: PseudoParameters;
  /** Values given on the command line; they win over Default. */
  parameterValues: Record<string, string>;
  /** Said after "no resource named X" when the template includes parts this reader does not read. */
  incompleteNote?: string;
}

export interface PseudoParameters {
  'AWS::AccountId': string;
  'AWS::Region': string;
  'AWS::Partition': string;
  'AWS::URLSuffix': string;
  'AWS::StackName': string;
  'AWS::StackId': string;
}

const DEFAULT_ACCOUNT = '123456789012';
const DEFAULT_REGION = 'us-east-1';
const DEFAULT_STACK_NAME = 'example-stack';

export function pseudoParameters(
  options: ReaderOptions = {},
  stackName = DEFAULT_STACK_NAME,
): PseudoParameters {
  const region = options.region ?? DEFAULT_REGION;
  const partition =
    options.partition ??
    (region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws');
  const account = options.account ?? DEFAULT_ACCOUNT;
  return {
    'AWS::AccountId': account,
    'AWS::Region': region,
    'AWS::Partition': partition,
    'AWS::URLSuffix': partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com',
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:${partition}:cloudformation:${region}:${account}:stack/${stackName}/${madeUpUuid(stackName)}`,
  };
}

function hash(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

function madeUpUuid(seed: string): string {
  const h = hash(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** A placeholder value for something that cannot be known offline. */
export function placeholder(
  what: string,
  message: string,
  at: Span,
  code: ReaderDiagnosticCode = 'unresolved-value',
): ScalarNode {
  return {
    kind: 'scalar',
    value: `${PLACEHOLDER_PREFIX}${what}}}`,
    start: at.start,
    end: at.end,
    unresolved: message,
    unresolvedCode: code,
  };
}

/** A copy of a node with every span moved to `at` (a value that came from elsewhere, placed where it is used). */
export function placeAt(node: SourceNode, at: Span): SourceNode {
  switch (node.kind) {
    case 'scalar': {
      const out: ScalarNode = { kind: 'scalar', value: node.value, start: at.start, end: at.end };
      if (node.unresolved !== undefined) out.unresolved = node.unresolved;
      if (node.unresolvedCode !== undefined) out.unresolvedCode = node.unresolvedCode;
      return out;
    }
    case 'array':
      return { kind: 'array', items: node.items.map((i) => placeAt(i, at)), start: at.start, end: at.end };
    case 'object':
      return {
        kind: 'object',
        entries: node.entries.map((e) => ({
          key: e.key,
          keySpan: { start: at.start, end: at.end },
          value: placeAt(e.value, at),
        })),
        start: at.start,
        end: at.end,
      };
  }
}

const DYNAMIC_REFERENCE = /\{\{resolve:([a-z-]+):([^}]*)\}\}/;

/** The long-form name of an intrinsic when `node` is one (`{ "Fn::Sub": ... }`), else undefined. */
export function intrinsicName(node: SourceNode): string | undefined {
  if (node.kind !== 'object' || node.entries.length !== 1) return undefined;
  const key = node.entries[0]!.key;
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}

/** Does the tree hold an Fn::If anywhere (so a second reading may differ)? */
export function containsIf(node: SourceNode | undefined): boolean {
  if (!node) return false;
  switch (node.kind) {
    case 'scalar':
      return false;
    case 'array':
      return node.items.some(containsIf);
    case 'object':
      return node.entries.some((e) => e.key === 'Fn::If' || containsIf(e.value));
  }
}

interface Text {
  text: string;
  unresolved?: string;
  code?: ReaderDiagnosticCode;
}

export interface ResolverProblem {
  code: ReaderDiagnosticCode;
  message: string;
  at: Span;
}

export class Resolver {
  /** Which branch every Fn::If takes in this reading. */
  branch: 'then' | 'else' = 'then';
  /** The logical path being resolved, for the problems it reports. */
  where = '';
  private readonly nameStack = new Set<string>();

  constructor(
    readonly scope: TemplateScope,
    /** Problems that do not become a placeholder (an Fn::If naming an unknown condition...). */
    private readonly onProblem: (p: ResolverProblem) => void = () => {},
  ) {}

  /** Resolves every intrinsic in the tree. `AWS::NoValue` removes the property or list element holding it. */
  resolve(node: SourceNode, depth = 0): Resolved {
    if (depth > 100)
      return placeholder(
        'nesting',
        'Intrinsic functions nested too deep (a loop?)',
        node,
        'invalid-intrinsic',
      );
    switch (node.kind) {
      case 'scalar':
        return this.resolveScalar(node);
      case 'array': {
        const items: SourceNode[] = [];
        for (const item of node.items) {
          const r = this.resolve(item, depth + 1);
          if (r !== NO_VALUE) items.push(r);
        }
        return { kind: 'array', items, start: node.start, end: node.end };
      }
      case 'object': {
        const fn = intrinsicName(node);
        if (fn) return this.resolveIntrinsic(fn, node, depth);
        const entries: Entry[] = [];
        for (const e of node.entries) {
          const r = this.resolve(e.value, depth + 1);
          if (r !== NO_VALUE) entries.push({ key: e.key, keySpan: e.keySpan, value: r });
        }
        return { kind: 'object', entries, start: node.start, end: node.end };
      }
    }
  }

  /** Resolves a node; undefined when it is `AWS::NoValue`. */
  resolveToNode(node: SourceNode): SourceNode | undefined {
    const r = this.resolve(node);
    return r === NO_VALUE ? undefined : r;
  }

  private resolveScalar(node: ScalarNode): ScalarNode {
    if (typeof node.value === 'string' && node.value.includes('{{resolve:')) {
      const m = DYNAMIC_REFERENCE.exec(node.value);
      if (m) {
        return {
          ...node,
          unresolved: `${m[0]} is read from ${m[1] === 'secretsmanager' ? 'Secrets Manager' : 'SSM Parameter Store'} at deploy time: this value is not checked`,
          unresolvedCode: 'unresolved-value',
        };
      }
    }
    return node;
  }

  private resolveIntrinsic(fn: string, node: ObjectNode, depth: number): Resolved {
    const arg = node.entries[0]!.value;
    switch (fn) {
      case 'Ref':
        return this.ref(arg, node, depth);
      case 'Fn::GetAtt':
        return this.getAtt(arg, node, depth);
      case 'Fn::Sub':
        return this.sub(arg, node, depth);
      case 'Fn::Join':
        return this.join(arg, node, depth);
      case 'Fn::Select':
        return this.select(arg, node, depth);
      case 'Fn::Split':
        return this.split(arg, node, depth);
      case 'Fn::If':
        return this.fnIf(arg, node, depth);
      case 'Fn::FindInMap':
        return this.findInMap(arg, node, depth);
      case 'Fn::GetAZs': {
        const r = this.resolve(arg, depth + 1);
        const region =
          r !== NO_VALUE && r.kind === 'scalar' && r.value
            ? String(r.value)
            : this.scope.pseudo['AWS::Region'];
        return {
          kind: 'array',
          items: ['a', 'b', 'c'].map(
            (z) =>
              ({ kind: 'scalar', value: `${region}${z}`, start: node.start, end: node.end }) as ScalarNode,
          ),
          start: node.start,
          end: node.end,
        };
      }
      case 'Fn::Base64': {
        const t = this.text(arg, depth, node);
        return this.textNode(t.unresolved ? t : { text: Buffer.from(t.text).toString('base64') }, node);
      }
      case 'Fn::ToJsonString': {
        const r = this.resolve(arg, depth + 1);
        if (r === NO_VALUE) return NO_VALUE;
        return this.textNode({ text: JSON.stringify(toPlain(r)), ...firstUnresolved(r) }, node);
      }
      case 'Fn::Length': {
        const r = this.resolve(arg, depth + 1);
        if (r !== NO_VALUE && r.kind === 'array')
          return { kind: 'scalar', value: r.items.length, start: node.start, end: node.end };
        return this.invalid(fn, 'Fn::Length takes a list', node);
      }
      case 'Fn::Equals': {
        if (arg.kind !== 'array' || arg.items.length !== 2)
          return this.invalid(fn, 'Fn::Equals takes a list of two values', node);
        const [a, b] = arg.items.map((i) => this.resolve(i, depth + 1));
        const eq =
          JSON.stringify(a === NO_VALUE ? null : toPlain(a!)) ===
          JSON.stringify(b === NO_VALUE ? null : toPlain(b!));
        return { kind: 'scalar', value: eq, start: node.start, end: node.end };
      }
      case 'Fn::Not':
      case 'Fn::And':
      case 'Fn::Or': {
        if (arg.kind !== 'array') return this.invalid(fn, `${fn} takes a list of conditions`, node);
        const values = arg.items.map((i) => this.condition(i, depth));
        const value =
          fn === 'Fn::Not' ? !values[0] : fn === 'Fn::And' ? values.every(Boolean) : values.some(Boolean);
        return { kind: 'scalar', value, start: node.start, end: node.end };
      }
      case 'Fn::ImportValue': {
        const t = this.text(arg, depth, node);
        return placeholder(
          `Fn::ImportValue ${t.text}`,
          `Fn::ImportValue ${t.text} is another stack's output, known only when this stack is deployed: this value is not checked`,
          node,
        );
      }
      case 'Fn::Transform':
        return placeholder(
          'Fn::Transform',
          'Fn::Transform runs a macro at deploy time: this value is not checked',
          node,
        );
      case 'Fn::Cidr':
        return placeholder('Fn::Cidr', 'Fn::Cidr is not evaluated offline: this value is not checked', node);
      default:
        return this.invalid(
          fn,
          `${fn} is not an intrinsic function this tool knows: this value is not checked`,
          node,
        );
    }
  }

  private invalid(fn: string, message: string, at: Span): ScalarNode {
    return placeholder(fn, message, at, 'invalid-intrinsic');
  }

  private condition(node: SourceNode, depth: number): boolean {
    if (node.kind === 'object' && node.entries.length === 1 && node.entries[0]!.key === 'Condition') {
      const name = node.entries[0]!.value;
      if (name.kind === 'scalar' && !this.scope.conditions.has(String(name.value))) {
        this.onProblem({
          code: 'unknown-reference',
          message: `Condition ${String(name.value)} is not defined in the Conditions section`,
          at: node,
        });
      }
      return this.branch === 'then';
    }
    const r = this.resolve(node, depth + 1);
    return r !== NO_VALUE && r.kind === 'scalar' && (r.value === true || r.value === 'true');
  }

  private fnIf(arg: SourceNode, node: ObjectNode, depth: number): Resolved {
    if (arg.kind !== 'array' || arg.items.length !== 3) {
      return this.invalid('Fn::If', 'Fn::If takes [condition name, value if true, value if false]', node);
    }
    const [cond, yes, no] = arg.items as [SourceNode, SourceNode, SourceNode];
    const name = cond.kind === 'scalar' ? String(cond.value) : undefined;
    if (name === undefined || !this.scope.conditions.has(name)) {
      this.onProblem({
        code: 'unknown-reference',
        message: `Fn::If names condition ${name ?? JSON.stringify(toPlain(cond))}, which is not defined in the Conditions section`,
        at: cond,
      });
    }
    return this.resolve(this.branch === 'then' ? yes : no, depth + 1);
  }

  /** A string from a resolved node, with why it is not known when a part of it is a placeholder. */
  private text(node: SourceNode, depth: number, _at: Span): Text {
    const r = this.resolve(node, depth + 1);
    if (r === NO_VALUE) return { text: '' };
    if (r.kind === 'scalar') {
      const t: Text = { text: r.value === null ? '' : String(r.value) };
      if (r.unresolved !== undefined) {
        t.unresolved = r.unresolved;
        t.code = r.unresolvedCode ?? 'unresolved-value';
      }
      return t;
    }
    return {
      text: `${PLACEHOLDER_PREFIX}list}}`,
      unresolved: `Expected a string here, found ${r.kind === 'array' ? 'a list' : 'an object'}: this value is not checked`,
      code: 'invalid-intrinsic',
    };
  }

  private textNode(t: Text, at: Span): ScalarNode {
    const out: ScalarNode = { kind: 'scalar', value: t.text, start: at.start, end: at.end };
    if (t.unresolved !== undefined) {
      out.unresolved = t.unresolved;
      out.unresolvedCode = t.code ?? 'unresolved-value';
    }
    return out;
  }

  private ref(arg: SourceNode, node: ObjectNode, depth: number): Resolved {
    const nameText = this.text(arg, depth, node);
    if (nameText.unresolved) return this.textNode(nameText, node);
    const name = nameText.text;
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name === 'AWS::NotificationARNs')
      return { kind: 'array', items: [], start: node.start, end: node.end };
    const pseudo = (this.scope.pseudo as unknown as Record<string, string>)[name];
    if (pseudo !== undefined) return { kind: 'scalar', value: pseudo, start: node.start, end: node.end };
    if (name.startsWith('AWS::')) {
      return placeholder(
        `Ref ${name}`,
        `Ref ${name}: not a pseudo parameter CloudFormation defines`,
        node,
        'unknown-reference',
      );
    }
    const param = this.scope.parameters.get(name);
    if (param) return this.parameter(name, param, node);
    const res = this.scope.resources.get(name);
    if (res) return this.resourceValue(name, res, undefined, node, depth);
    return placeholder(
      `Ref ${name}`,
      `Ref ${name}: no parameter or resource named ${name} in this template${this.scope.incompleteNote ?? ''}`,
      node,
      'unknown-reference',
    );
  }

  private parameter(name: string, def: SourceNode, at: Span): SourceNode {
    const type = String((get(def, 'Type') as ScalarNode | undefined)?.value ?? 'String');
    const isList =
      type.startsWith('List<') ||
      type === 'CommaDelimitedList' ||
      type.startsWith('AWS::SSM::Parameter::Value<List<');
    const given = this.scope.parameterValues[name];
    let value: string | string[] | undefined;
    if (given !== undefined) value = given;
    else if (type.startsWith('AWS::SSM::Parameter::Value<')) {
      const ssmName = (get(def, 'Default') as ScalarNode | undefined)?.value;
      return placeholder(
        `Ref ${name}`,
        `Parameter ${name} is read from SSM${ssmName ? ` (${String(ssmName)})` : ''} at deploy time: this value is not checked (give it with --parameters ${name}=...)`,
        at,
      );
    } else {
      const d = get(def, 'Default');
      if (d?.kind === 'scalar' && d.value !== null) value = String(d.value);
      else if (d?.kind === 'array') value = d.items.map((i) => (i.kind === 'scalar' ? String(i.value) : ''));
    }
    if (value === undefined) {
      return placeholder(
        `Ref ${name}`,
        `Parameter ${name} has no Default: this value is not checked (give it with --parameters ${name}=...)`,
        at,
      );
    }
    if (isList) {
      const list = Array.isArray(value) ? value : value === '' ? [] : value.split(',').map((s) => s.trim());
      return {
        kind: 'array',
        items: list.map((v) => ({ kind: 'scalar', value: v, start: at.start, end: at.end }) as ScalarNode),
        start: at.start,
        end: at.end,
      };
    }
    return {
      kind: 'scalar',
      value: Array.isArray(value) ? value.join(',') : value,
      start: at.start,
      end: at.end,
    };
  }

  private getAtt(arg: SourceNode, node: ObjectNode, depth: number): Resolved {
    let resName: string;
    let attr: string;
    if (arg.kind === 'scalar') {
      const s = String(arg.value ?? '');
      const dot = s.indexOf('.');
      if (dot < 0) return this.invalid('Fn::GetAtt', `Fn::GetAtt ${s}: expected LogicalId.Attribute`, node);
      resName = s.slice(0, dot);
      attr = s.slice(dot + 1);
    } else if (arg.kind === 'array' && arg.items.length === 2) {
      const r = this.text(arg.items[0]!, depth, node);
      const a = this.text(arg.items[1]!, depth, node);
      if (r.unresolved || a.unresolved) return this.textNode(r.unresolved ? r : a, node);
      resName = r.text;
      attr = a.text;
    } else {
      return this.invalid(
        'Fn::GetAtt',
        'Fn::GetAtt takes [LogicalId, Attribute] or LogicalId.Attribute',
        node,
      );
    }
    const res = this.scope.resources.get(resName);
    if (!res) {
      return placeholder(
        `Fn::GetAtt ${resName}.${attr}`,
        `Fn::GetAtt ${resName}.${attr}: no resource named ${resName} in this template${this.scope.incompleteNote ?? ''}`,
        node,
        'unknown-reference',
      );
    }
    return this.resourceValue(resName, res, attr, node, depth);
  }

  /** What Ref (attr undefined) or GetAtt returns for a resource of the template, by data/cfn-resource-arns.json. */
  private resourceValue(
    id: string,
    res: ResourceInScope,
    attr: string | undefined,
    at: Span,
    depth: number,
  ): SourceNode {
    const what = attr === undefined ? `Ref ${id}` : `Fn::GetAtt ${id}.${attr}`;
    const entry = resourceArnTable().get(res.type);
    const format = entry ? (attr === undefined ? entry.ref : entry.attributes[attr]) : undefined;
    if (!entry || format === undefined) {
      const known = attr === undefined ? 'what Ref returns' : `the attribute ${attr}`;
      return placeholder(
        what,
        `${what}: ${known} for ${res.type} is not in data/cfn-resource-arns.json: this value is not checked`,
        at,
      );
    }
    if (this.nameStack.has(id)) {
      return placeholder(what, `${what}: the name of ${id} depends on itself`, at, 'invalid-intrinsic');
    }
    this.nameStack.add(id);
    try {
      const vars = new Map<string, Text>();
      const stack = this.scope.pseudo['AWS::StackName'];
      let name: Text | undefined;
      const nameNode = entry.nameProperty ? get(res.properties, entry.nameProperty) : undefined;
      if (nameNode) name = this.text(nameNode, depth, at);
      if (!name) {
        const generated = `${stack}-${id}`;
        name = { text: entry.lowercaseName ? generated.toLowerCase() : generated };
      }
      vars.set('Name', name);
      vars.set('LogicalId', { text: id });
      const pathNode = get(res.properties, 'Path');
      let path = pathNode ? this.text(pathNode, depth, at) : { text: '/' };
      if (!path.text.startsWith('/')) path = { ...path, text: `/${path.text}` };
      if (!path.text.endsWith('/')) path = { ...path, text: `${path.text}/` };
      vars.set('Path', path);
      const h = hash(`${stack}/${id}`);
      vars.set('Uuid', { text: madeUpUuid(`${stack}/${id}`) });
      vars.set('ShortId', { text: base36(h).slice(0, 10) });
      vars.set('Hex17', { text: h.slice(0, 17).toUpperCase() });
      return this.textNode(this.substitute(format, vars, at, depth), at);
    } finally {
      this.nameStack.delete(id);
    }
  }

  private sub(arg: SourceNode, node: ObjectNode, depth: number): Resolved {
    let template: SourceNode;
    const vars = new Map<string, Text>();
    if (arg.kind === 'array') {
      if (arg.items.length !== 2 || arg.items[1]!.kind !== 'object') {
        return this.invalid('Fn::Sub', 'Fn::Sub takes a string, or [string, {variable: value}]', node);
      }
      template = arg.items[0]!;
      for (const e of (arg.items[1] as ObjectNode).entries)
        vars.set(e.key, this.text(e.value, depth, e.value));
    } else template = arg;
    if (template.kind !== 'scalar' || typeof template.value !== 'string') {
      const t = this.text(template, depth, node);
      if (t.unresolved) return this.textNode(t, node);
      return this.textNode(this.substitute(t.text, vars, node, depth), node);
    }
    const out = this.substitute(template.value, vars, node, depth);
    // A template string that already holds a placeholder (a serverless variable) stays marked.
    if (template.unresolved !== undefined && out.unresolved === undefined) {
      out.unresolved = template.unresolved;
      out.code = template.unresolvedCode ?? 'unresolved-value';
    }
    return this.textNode(out, node);
  }

  /** Fn::Sub's `${Name}`, `${Resource.Attribute}` and `${!Literal}` in `format`. */
  substitute(format: string, vars: Map<string, Text>, at: Span, depth: number): Text {
    let out = '';
    let unresolved: string | undefined;
    let code: ReaderDiagnosticCode | undefined;
    let i = 0;
    while (i < format.length) {
      const open = format.indexOf('${', i);
      if (open < 0) {
        out += format.slice(i);
        break;
      }
      out += format.slice(i, open);
      const close = format.indexOf('}', open + 2);
      if (close < 0) {
        out += format.slice(open);
        break;
      }
      const inner = format.slice(open + 2, close);
      i = close + 1;
      if (inner.startsWith('!')) {
        out += `\${${inner.slice(1)}}`;
        continue;
      }
      const name = inner.trim();
      const t = this.variable(name, vars, at, depth);
      out += t.text;
      if (t.unresolved && unresolved === undefined) {
        unresolved = t.unresolved;
        code = t.code;
      }
    }
    const result: Text = { text: out };
    if (unresolved !== undefined) {
      result.unresolved = unresolved;
      result.code = code ?? 'unresolved-value';
    }
    return result;
  }

  private variable(name: string, vars: Map<string, Text>, at: Span, depth: number): Text {
    const local = vars.get(name);
    if (local) return local;
    if (/^[a-zA-Z0-9-]+:[a-zA-Z]/.test(name) && !name.includes('::')) {
      // ${aws:username} in Fn::Sub: CloudFormation reads it as a template variable and fails; keep it as the
      // policy variable the author meant, and say how to write it.
      this.onProblem({
        code: 'policy-variable-in-sub',
        message: `\${${name}} inside Fn::Sub is read by CloudFormation as a template variable and the stack fails: write \${!${name}} for the IAM policy variable`,
        at,
      });
      return { text: `\${${name}}` };
    }
    const dot = name.indexOf('.');
    const synthetic: ObjectNode =
      dot > 0 && !name.startsWith('AWS::')
        ? {
            kind: 'object',
            entries: [
              {
                key: 'Fn::GetAtt',
                keySpan: at,
                value: { kind: 'scalar', value: name, start: at.start, end: at.end },
              },
            ],
            start: at.start,
            end: at.end,
          }
        : {
            kind: 'object',
            entries: [
              {
                key: 'Ref',
                keySpan: at,
                value: { kind: 'scalar', value: name, start: at.start, end: at.end },
              },
            ],
            start: at.start,
            end: at.end,
          };
    return this.text(synthetic, depth, at);
  }

  private join(arg: SourceNode, node: ObjectNode, depth: number): Resolved {
    if (arg.kind !== 'array' || arg.items.length !== 2) {
      return this.invalid('Fn::Join', 'Fn::Join takes [delimiter, [values...]]', node);
    }
    const delim = this.text(arg.items[0]!, depth, node).text;
    const list = this.resolve(arg.items[1]!, depth + 1);
    if (list === NO_VALUE) return this.textNode({ text: '' }, node);
    if (list.kind === 'scalar' && list.unresolved)
      return this.textNode(
        {
          text: String(list.value),
          unresolved: list.unresolved,
          code: list.unresolvedCode ?? 'unresolved-value',
        },
        node,
      );
    if (list.kind !== 'array')
      return this.invalid('Fn::Join', 'Fn::Join takes a list of values to join', node);
    const parts: string[] = [];
    let unresolved: Text | undefined;
    for (const item of list.items) {
      if (item.kind !== 'scalar') {
        unresolved ??= {
          text: '',
          unresolved: 'Fn::Join: an element is not a string: this value is not checked',
          code: 'invalid-intrinsic',
        };
        parts.push(`${PLACEHOLDER_PREFIX}list}}`);
        continue;
      }
      parts.push(item.value === null ? '' : String(item.value));
      if (item.unresolved && !unresolved)
        unresolved = {
          text: '',
          unresolved: item.unresolved,
          code: item.unresolvedCode ?? 'unresolved-value',
        };
    }
    const t: Text = { text: parts.join(delim) };
    if (unresolved?.unresolved) {
      t.unresolved = unresolved.unresolved;
      t.code = unresolved.code ?? 'unresolved-value';
    }
    return this.textNode(t, node);
  }

  private select(arg: SourceNode, node: ObjectNode, depth: number): Resolved {
    if (arg.kind !== 'array' || arg.items.length !== 2) {
      return this.invalid('Fn::Select', 'Fn::Select takes [index, [values...]]', node);
    }
    const index = Number(this.text(arg.items[0]!, depth, node).text);
    const list = this.resolve(arg.items[1]!, depth + 1);
    if (list !== NO_VALUE && list.kind === 'scalar' && list.unresolved) return placeAt(list, node);
    if (list === NO_VALUE || list.kind !== 'array')
      return this.invalid('Fn::Select', 'Fn::Select takes a list to select from', node);
    const item = Number.isInteger(index) ? list.items[index] : undefined;
    if (!item) {
      return this.invalid(
        'Fn::Select',
        `Fn::Select: index ${index} is outside the list of ${list.items.length}`,
        node,
      );
    }
    return placeAt(item, node);
  }

  private split(arg: SourceNode, node: ObjectNode, depth: number): Resolved {
    if (arg.kind !== 'array' || arg.items.length !== 2) {
      return this.invalid('Fn::Split', 'Fn::Split takes [delimiter, string]', node);
    }
    const delim = this.text(arg.items[0]!, depth, node).text;
    const source = this.text(arg.items[1]!, depth, node);
    const items: ScalarNode[] = (delim === '' ? [source.text] : source.text.split(delim)).map((v) => {
      const s: ScalarNode = { kind: 'scalar', value: v, start: node.start, end: node.end };
      if (source.unresolved) {
        s.unresolved = source.unresolved;
        s.unresolvedCode = source.code ?? 'unresolved-value';
      }
      return s;
    });
    return { kind: 'array', items, start: node.start, end: node.end } satisfies ArrayNode;
  }

  private findInMap(arg: SourceNode, node: ObjectNode, depth: number): Resolved {
    if (arg.kind !== 'array' || arg.items.length < 3) {
      return this.invalid(
        'Fn::FindInMap',
        'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]',
        node,
      );
    }
    const keys = arg.items.slice(0, 3).map((k) => this.text(k, depth, node));
    const bad = keys.find((k) => k.unresolved);
    if (bad) return this.textNode(bad, node);
    const [map, top, second] = keys.map((k) => k.text) as [string, string, string];
    const found = get(get(get(this.scope.mappings, map), top), second);
    if (found) {
      const r = this.resolve(found, depth + 1);
      return r === NO_VALUE ? r : placeAt(r, node);
    }
    const options = arg.items[3];
    const dflt = get(options, 'DefaultValue');
    if (dflt) {
      const r = this.resolve(dflt, depth + 1);
      return r === NO_VALUE ? r : placeAt(r, node);
    }
    return placeholder(
      `Fn::FindInMap ${map}.${top}.${second}`,
      `Fn::FindInMap: Mappings has no ${map} / ${top} / ${second}`,
      node,
      'unknown-reference',
    );
  }
}

function firstUnresolved(node: SourceNode): Partial<Text> {
  switch (node.kind) {
    case 'scalar':
      return node.unresolved
        ? { unresolved: node.unresolved, code: node.unresolvedCode ?? 'unresolved-value' }
        : {};
    case 'array':
      for (const i of node.items) {
        const u = firstUnresolved(i);
        if (u.unresolved) return u;
      }
      return {};
    case 'object':
      for (const e of node.entries) {
        const u = firstUnresolved(e.value);
        if (u.unresolved) return u;
      }
      return {};
  }
}

function base36(hex: string): string {
  return BigInt(`0x${hex.slice(0, 24)}`)
    .toString(36)
    .padStart(16, '0');
}
