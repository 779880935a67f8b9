/**
 * The evaluation engine: compile a parsed policy once for its type, then evaluate many requests
 * against a set of compiled policies.
 */
export {
  CompiledPolicy,
  type CompiledStatement,
  type CompilePolicyOptions,
  compilePolicy,
} from './compile.js';
export { evaluate } from './evaluate.js';
export { principalContext } from './principal-context.js';
export { needsResourcePolicy } from './resource-policy-required.js';
export type {
  ContextScalar,
  ContextValue,
  Decision,
  EvaluationRequest,
  EvaluationResult,
  MatchedStatement,
  PolicySet,
  PolicyType,
  RequestContext,
} from './types.js';
