/**
 * Prove a generated policy against its own evidence: every observed successful (action, resource) must be
 * allowed by it. A failure is a leastpriv bug, never the user's: the CLI exits 2 and says so.
 * Work is per distinct permission, not per event.
 */
import type { PrincipalUsage, UsedPermission } from '../aggregate/usage.js';
import type { RequestContext } from '../evaluate/index.js';
import { compilePolicy, evaluate } from '../evaluate/index.js';
import type { ConditionBlock } from '../mapping/types.js';
import { parsePolicy } from '../policy/index.js';
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

export function replayEvidence(usage: PrincipalUsage, policy: PolicyDocument): ReplayReport {
  const parsed = parsePolicy(policy, { source: usage.workload ?? usage.principal ?? 'generated' });
  const compiled = compilePolicy(parsed.policy, 'identity');
  const policySet = { identity: [compiled] };
  const failures: ReplayFailure[] = [];
  let checked = 0;
  const replay = (used: UsedPermission, resource: string) => {
    checked++;
    const request: { action: string; resource: string; context?: RequestContext } = {
      action: used.action,
      resource,
    };
    const context = contextOf(used.condition);
    if (context) request.context = context;
    const result = evaluate(request, policySet);
    if (result.decision !== 'Allowed' || result.dependsOn.length > 0) {
      failures.push({
        action: used.action,
        resource,
        decision:
          result.decision === 'Allowed'
            ? `Allowed only if ${result.dependsOn.join(', ')} allow it`
            : result.decision,
        samples: used.samples,
      });
    }
  };
  for (const used of usage.used.values()) {
    // A folded entry: each observed resource it kept, and its pattern for those it did not keep.
    if (!used.folded) replay(used, used.resource);
    else {
      for (const resource of used.folded.resources) replay(used, resource);
      if (used.folded.more) replay(used, used.resource);
    }
  }
  failures.sort((a, b) => (a.action + a.resource < b.action + b.resource ? -1 : 1));
  return { checked, failures };
}
