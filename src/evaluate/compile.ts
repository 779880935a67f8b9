/**
 * Compile a parsed policy once into matchers that evaluate many requests fast:
 * - actions: folded to lower case (IAM actions are case-insensitive), literal actions in a set, `prefix*`
 *   as prefix tests, anything else as wildcard tokens;
 * - statements indexed by service prefix, so a request only looks at statements that can name its
 *   service (plus those with `*`, a wildcard service or NotAction), and the statements that match an
 *   action are remembered per action;
 * - resources: case-sensitive; exact ARNs in a set, `arn:...:prefix*` as prefix tests, the rest
 *   segment-wise (see pattern.ts), variables resolved per request;
 * - conditions: one compiled matcher per operator and key (see condition.ts).
 *
 * Type-specific rules are checked here: Principal only in resource policies (and RCPs), where it is
 * required; Id not in identity policies; Resource optional only in resource policies (role trust policies).
 */
import type {
  PolicyDiagnostic,
  PolicyDiagnosticCode,
  PolicyDiagnosticSeverity,
} from '../policy/diagnostics.js';
import type { Effect, ParsedPolicy, ParsedStatement } from '../policy/model.js';
import { keyPath, parentPath } from '../policy/path.js';
import { type CompiledCondition, compileCondition } from './condition.js';
import { type GlobToken, globMatch, globTokens, literalOf, prefixOf } from './glob.js';
import { type CompiledPattern, compileArn, parsePattern } from './pattern.js';
import { type CompiledPrincipal, compilePrincipal } from './principal.js';
import type { PolicyType } from './types.js';

export interface CompilePolicyOptions {
  /** Name used in results; defaults to the policy's source, then its Id, then its type. */
  name?: string;
}

export interface ActionMatcher {
  /** NotAction: the statement covers every action except these. */
  negated: boolean;
  /** Lower-cased literal actions. */
  exact: Set<string>;
  /** Lower-cased prefixes of `prefix*` patterns (`''` for `*`). */
  prefixes: string[];
  globs: GlobToken[][];
}

export interface ResourceMatcher {
  /** NotResource: the statement covers every resource except these. */
  negated: boolean;
  exact: Set<string>;
  prefixes: string[];
  /** Wildcards in ARN segments, plain globs, and patterns with variables. */
  others: CompiledPattern[];
}

export interface CompiledStatement {
  index: number;
  path: string;
  sid?: string;
  effect: Effect;
  action: ActionMatcher;
  /** Undefined only in a resource policy statement without Resource (a role trust policy): every resource. */
  resource: ResourceMatcher | undefined;
  principal: { negated: boolean; matcher: CompiledPrincipal } | undefined;
  conditions: CompiledCondition[];
}

const ACTION_CACHE_LIMIT = 10_000;

export class CompiledPolicy {
  /** Statements by lower-cased service prefix; `anyService` holds those that may match any service. */
  private readonly byService = new Map<string, CompiledStatement[]>();
  private readonly anyService: CompiledStatement[] = [];
  private readonly actionCache = new Map<string, readonly CompiledStatement[]>();

  constructor(
    readonly name: string,
    readonly type: PolicyType,
    readonly statements: readonly CompiledStatement[],
    readonly diagnostics: readonly PolicyDiagnostic[],
    services: ReadonlyMap<CompiledStatement, readonly string[] | undefined>,
  ) {
    for (const s of statements) {
      const list = services.get(s);
      if (list === undefined) {
        this.anyService.push(s);
        continue;
      }
      for (const service of list) {
        let bucket = this.byService.get(service);
        if (!bucket) {
          bucket = [];
          this.byService.set(service, bucket);
        }
        if (bucket[bucket.length - 1] !== s) bucket.push(s);
      }
    }
  }

  /** True when some diagnostic is an error: AWS would reject the policy, or parts were not compiled. */
  get hasErrors(): boolean {
    return this.diagnostics.some((d) => d.severity === 'error');
  }

