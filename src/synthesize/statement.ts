/**
 * The statement being built, between grouping and the emitted PolicyStatement, and the small helpers
 * every step shares (canonical conditions, ordering, rendering).
 */
import type { UsedPermission } from '../aggregate/usage.js';
import type { ConditionBlock } from '../mapping/types.js';
import type { PolicyCondition, PolicyStatement } from '../policy/types.js';

/** One observed permission as it lands in the policy: the resource after generalisation. */
export interface Contribution {
  used: UsedPermission;
  action: string;
  /** What the policy grants for it: the observed resource, a generalised pattern, or `*`. */
  resource: string;
  condition?: ConditionBlock;
  /** `canonicalCondition(condition)`, `''` without one. */
  conditionKey: string;
  generalizations: string[];
  /** Notes synthesis adds, e.g. why the resource became `*`. */
  notes: string[];
}

/** Resources sharing one action set under one condition. Actions and resources sorted. */
export interface DraftStatement {
  actions: string[];
  resources: string[];
  condition?: ConditionBlock;
  conditionKey: string;
  contributions: Contribution[];
}

export interface NamedStatement extends DraftStatement {
  sid: string;
  /** The service the statement sorts and splits by: the prefix of its first action. */
  service: string;
  /** Notes about the statement itself (a size it could not be brought under). */
  notes: string[];
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Text order, except that runs of digits compare by value: `Part2` before `Part10`. */
export function compareNatural(a: string, b: string): number {
  const re = /(\d+)|(\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = BigInt(x);
      const ny = BigInt(y);
      if (nx !== ny) return nx < ny ? -1 : 1;
      return compareText(x, y);
    }
    return compareText(x, y);
  }
  return pa.length - pb.length || compareText(a, b);
}

export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareText);
}

/** The condition with operators, keys and values sorted and values de-duplicated. */
export function normalizeCondition(condition: ConditionBlock): ConditionBlock {
  const out: ConditionBlock = {};
  for (const op of Object.keys(condition).sort(compareText)) {
    const keys = condition[op] ?? {};
    const block: Record<string, string[]> = {};
    for (const key of Object.keys(keys).sort(compareText)) block[key] = sortedUnique(keys[key] ?? []);
    out[op] = block;
  }
  return out;
}

/** A string that is equal for equal conditions, whatever their order; `''` for none. */
export function canonicalCondition(condition: ConditionBlock | undefined): string {
  if (!condition || Object.keys(condition).length === 0) return '';
  return JSON.stringify(normalizeCondition(condition));
}

/** `s3:GetObject` -> `s3`. */
export function actionService(action: string): string {
  const i = action.indexOf(':');
  return i < 0 ? action : action.slice(0, i);
}

function oneOrMany(values: string[]): string | string[] {
  return values.length === 1 ? (values[0] ?? '') : values;
}

/** The statement as IAM JSON: `Sid`, `Effect`, `Action`, `Resource`, `Condition`, one value as a string. */
export function renderStatement(
  statement: Pick<NamedStatement, 'sid' | 'actions' | 'resources' | 'condition'>,
): PolicyStatement {
  const out: PolicyStatement = {
    Sid: statement.sid,
    Effect: 'Allow',
    Action: oneOrMany(statement.actions),
    Resource: oneOrMany(statement.resources),
  };
  if (statement.condition && Object.keys(statement.condition).length > 0) {
    const condition: PolicyCondition = {};
    const normalized = normalizeCondition(statement.condition);
    for (const [op, keys] of Object.entries(normalized)) {
      const block: Record<string, string | string[]> = {};
      for (const [key, values] of Object.entries(keys)) block[key] = oneOrMany(values);
      condition[op] = block;
    }
    out.Condition = condition;
  }
  return out;
}
