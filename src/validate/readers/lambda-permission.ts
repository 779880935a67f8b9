/**
 * AWS::Lambda::Permission and Terraform's aws_lambda_permission hold no policy document, but each adds one
 * statement to the function's resource policy. We write that statement the way Lambda does, so the resource
 * policy checks (public or cross-account invoke, missing source conditions) run on it; each value is placed at
 * the property it came from.
 */
import type { PseudoParameters } from './intrinsics.js';
import type { Entry, ObjectNode, ScalarNode, SourceNode, Span } from './source-node.js';

export interface PermissionPart {
  value: SourceNode;
  keySpan: Span;
}

export interface LambdaPermissionParts {
  sid: string;
  action?: PermissionPart;
  principal?: PermissionPart;
  functionName?: PermissionPart;
  sourceArn?: PermissionPart;
  sourceAccount?: PermissionPart;
  principalOrgId?: PermissionPart;
  functionUrlAuthType?: PermissionPart;
  /** Where the resource is: the place of everything that has no property of its own. */
  anchor: Span;
  pseudo: PseudoParameters;
}

function str(value: string, at: Span, from?: SourceNode): ScalarNode {
  const out: ScalarNode = { kind: 'scalar', value, start: at.start, end: at.end };
  if (from?.kind === 'scalar' && from.unresolved !== undefined) {
    out.unresolved = from.unresolved;
    if (from.unresolvedCode) out.unresolvedCode = from.unresolvedCode;
  }
  return out;
}

function entry(key: string, value: SourceNode, keySpan: Span): Entry {
  return { key, keySpan, value };
}

function obj(entries: Entry[], at: Span): ObjectNode {
  return { kind: 'object', entries, start: at.start, end: at.end };
}

function text(node: SourceNode): string | undefined {
  return node.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

/** `{ "Service": "s3.amazonaws.com" }`, `{ "AWS": "111122223333" }` or `"*"`, as Lambda writes the principal. */
function principalNode(part: PermissionPart): SourceNode {
  const v = text(part.value);
  if (v === undefined) return part.value;
  if (v === '*') return part.value;
  const isService =
    /\.amazonaws\.com(\.cn)?$/.test(v) || (/^[a-z0-9.-]+\.[a-z]+$/.test(v) && !v.startsWith('arn:'));
  return obj([entry(isService ? 'Service' : 'AWS', part.value, part.keySpan)], part.value);
}

/** The function's ARN from a name, a partial ARN (`111122223333:function:name`, `name:alias`) or an ARN. */
function functionArn(part: PermissionPart, pseudo: PseudoParameters): SourceNode {
  const v = text(part.value);
  if (v === undefined || v.startsWith('arn:')) return part.value;
  const prefix = `arn:${pseudo['AWS::Partition']}:lambda:${pseudo['AWS::Region']}`;
  const partial = /^(\d{12}):function:(.+)$/.exec(v);
  const arn = partial
    ? `${prefix}:${partial[1]}:function:${partial[2]}`
    : `${prefix}:${pseudo['AWS::AccountId']}:function:${v}`;
  return str(arn, part.value, part.value);
}

export function lambdaPermissionDocument(parts: LambdaPermissionParts): ObjectNode {
  const at = parts.anchor;
  const statement: Entry[] = [entry('Sid', str(parts.sid, at), at), entry('Effect', str('Allow', at), at)];
  if (parts.principal)
    statement.push(entry('Principal', principalNode(parts.principal), parts.principal.keySpan));
  if (parts.action) statement.push(entry('Action', parts.action.value, parts.action.keySpan));
  if (parts.functionName)
    statement.push(
      entry('Resource', functionArn(parts.functionName, parts.pseudo), parts.functionName.keySpan),
    );
  const conditions: [string, string, PermissionPart | undefined][] = [
    ['ArnLike', 'AWS:SourceArn', parts.sourceArn],
    ['StringEquals', 'AWS:SourceAccount', parts.sourceAccount],
    ['StringEquals', 'aws:PrincipalOrgID', parts.principalOrgId],
    ['StringEquals', 'lambda:FunctionUrlAuthType', parts.functionUrlAuthType],
  ];
  const operators = new Map<string, Entry[]>();
  let conditionSpan: Span | undefined;
  for (const [op, key, part] of conditions) {
    if (!part) continue;
    conditionSpan ??= part.keySpan;
    const list = operators.get(op) ?? [];
    list.push(entry(key, part.value, part.keySpan));
    operators.set(op, list);
  }
  if (conditionSpan) {
    const cs = conditionSpan;
    statement.push(
      entry(
        'Condition',
        obj(
          [...operators].map(([op, keys]) => entry(op, obj(keys, keys[0]!.keySpan), keys[0]!.keySpan)),
          cs,
        ),
        cs,
      ),
    );
  }
  return obj(
    [
      entry('Version', str('2012-10-17', at), at),
      entry('Statement', { kind: 'array', items: [obj(statement, at)], start: at.start, end: at.end }, at),
    ],
    at,
  );
}