  /** The statements (in policy order) whose Action/NotAction covers a lower-cased action. */
  statementsFor(action: string): readonly CompiledStatement[] {
    const cached = this.actionCache.get(action);
    if (cached) return cached;
    const colon = action.indexOf(':');
    const service = colon > 0 ? action.slice(0, colon) : action;
    const bucket = this.byService.get(service);
    const candidates = bucket ? mergeByIndex(bucket, this.anyService) : this.anyService;
    const out = candidates.filter((s) => actionMatches(s.action, action));
    if (this.actionCache.size >= ACTION_CACHE_LIMIT) this.actionCache.clear();
    this.actionCache.set(action, out);
    return out;
  }
}

function mergeByIndex(a: readonly CompiledStatement[], b: readonly CompiledStatement[]): CompiledStatement[] {
  if (b.length === 0) return [...a];
  const out: CompiledStatement[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]!.index < b[j]!.index)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

export function actionMatches(m: ActionMatcher, action: string): boolean {
  let hit = m.exact.has(action);
  if (!hit) for (const p of m.prefixes) if (action.startsWith(p)) hit = true;
  if (!hit) for (const g of m.globs) if (globMatch(g, action)) hit = true;
  return hit !== m.negated;
}

/** Compile a parsed policy for a policy type. Problems are in `diagnostics`; a statement that cannot be evaluated is left out. */
export function compilePolicy(
  parsed: ParsedPolicy,
  type: PolicyType,
  options: CompilePolicyOptions = {},
): CompiledPolicy {
  const diagnostics: PolicyDiagnostic[] = [];
  const report = (
    code: PolicyDiagnosticCode,
    severity: PolicyDiagnosticSeverity,
    path: string,
    message: string,
  ) => {
    const d: PolicyDiagnostic = { code, severity, message, path };
    if (parsed.source !== undefined) d.source = parsed.source;
    diagnostics.push(d);
  };
  const variables = parsed.version?.value === '2012-10-17';

  if (type === 'identity' && parsed.id) {
    report('id-not-allowed', 'warning', keyPath('', 'Id'), 'identity-based policies must not have an Id');
  }

  const statements: CompiledStatement[] = [];
  const services = new Map<CompiledStatement, readonly string[] | undefined>();
  for (const st of parsed.statements) {
    const compiled = compileStatement(st, type, variables, report);
    if (compiled) {
      statements.push(compiled.statement);
      services.set(compiled.statement, compiled.services);
    }
  }
  const name = options.name ?? parsed.source ?? parsed.id?.value ?? type;
  return new CompiledPolicy(name, type, statements, diagnostics, services);
}

type Report = (
  code: PolicyDiagnosticCode,
  severity: PolicyDiagnosticSeverity,
  path: string,
  message: string,
) => void;

