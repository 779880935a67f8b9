/**
 * A file that is one policy document (JSON or YAML). Its type is `--policy-type` when given, else guessed:
 * a Principal makes it a resource policy, and one whose statements only allow assuming a role is a trust
 * policy; anything else is an identity policy. SCPs and RCPs look like identity policies: say them.
 */
import type { LocatedPolicy, PolicyType } from '../types.js';
import type { ReadContext } from './cloudformation.js';
import { makeLocatedPolicy } from './located-policy.js';
import { type SourceNode, toPlain } from './source-node.js';

export const TRUST_POLICY_RESOURCE_TYPE = 'AWS::IAM::AssumeRolePolicyDocument';

const TRUST_ACTIONS =
  /^sts:(AssumeRole|AssumeRoleWithSAML|AssumeRoleWithWebIdentity|TagSession|SetSourceIdentity|SetContext)$/i;

export interface PolicyTypeGuess {
  policyType: PolicyType;
  resourceType?: string;
  /** Why, for the notice. */
  reason: string;
}

function asList(v: unknown): unknown[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Guesses a document's type from its content (plain JSON values). */
export function guessPolicyType(document: unknown): PolicyTypeGuess {
  const statements = asList((document as { Statement?: unknown } | null)?.Statement).filter(
    (s): s is Record<string, unknown> => s !== null && typeof s === 'object',
  );
  const withPrincipal = statements.filter((s) => 'Principal' in s || 'NotPrincipal' in s);
  if (withPrincipal.length === 0)
    return { policyType: 'IDENTITY_POLICY', reason: 'no statement names a Principal' };
  const actions = statements
    .flatMap((s) => asList(s.Action))
    .filter((a): a is string => typeof a === 'string');
  if (
    actions.length > 0 &&
    actions.every((a) => TRUST_ACTIONS.test(a)) &&
    actions.some((a) => /^sts:AssumeRole/i.test(a))
  ) {
    return {
      policyType: 'RESOURCE_POLICY',
      resourceType: TRUST_POLICY_RESOURCE_TYPE,
      reason: 'its statements name a Principal and only allow sts:AssumeRole*',
    };
  }
  const services = new Set(actions.map((a) => a.split(':')[0]?.toLowerCase()));
  const guess: PolicyTypeGuess = { policyType: 'RESOURCE_POLICY', reason: 'a statement names a Principal' };
  if (services.size === 1) {
    const only = [...services][0];
    if (only === 's3') guess.resourceType = 'AWS::S3::Bucket';
    else if (only === 'dynamodb') guess.resourceType = 'AWS::DynamoDB::Table';
  }
  return guess;
}

export function readPolicyFile(root: SourceNode, ctx: ReadContext): LocatedPolicy[] {
  let policyType: PolicyType;
  let resourceType: string | undefined;
  if (ctx.options.policyType) {
    policyType = ctx.options.policyType;
    if (policyType === 'RESOURCE_POLICY') resourceType = guessPolicyType(toPlain(root)).resourceType;
  } else {
    const g = guessPolicyType(toPlain(root));
    policyType = g.policyType;
    resourceType = g.resourceType;
    if (g.policyType !== 'IDENTITY_POLICY') {
      ctx.sink.add({
        code: 'policy-type-guessed',
        severity: 'notice',
        message: `Read as a ${resourceType === TRUST_POLICY_RESOURCE_TYPE ? 'trust policy' : `resource policy${resourceType ? ` (${resourceType})` : ''}`} because ${g.reason}; use --policy-type to say otherwise`,
        logicalPath: '',
        at: root,
      });
    }
  }
  const place: Parameters<typeof makeLocatedPolicy>[0] = {
    file: ctx.file,
    lines: ctx.lines,
    logicalPath: '',
    policyType,
  };
  if (resourceType) place.resourceType = resourceType;
  return [makeLocatedPolicy(place, root)];
}
