/**
 * Prove a generated policy against its own evidence: every observed successful (action, resource) must be
 * allowed by it. A failure is a leastpriv bug, never the user's: the CLI exits 2 and says so.
 * Work is per distinct permission, not per event, and per distinct policy: a policy seen again (a role
 * and its only workload often get the same one) is not compiled again, nor a request replayed twice.
 */
import type { PrincipalUsage } from '../aggregate/usage.js';
import type { EvaluationRequest, PolicySet, RequestContext } from '../evaluate/index.js';
import { compilePolicy, evaluate } from '../evaluate/index.js';
import type { ConditionBlock } from '../mapping/types.js';
import { parsePolicy } from '../policy/index.js';
import { unescapeIamLiteral } from '../policy/literal.js';
import type { PolicyDocument } from '../policy/types.js';

export interface ReplayFailure {
  action: string;
  resource: string;
  decision: string;
  samples: string[];
}

export interface ReplayReport {
  /** Distinct observed (action, resource) pairs replayed (plus the pattern of a folded entry that did not keep them all). */
  checked: number;
  failures: ReplayFailure[];
}

/**
 * The request context a permission's condition records. Conditions leastpriv emits state facts of the
 * request (`iam:PassedToService` is the service the role was passed to), so they are the context too.
 */
function contextOf(condition: ConditionBlock | undefined): RequestContext | undefined {
  if (!condition) return undefined;
  const context: Record<string, string | string[]> = {};
  for (const keys of Object.values(condition)) {
    for (const [key, values] of Object.entries(keys)) {
      context[key] = values.length === 1 ? (values[0] as string) : values;
    }
  }
  return context;
}

/**
 * A policy compiled for the replay, with what each request replayed against it found (`verdictOf`).
 * Requests are keyed by action and condition, then resource.
 */
interface CompiledReplay {
  policies: PolicySet;
  verdicts: Map<string, Map<string, string | null>>;
  size: number;
}

/** Policies kept compiled: a role's usage and its workload's often get the very same policy. */
const RECENT_POLICIES = 8;
/** Verdicts kept per policy; past it, requests are still replayed but no longer remembered. */
const VERDICT_LIMIT = 50_000;

/**
 * Policies compiled for replays, with their verdicts: one per run (`generate` keeps one for all its usages),
 * so that nothing stays in memory after the run.
 */
export class ReplayCache {
  private readonly recent = new Map<string, CompiledReplay>();

  /**
   * The compiled policy and remembered verdicts for a policy's content (its JSON, which the parse and the
   * evaluation depend on alone), most recently used kept.
   */
  compiled(policy: PolicyDocument, source: string): CompiledReplay {
    const key = JSON.stringify(policy);
    let replay = this.recent.get(key);
    if (replay) {
      this.recent.delete(key);
    } else {
      const parsed = parsePolicy(policy, { source });
      replay = {
        policies: { identity: [compilePolicy(parsed.policy, 'identity')] },
        verdicts: new Map(),
        size: 0,
      };
      if (this.recent.size >= RECENT_POLICIES) this.recent.delete(this.recent.keys().next().value as string);
    }
    this.recent.set(key, replay);
    return replay;
  }
}

/** What replaying the request found: null when the policy allows it outright, else the decision. */
function verdictOf(request: EvaluationRequest, policies: PolicySet): string | null {
  const result = evaluate(request, policies);
  if (result.decision === 'Allowed' && result.dependsOn.length === 0) return null;
  return result.decision === 'Allowed'
    ? `Allowed only if ${result.dependsOn.join(', ')} allow it`
    : result.decision;
}

export function replayEvidence(
  usage: PrincipalUsage,
  policy: PolicyDocument,
  cache: ReplayCache = new ReplayCache(),
): ReplayReport {
  const compiled = cache.compiled(policy, usage.workload ?? usage.principal ?? 'generated');
  const failures: ReplayFailure[] = [];
  let checked = 0;
  for (const used of usage.used.values()) {
    const context = contextOf(used.condition);
    const requestKey = context ? `${used.action}\u0000${JSON.stringify(used.condition)}` : used.action;
    let verdicts = compiled.verdicts.get(requestKey);
    if (!verdicts) {
      verdicts = new Map();
      compiled.verdicts.set(requestKey, verdicts);
    }
    const replay = (resource: string): void => {
      checked++;
      let verdict = verdicts.get(resource);
      if (verdict === undefined) {
        // The request names the resource as the record did; the usage writes it as a pattern (policy/literal.ts).
        const request: EvaluationRequest = { action: used.action, resource: unescapeIamLiteral(resource) };
        if (context) request.context = context;
        verdict = verdictOf(request, compiled.policies);
        if (compiled.size < VERDICT_LIMIT) {
          verdicts.set(resource, verdict);
          compiled.size++;
        }
      }
      if (verdict !== null) {
        failures.push({ action: used.action, resource, decision: verdict, samples: used.samples });
      }
    };
    // A folded entry: each observed resource it kept, and its pattern for those it did not keep.
    if (!used.folded) replay(used.resource);
    else {
      for (const resource of used.folded.resources) replay(resource);
      if (used.folded.more) replay(used.resource);
    }
  }
  failures.sort((a, b) => (a.action + a.resource < b.action + b.resource ? -1 : 1));
  return { checked, failures };
}