function compileStatement(
  st: ParsedStatement,
  type: PolicyType,
  variables: boolean,
  report: Report,
): { statement: CompiledStatement; services: string[] | undefined } | undefined {
  const skip = (why: string): undefined => {
    report('statement-skipped', 'error', st.path, `not evaluated: ${why}`);
    return undefined;
  };
  if (!st.effect) return skip('it has no valid Effect');
  if (!st.action) return skip('it has no readable Action or NotAction');
  if (type === 'rcp' && st.effect.value === 'Allow') {
    // RCPFullAWSAccess (Allow * to everyone) is always attached and cannot be detached, so an RCP's
    // Allow can never narrow anything; only its Deny statements count.
    report(
      'statement-skipped',
      'warning',
      st.effect.path,
      'not evaluated: AWS supports Allow in RCPs only in RCPFullAWSAccess, which is always attached; only Deny statements restrict',
    );
    return undefined;
  }

  // Principal
  let principal: CompiledStatement['principal'];
  const takesPrincipal = type === 'resource' || type === 'rcp';
  if (st.principal) {
    if (takesPrincipal) {
      principal = {
        negated: st.principal.element === 'NotPrincipal',
        matcher: compilePrincipal(st.principal.principal),
      };
    } else {
      report(
        'principal-not-allowed',
        'error',
        keyPath(st.path, st.principal.element),
        `${st.principal.element} is not allowed in a ${type} policy: the principal is the identity it is attached to; ignored`,
      );
    }
  } else if (type === 'resource') {
    report(
      'missing-principal',
      'error',
      st.path,
      'a resource-based policy statement needs a Principal or NotPrincipal',
    );
    return skip('a resource-based policy statement without Principal grants or denies no one');
  }

  // Resource
  let resource: ResourceMatcher | undefined;
  if (st.resource) {
    resource = { negated: st.resource.element === 'NotResource', exact: new Set(), prefixes: [], others: [] };
    for (const r of st.resource.values) {
      const parsedPattern = parsePattern(r.value, { wildcards: true, variables });
      for (const message of parsedPattern.errors)
        report('invalid-variable', 'warning', r.path, `${message}; read as text`);
      const p = compileArn(parsedPattern.parts, !resource.negated);
      if (p.kind === 'exact') resource.exact.add(p.text);
      else if (p.kind === 'prefix') resource.prefixes.push(p.prefix);
      else resource.others.push(p);
    }
  } else if (type === 'resource') {
    report(
      'missing-resource',
      'warning',
      st.path,
      'no Resource or NotResource: only role trust policies omit it; the statement applies to any resource',
    );
  } else {
    report('missing-resource', 'error', st.path, 'the statement has no readable Resource or NotResource');
    return skip('it has no readable Resource or NotResource');
  }

  // Conditions
  const conditions: CompiledCondition[] = [];
  let broken = false;
  for (const c of st.conditions) {
    const result = compileCondition(c, variables);
    for (const problem of result.problems) {
      switch (problem.kind) {
        case 'operator':
          report(
            problem.code,
            'error',
            keyPath(parentPath(c.operatorPath) ?? '', c.operator),
            problem.message,
          );
          break;
        case 'case':
          report(
            'condition-operator-case',
            'warning',
            c.operatorPath,
            `write "${problem.canonical}" rather than "${c.operator}"`,
          );
          break;
        case 'value': {
          const at = c.values[problem.problem.index]?.path ?? c.path;
          const severity = problem.problem.code === 'invalid-condition-value' ? 'error' : 'warning';
          report(problem.problem.code, severity, at, problem.problem.message);
          break;
        }
        case 'no-values':
          report('invalid-condition-value', 'error', c.path, `${c.key} has no values to compare with`);
          break;
      }
    }
    if (result.condition) conditions.push(result.condition);
    else broken = true;
  }
  if (broken) return skip('a condition cannot be evaluated (see the diagnostics above)');

  // Action
  const action: ActionMatcher = {
    negated: st.action.element === 'NotAction',
    exact: new Set(),
    prefixes: [],
    globs: [],
  };
  let services: string[] | undefined = action.negated ? undefined : [];
  for (const a of st.action.values) {
    const tokens = globTokens(a.value, true);
    const lit = literalOf(tokens);
    const prefix = prefixOf(tokens);
    if (lit !== undefined) action.exact.add(lit);
    else if (prefix !== undefined) action.prefixes.push(prefix);
    else action.globs.push(tokens);
    if (services) {
      const first = tokens[0];
      const colon = typeof first === 'string' ? first.indexOf(':') : -1;
      // Only a literal service prefix can be indexed; `*`, `s3*:...` or no colon may match any service.
      if (colon > 0) services.push(first!.toString().slice(0, colon));
      else services = undefined;
    }
  }

  const statement: CompiledStatement = {
    index: st.index,
    path: st.path,
    effect: st.effect.value,
    action,
    resource,
    principal,
    conditions,
  };
  if (st.sid) statement.sid = st.sid.value;
  return { statement, services };
}
