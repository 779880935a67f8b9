/**
 * A granted principal's policies, parsed and compiled once for the engine: the identity policies (its own and
 * its groups'), the permissions boundary, and the request facts that are fixed for the principal
 * (`aws:username` of a user, `aws:PrincipalArn`, `aws:PrincipalAccount`).
 */
import type { CompiledPolicy, CompiledStatement } from '../evaluate/compile.js';
import type { EvaluationResult, PolicySet, RequestContext } from '../evaluate/index.js';
import { compilePolicy, evaluate } from '../evaluate/index.js';
import type { GrantedPolicy, GrantedPrincipal } from '../granted/types.js';
import type { PolicyDiagnostic } from '../policy/diagnostics.js';
import { unescapeIamLiteral } from '../policy/literal.js';
import type { ParsedPolicy, ParsedStatement } from '../policy/model.js';
import { parsePolicy } from '../policy/parse.js';
import { substituteVariables } from './arn-pattern.js';
import type { GrantSource } from './types.js';

export interface LoadedPolicy {
  granted: GrantedPolicy;
  /** Unique name inside the set (the engine reports matches by it). */
  name: string;
  parsed: ParsedPolicy;
  compiled: CompiledPolicy;
}

export class PrincipalPolicies {
  readonly identity: LoadedPolicy[] = [];
  readonly boundary: LoadedPolicy | undefined;
  readonly set: PolicySet;
  /** The set without the boundary: what the identity policies alone allow. */
  readonly identityOnly: PolicySet;
  readonly facts: Record<string, string>;
  readonly diagnostics: PolicyDiagnostic[] = [];
  private readonly byName = new Map<string, LoadedPolicy>();

  constructor(readonly principal: GrantedPrincipal) {
    const used = new Set<string>();
    const load = (g: GrantedPolicy, type: 'identity' | 'permissions-boundary'): LoadedPolicy => {
      let name = g.group ? `${g.group}/${g.name}` : g.name;
      for (let i = 2; used.has(name); i++) name = `${g.group ? `${g.group}/` : ''}${g.name} (${i})`;
      used.add(name);
      const parsed = parsePolicy(g.document, { source: g.source });
      const compiled = compilePolicy(parsed.policy, type, { name });
      this.diagnostics.push(...parsed.diagnostics, ...compiled.diagnostics);
      const loaded: LoadedPolicy = { granted: g, name, parsed: parsed.policy, compiled };
      this.byName.set(name, loaded);
      return loaded;
    };
    for (const g of [...principal.identityPolicies, ...principal.groupPolicies])
      this.identity.push(load(g, 'identity'));
    this.boundary = principal.boundary ? load(principal.boundary, 'permissions-boundary') : undefined;
    const identity = this.identity.map((p) => p.compiled);
    this.identityOnly = { identity };
    this.set = this.boundary ? { identity, permissionBoundaries: [this.boundary.compiled] } : { identity };
    const account = principal.arn.split(':')[4] ?? '';
    this.facts = { 'aws:PrincipalArn': principal.arn, 'aws:PrincipalAccount': account };
    if (principal.kind === 'user') this.facts['aws:username'] = principal.name;
  }

  /** Every loaded policy: identity first, then the boundary. */
  all(): LoadedPolicy[] {
    return this.boundary ? [...this.identity, this.boundary] : this.identity;
  }

  policy(name: string): LoadedPolicy | undefined {
    return this.byName.get(name);
  }

  statement(policy: LoadedPolicy, index: number): ParsedStatement | undefined {
    return policy.parsed.statements.find((s) => s.index === index);
  }

  /** The request context: the principal's facts plus the given keys. */
  context(extra?: RequestContext): RequestContext {
    return extra ? { ...this.facts, ...extra } : { ...this.facts };
  }

  /**
   * A request for `action` on `resource`, a resource pattern (a used or granted resource): the request
   * carries the text its escapes stand for (policy/literal.ts); its wildcards stay as characters.
   */
  evaluate(
    action: string,
    resource: string,
    extra?: RequestContext,
    set: PolicySet = this.set,
  ): EvaluationResult {
    return evaluate(
      {
        principal: this.principal.arn,
        action,
        resource: unescapeIamLiteral(resource),
        context: this.context(extra),
      },
      set,
    );
  }

  /** Resource patterns of a statement with the principal's variables filled in; `negated` for NotResource. */
  resources(st: ParsedStatement): { negated: boolean; patterns: string[] } {
    if (!st.resource) return { negated: false, patterns: ['*'] };
    return {
      negated: st.resource.element === 'NotResource',
      patterns: st.resource.values.map((v) => substituteVariables(v.value, this.facts)),
    };
  }

  source(policy: LoadedPolicy, st: { path: string; sid?: { value: string } | string }): GrantSource {
    const out: GrantSource = { policy: policy.name, source: policy.granted.source, path: st.path };
    const sid = typeof st.sid === 'string' ? st.sid : st.sid?.value;
    if (sid) out.sid = sid;
    return out;
  }

  /** The compiled statements of every policy whose Action/NotAction covers an action (lower-cased). */
  statementsFor(action: string): { policy: LoadedPolicy; statement: CompiledStatement }[] {
    const out: { policy: LoadedPolicy; statement: CompiledStatement }[] = [];
    const lower = action.toLowerCase();
    for (const p of this.all())
      for (const s of p.compiled.statementsFor(lower)) out.push({ policy: p, statement: s });
    return out;
  }
}
