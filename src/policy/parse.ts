/**
 * Read an IAM policy document into the checked model of `model.ts`. Never throws for bad input: every
 * problem becomes a diagnostic with a stable code and the JSON path, and whatever can still be read is
 * kept, so one pass reports every problem.
 *
 * Checks here are about the grammar and do not depend on the policy type; rules that do (Principal in an
 * identity policy, Resource in a trust policy) belong to `compilePolicy`, which knows the type.
 */
import type { PolicyDiagnostic, PolicyDiagnosticCode, PolicyDiagnosticSeverity } from './diagnostics.js';
import { type Position, readJson } from './json.js';
import type {
  Effect,
  Located,
  ParsedCondition,
  ParsedList,
  ParsedPolicy,
  ParsedPrincipal,
  ParsedPrincipalBlock,
  ParsedStatement,
  PrincipalType,
} from './model.js';
import { childPath, keyPath, parentPath } from './path.js';

export interface ParsePolicyOptions {
  /** A label for diagnostics, usually the file name. */
  source?: string;
}

export interface ParsePolicyResult {
  policy: ParsedPolicy;
  diagnostics: PolicyDiagnostic[];
}

const VERSIONS = ['2012-10-17', '2008-10-17'];
const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'];
const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Principal',
  'NotPrincipal',
  'Condition',
];
const PRINCIPAL_TYPES: readonly PrincipalType[] = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
/** `service:Name`, either part possibly with `*`/`?` wildcards. */
const ACTION_SHAPE = /^[A-Za-z0-9*?-]+:[A-Za-z0-9*?_-]+$/;

/** Parse a policy that is already a JavaScript value (e.g. from `JSON.parse` or a YAML template). */
export function parsePolicy(input: unknown, options: ParsePolicyOptions = {}): ParsePolicyResult {
  return new PolicyParser(options.source, undefined).parse(input);
}

