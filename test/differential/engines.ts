/**
 * One differential case run through both engines: ours (from src/) and @cloud-copilot/iam-simulate
 * (AGPL, a devDependency used only by tests under test/differential/ and by scripts/bench-evaluate.mjs).
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import {
  type CompiledPolicy,
  compilePolicy,
  evaluate,
  type PolicySet,
  type PolicyType,
} from '../../src/evaluate/index.js';
import { parsePolicy } from '../../src/policy/index.js';
import type { ContextValues, DifferentialCase, PolicyDoc } from './generate-cases.js';

export type Decision = 'Allowed' | 'ExplicitDeny' | 'ImplicitDeny';

const THEIRS: Record<string, Decision> = {
  Allowed: 'Allowed',
  ExplicitlyDenied: 'ExplicitDeny',
  ImplicitlyDenied: 'ImplicitDeny',
};

export interface TheirResult {
  decision: Decision;
  /** Context keys iam-simulate dropped because they do not apply to the action and resource. */
  ignoredContextKeys: string[];
}

/** iam-simulate's decision; throws when it rejects the input (a generator bug). */
export async function theirDecision(c: DifferentialCase): Promise<TheirResult> {
  const named = (docs: PolicyDoc[] | undefined, prefix: string) =>
    (docs ?? []).map((policy, i) => ({ name: `${prefix}${i}`, policy }));
  const simulation: Simulation = {
    request: {
      principal: c.request.principal,
      action: c.request.action,
      resource: { resource: c.request.resource, accountId: c.request.resourceAccount },
      contextVariables: c.request.context,
    },
    identityPolicies: named(c.policies.identity, 'identity'),
    serviceControlPolicies: c.policies.scp
      ? [{ orgIdentifier: 'r-root', policies: named(c.policies.scp, 'scp') }]
      : [],
    resourceControlPolicies: c.policies.rcp
      ? [{ orgIdentifier: 'r-root', policies: named(c.policies.rcp, 'rcp') }]
      : [],
  };
  if (c.policies.resource) simulation.resourcePolicy = c.policies.resource;
  if (c.policies.boundary) simulation.permissionBoundaryPolicies = named(c.policies.boundary, 'boundary');
  if (c.policies.session) simulation.sessionPolicy = c.policies.session;
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') {
    throw new Error(`iam-simulate rejected case ${c.id}: ${JSON.stringify(result.errors)}`);
  }
  const decision = THEIRS[result.overallResult];
  if (!decision) throw new Error(`iam-simulate answered ${result.overallResult} for ${c.id}`);
  const ignoredContextKeys = result.resultType === 'single' ? (result.result.ignoredContextKeys ?? []) : [];
  return { decision, ignoredContextKeys };
}

function compileAll(docs: PolicyDoc[] | undefined, type: PolicyType, name: string): CompiledPolicy[] {
  return (docs ?? []).map((doc, i) => {
    const parsed = parsePolicy(doc, { source: `${name}[${i}]` });
    const compiled = compilePolicy(parsed.policy, type);
    const errors = [...parsed.diagnostics, ...compiled.diagnostics].filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`our engine rejected ${name}[${i}]: ${JSON.stringify(errors)}`);
    return compiled;
  });
}

/** Our policy set for a case. RCPs with Allow warn and are skipped, which is what we want here. */
export function ourPolicySet(c: DifferentialCase): PolicySet {
  const set: PolicySet = {
    identity: compileAll(c.policies.identity, 'identity', 'identity'),
    // Always given (possibly empty): the resource's policies are known, so rules that need one apply.
    resource: compileAll(c.policies.resource && [c.policies.resource], 'resource', 'resource'),
  };
  if (c.policies.boundary)
    set.permissionBoundaries = compileAll(c.policies.boundary, 'permissions-boundary', 'boundary');
  if (c.policies.scp) set.scps = compileAll(c.policies.scp, 'scp', 'scp');
  if (c.policies.rcp) set.rcps = compileAll(c.policies.rcp, 'rcp', 'rcp');
  if (c.policies.session) set.session = compileAll([c.policies.session], 'session', 'session');
  return set;
}

/** Our decision, with the same effective context as iam-simulate (keys it ignored are left out). */
export function ourDecision(c: DifferentialCase, ignoredContextKeys: readonly string[] = []): Decision {
  const ignored = new Set(ignoredContextKeys.map((k) => k.toLowerCase()));
  const context: ContextValues = {};
  for (const [k, v] of Object.entries(c.request.context)) if (!ignored.has(k.toLowerCase())) context[k] = v;
  return evaluate(
    {
      principal: c.request.principal,
      action: c.request.action,
      resource: c.request.resource,
      resourceAccount: c.request.resourceAccount,
      context,
    },
    ourPolicySet(c),
  ).decision;
}