/** Parse policy JSON text. Syntax errors and duplicate keys become diagnostics with line and column. */
export function parsePolicyText(text: string, source?: string): ParsePolicyResult {
  const read = readJson(text);
  if (read.kind === 'error') {
    const d: PolicyDiagnostic = {
      code: 'invalid-json',
      severity: 'error',
      message: `not valid JSON: ${read.message}`,
      path: '',
      line: read.position.line,
      column: read.position.column,
    };
    if (source !== undefined) d.source = source;
    const policy: ParsedPolicy = { statementShape: 'missing', statements: [] };
    if (source !== undefined) policy.source = source;
    return { policy, diagnostics: [d] };
  }
  const parser = new PolicyParser(source, read.positions);
  for (const dup of read.duplicates) {
    parser.report(
      'duplicate-key',
      'error',
      dup.path,
      `"${dup.key}" appears more than once; AWS rejects duplicate keys`,
      dup.position,
    );
  }
  return parser.parse(read.value);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

class PolicyParser {
  private readonly diagnostics: PolicyDiagnostic[] = [];

  constructor(
    private readonly source: string | undefined,
    private readonly positions: Map<string, Position> | undefined,
  ) {}

  report(
    code: PolicyDiagnosticCode,
    severity: PolicyDiagnosticSeverity,
    path: string,
    message: string,
    position?: Position,
  ): void {
    const d: PolicyDiagnostic = { code, severity, message, path };
    if (this.source !== undefined) d.source = this.source;
    const at = position ?? this.locate(path);
    if (at) {
      d.line = at.line;
      d.column = at.column;
    }
    this.diagnostics.push(d);
  }

  /** The position of a path, or of its nearest ancestor (a missing `Effect` points at its statement). */
  private locate(path: string): Position | undefined {
    if (!this.positions) return undefined;
    for (let p: string | undefined = path; p !== undefined; p = parentPath(p)) {
      const at = this.positions.get(p);
      if (at) return at;
    }
    return undefined;
  }

  parse(input: unknown): ParsePolicyResult {
    const policy: ParsedPolicy = { statementShape: 'missing', statements: [] };
    if (this.source !== undefined) policy.source = this.source;
    if (!isObject(input)) {
      this.report('not-an-object', 'error', '', `a policy must be a JSON object, found ${jsonType(input)}`);
      return { policy, diagnostics: this.diagnostics };
    }
    this.unknownKeys(input, '', POLICY_ELEMENTS, 'policy');

    const version = input.Version;
    if (version === undefined) {
      this.report(
        'missing-version',
        'warning',
        '',
        'no Version: AWS applies 2008-10-17 rules, so policy variables are read as literal text; add "Version": "2012-10-17"',
      );
    } else if (typeof version !== 'string') {
      this.report('invalid-type', 'error', 'Version', `Version must be a string, found ${jsonType(version)}`);
    } else {
      policy.version = { value: version, path: 'Version' };
      if (!VERSIONS.includes(version)) {
        this.report(
          'invalid-version',
          'error',
          'Version',
          `Version "${version}" is not "2012-10-17" or "2008-10-17"`,
        );
      } else if (version === '2008-10-17') {
        this.report(
          'old-version',
          'warning',
          'Version',
          'Version 2008-10-17 reads policy variables as literal text; use "2012-10-17"',
        );
      }
    }

    if (input.Id !== undefined) {
      if (typeof input.Id === 'string') policy.id = { value: input.Id, path: 'Id' };
      else this.report('invalid-type', 'error', 'Id', `Id must be a string, found ${jsonType(input.Id)}`);
    }

    const statement = input.Statement;
    if (statement === undefined) {
      this.report('missing-statement', 'error', '', 'the policy has no Statement');
    } else if (Array.isArray(statement)) {
      policy.statementShape = 'array';
      if (statement.length === 0)
        this.report('empty-element', 'warning', 'Statement', 'Statement is an empty list');
      statement.forEach((s, i) => {
        const parsed = this.statement(s, childPath('Statement', i), i);
        if (parsed) policy.statements.push(parsed);
      });
    } else if (isObject(statement)) {
      policy.statementShape = 'object';
      const parsed = this.statement(statement, 'Statement', 0);
      if (parsed) policy.statements.push(parsed);
    } else {
      this.report(
        'invalid-type',
        'error',
        'Statement',
        `Statement must be an object or a list of objects, found ${jsonType(statement)}`,
      );
    }
    this.duplicateSids(policy.statements);
    return { policy, diagnostics: this.diagnostics };
  }

  private unknownKeys(
    obj: Record<string, unknown>,
    path: string,
    known: readonly string[],
    what: string,
  ): void {
    for (const key of Object.keys(obj)) {
      if (known.includes(key)) continue;
      const fix = known.find((k) => k.toLowerCase() === key.toLowerCase());
      const hint = fix ? `; element names are case-sensitive: did you mean "${fix}"?` : '';
      this.report('unknown-element', 'error', keyPath(path, key), `"${key}" is not a ${what} element${hint}`);
    }
  }

  private duplicateSids(statements: ParsedStatement[]): void {
    const seen = new Map<string, string>();
    for (const s of statements) {
      if (!s.sid) continue;
      const first = seen.get(s.sid.value);
      if (first !== undefined) {
        this.report(
          'duplicate-sid',
          'warning',
          s.sid.path,
          `Sid "${s.sid.value}" is also used at ${first}; Sids must be unique`,
        );
      } else {
        seen.set(s.sid.value, s.sid.path);
      }
    }
  }

  private statement(input: unknown, path: string, index: number): ParsedStatement | undefined {
    if (!isObject(input)) {
      this.report('invalid-type', 'error', path, `a statement must be an object, found ${jsonType(input)}`);
      return undefined;
    }
    this.unknownKeys(input, path, STATEMENT_ELEMENTS, 'statement');
    const st: ParsedStatement = { index, path, conditions: [] };

    if (input.Sid !== undefined) {
      const p = childPath(path, 'Sid');
      if (typeof input.Sid === 'string') st.sid = { value: input.Sid, path: p };
      else this.report('invalid-type', 'error', p, `Sid must be a string, found ${jsonType(input.Sid)}`);
    }

    const effect = input.Effect;
    const effectPath = childPath(path, 'Effect');
    if (effect === undefined) {
      this.report(
        'missing-effect',
        'error',
        path,
        'the statement has no Effect; add "Effect": "Allow" or "Deny"',
      );
    } else if (effect === 'Allow' || effect === 'Deny') {
      st.effect = { value: effect as Effect, path: effectPath };
    } else if (typeof effect === 'string') {
      const fix = ['Allow', 'Deny'].find((e) => e.toLowerCase() === effect.toLowerCase());
      const hint = fix ? ` (Effect is case-sensitive: "${fix}")` : '';
      this.report(
        'invalid-effect',
        'error',
        effectPath,
        `Effect "${effect}" is not "Allow" or "Deny"${hint}`,
      );
    } else {
      this.report(
        'invalid-type',
        'error',
        effectPath,
        `Effect must be "Allow" or "Deny", found ${jsonType(effect)}`,
      );
    }

    const action = this.pair(input, path, 'Action', 'NotAction', 'action-and-notaction', 'missing-action');
    if (action) {
      st.action = action;
      for (const a of action.values) {
        if (a.value !== '*' && !ACTION_SHAPE.test(a.value)) {
          this.report(
            'invalid-action',
            'warning',
            a.path,
            `"${a.value}" is not of the form service:ActionName (e.g. "s3:GetObject")`,
          );
        }
      }
    }

    // Whether a missing Resource is an error depends on the policy type (role trust policies have none),
    // so that is checked by compilePolicy; here only "both" is a grammar error.
    const resource = this.pair(input, path, 'Resource', 'NotResource', 'resource-and-notresource', undefined);
    if (resource) {
      st.resource = resource;
      for (const r of resource.values) {
        if (r.value.startsWith('arn:') && r.value.split(':').length < 6) {
          this.report(
            'resource-not-arn',
            'warning',
            r.path,
            `"${r.value}" has fewer than the six colon-separated parts of an ARN, so it matches no ARN`,
          );
        }
      }
    }

    const principal = this.principal(input, path);
    if (principal) st.principal = principal;

    if (input.Condition !== undefined)
      this.conditions(input.Condition, childPath(path, 'Condition'), st.conditions);
    return st;
  }

  /** Read one of two exclusive list elements (Action/NotAction, Resource/NotResource). */
  private pair<A extends string, B extends string>(
    input: Record<string, unknown>,
    path: string,
    a: A,
    b: B,
    bothCode: PolicyDiagnosticCode,
    missingCode: PolicyDiagnosticCode | undefined,
  ): ParsedList<A | B> | undefined {
    const hasA = input[a] !== undefined;
    const hasB = input[b] !== undefined;
    if (hasA && hasB) {
      this.report(bothCode, 'error', keyPath(path, b), `a statement has either ${a} or ${b}, not both`);
    }
    if (!hasA && !hasB) {
      if (missingCode) this.report(missingCode, 'error', path, `the statement has neither ${a} nor ${b}`);
      return undefined;
    }
    const element: A | B = hasA ? a : b;
    const p = childPath(path, element);
    const values = this.stringList(input[element], p, element);
    return values ? { element, path: p, values } : undefined;
  }

  /** A string or a list of strings; bad entries are reported and dropped. */
  private stringList(v: unknown, path: string, what: string): Located<string>[] | undefined {
    if (typeof v === 'string') return [{ value: v, path }];
    if (!Array.isArray(v)) {
      this.report(
        'invalid-type',
        'error',
        path,
        `${what} must be a string or a list of strings, found ${jsonType(v)}`,
      );
      return undefined;
    }
    if (v.length === 0)
      this.report('empty-element', 'warning', path, `${what} is an empty list, so it matches nothing`);
    const out: Located<string>[] = [];
    v.forEach((item, i) => {
      const p = childPath(path, i);
      if (typeof item === 'string') out.push({ value: item, path: p });
      else
        this.report('invalid-type', 'error', p, `${what} entries must be strings, found ${jsonType(item)}`);
    });
    return out;
  }

  private principal(input: Record<string, unknown>, path: string): ParsedPrincipalBlock | undefined {
    const hasP = input.Principal !== undefined;
    const hasN = input.NotPrincipal !== undefined;
    if (hasP && hasN) {
      this.report(
        'principal-and-notprincipal',
        'error',
        keyPath(path, 'NotPrincipal'),
        'a statement has either Principal or NotPrincipal, not both',
      );
    }
    if (!hasP && !hasN) return undefined;
    const element = hasP ? 'Principal' : 'NotPrincipal';
    const p = childPath(path, element);
    const v = input[element];
    let principal: ParsedPrincipal | undefined;
    if (v === '*') {
      principal = { kind: 'any' };
    } else if (isObject(v)) {
      const entries: { type: PrincipalType; path: string; values: Located<string>[] }[] = [];
      for (const [type, raw] of Object.entries(v)) {
        if (!(PRINCIPAL_TYPES as readonly string[]).includes(type)) {
          this.report(
            'unknown-principal-type',
            'error',
            keyPath(p, type),
            `"${type}" is not a principal type; use AWS, Service, Federated or CanonicalUser`,
          );
          continue;
        }
        const ep = childPath(p, type);
        const values = this.stringList(raw, ep, `${element}.${type}`);
        if (!values) continue;
        for (const val of values) {
          if (val.value !== '*' && /[*?]/.test(val.value)) {
            this.report(
              'principal-wildcard',
              'warning',
              val.path,
              `"${val.value}": wildcards cannot match part of a principal; this value is compared literally`,
            );
          }
        }
        entries.push({ type: type as PrincipalType, path: ep, values });
      }
      principal = { kind: 'map', entries };
    } else {
      this.report(
        'invalid-type',
        'error',
        p,
        `${element} must be "*" or an object such as {"AWS": ...}, found ${jsonType(v)}`,
      );
    }
    return principal ? { element, path: p, principal } : undefined;
  }

  private conditions(v: unknown, path: string, out: ParsedCondition[]): void {
    if (!isObject(v)) {
      this.report(
        'invalid-type',
        'error',
        path,
        `Condition must be an object of operators, found ${jsonType(v)}`,
      );
      return;
    }
    for (const [operator, block] of Object.entries(v)) {
      const operatorPath = childPath(path, operator);
      if (!isObject(block)) {
        this.report(
          'invalid-type',
          'error',
          operatorPath,
          `Condition.${operator} must be an object of condition keys, found ${jsonType(block)}`,
        );
        continue;
      }
      if (Object.keys(block).length === 0) {
        this.report('empty-element', 'warning', operatorPath, `Condition.${operator} has no condition keys`);
      }
      for (const [key, raw] of Object.entries(block)) {
        const keyP = childPath(operatorPath, key);
        const values: Located<string>[] = [];
        const one = (item: unknown, p: string): void => {
          if (typeof item === 'string') values.push({ value: item, path: p });
          else if (typeof item === 'number' || typeof item === 'boolean')
            values.push({ value: String(item), path: p });
          else {
            this.report(
              'invalid-type',
              'error',
              p,
              `condition values must be strings, numbers or booleans, found ${jsonType(item)}`,
            );
          }
        };
        if (Array.isArray(raw)) {
          if (raw.length === 0)
            this.report('empty-element', 'warning', keyP, `${key} has an empty list of values`);
          for (const [i, item] of raw.entries()) one(item, childPath(keyP, i));
        } else {
          one(raw, keyP);
        }
        out.push({ operator, operatorPath, key, path: keyP, values });
      }
    }
  }
}
