/**
 * A read-only view of the raw policy document with the path of every value, built once per policy and
 * shared by all checks. It never fixes or guesses: a value of the wrong JSON type is left out of the
 * typed lists (the data-type check reports it), so each check sees only what it can judge.
 */
import type { PathStep } from '../../types.js';
import { type ParsedOperator, parseOperator } from './operators.js';

export interface Located<T> {
  value: T;
  path: PathStep[];
}

export interface PrincipalEntry {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser` (as written). */
  type: string;
  value: string;
  path: PathStep[];
}

export interface PrincipalView {
  path: PathStep[];
  /** `"Principal": "*"` */
  star: boolean;
  /** Every string value under a key; `{"AWS": "*"}` gives an entry with value `*`. */
  entries: PrincipalEntry[];
}

export interface ConditionEntry {
  operator: string;
  operatorPath: PathStep[];
  /** Undefined when the operator is not one IAM knows. */
  op: ParsedOperator | undefined;
  key: string;
  keyPath: PathStep[];
  /** Values flattened: a scalar gives one value at the key's path. */
  values: Located<unknown>[];
  /** The value as written (scalar or array). */
  raw: unknown;
}

export interface StatementView {
  /** Index in the Statement array; undefined when Statement is a single object. */
  index: number | undefined;
  path: PathStep[];
  /** The statement object; undefined when the statement is not an object. */
  raw: Record<string, unknown> | undefined;
  sid: Located<string> | undefined;
  /** Only a valid Effect: `Allow` or `Deny`. */
  effect: 'Allow' | 'Deny' | undefined;
  /** String values of each element; undefined when the element is absent. */
  actions: Located<string>[] | undefined;
  notActions: Located<string>[] | undefined;
  resources: Located<string>[] | undefined;
  notResources: Located<string>[] | undefined;
  principal: PrincipalView | undefined;
  notPrincipal: PrincipalView | undefined;
  conditions: ConditionEntry[];
  /** The statement has a Condition element with at least one key. */
  hasCondition: boolean;
  /** A readable name for messages, after "the": `statement "ReadData"`, `statement 2`, `statement`. */
  label: string;
}

export interface PolicyView {
  document: unknown;
  /** The document when it is a JSON object. */
  root: Record<string, unknown> | undefined;
  statements: StatementView[];
  /** `Version` when it is a string. */
  version: string | undefined;
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringValues(
  container: Record<string, unknown>,
  name: string,
  base: PathStep[],
): Located<string>[] | undefined {
  if (!Object.hasOwn(container, name)) return undefined;
  const v = container[name];
  const path = [...base, name];
  if (typeof v === 'string') return [{ value: v, path }];
  if (Array.isArray(v)) {
    const out: Located<string>[] = [];
    v.forEach((item, i) => {
      if (typeof item === 'string') out.push({ value: item, path: [...path, i] });
    });
    return out;
  }
  return [];
}

function principalView(
  container: Record<string, unknown>,
  name: string,
  base: PathStep[],
): PrincipalView | undefined {
  if (!Object.hasOwn(container, name)) return undefined;
  const v = container[name];
  const path = [...base, name];
  const view: PrincipalView = { path, star: v === '*', entries: [] };
  if (isObject(v)) {
    for (const [type, value] of Object.entries(v)) {
      const p = [...path, type];
      if (typeof value === 'string') view.entries.push({ type, value, path: p });
      else if (Array.isArray(value)) {
        value.forEach((item, i) => {
          if (typeof item === 'string') view.entries.push({ type, value: item, path: [...p, i] });
        });
      }
    }
  }
  return view;
}

function conditionEntries(container: Record<string, unknown>, base: PathStep[]): ConditionEntry[] {
  const block = container.Condition;
  if (!isObject(block)) return [];
  const out: ConditionEntry[] = [];
  for (const [operator, keys] of Object.entries(block)) {
    if (!isObject(keys)) continue;
    const operatorPath = [...base, 'Condition', operator];
    const op = parseOperator(operator);
    for (const [key, raw] of Object.entries(keys)) {
      const keyPath = [...operatorPath, key];
      const values: Located<unknown>[] = Array.isArray(raw)
        ? raw.map((value, i) => ({ value, path: [...keyPath, i] }))
        : [{ value: raw, path: keyPath }];
      out.push({ operator, operatorPath, op, key, keyPath, values, raw });
    }
  }
  return out;
}

function statementView(raw: unknown, index: number | undefined): StatementView {
  const path: PathStep[] = index === undefined ? ['Statement'] : ['Statement', index];
  if (!isObject(raw)) {
    return {
      index,
      path,
      raw: undefined,
      sid: undefined,
      effect: undefined,
      actions: undefined,
      notActions: undefined,
      resources: undefined,
      notResources: undefined,
      principal: undefined,
      notPrincipal: undefined,
      conditions: [],
      hasCondition: false,
      label: index === undefined ? 'statement' : `statement at Statement[${index}]`,
    };
  }
  const sid = typeof raw.Sid === 'string' ? { value: raw.Sid, path: [...path, 'Sid'] } : undefined;
  const conditions = conditionEntries(raw, path);
  const label = sid?.value
    ? `statement "${sid.value}"`
    : index === undefined
      ? 'statement'
      : `statement at Statement[${index}]`;
  return {
    index,
    path,
    raw,
    sid,
    effect: raw.Effect === 'Allow' || raw.Effect === 'Deny' ? raw.Effect : undefined,
    actions: stringValues(raw, 'Action', path),
    notActions: stringValues(raw, 'NotAction', path),
    resources: stringValues(raw, 'Resource', path),
    notResources: stringValues(raw, 'NotResource', path),
    principal: principalView(raw, 'Principal', path),
    notPrincipal: principalView(raw, 'NotPrincipal', path),
    conditions,
    hasCondition: conditions.length > 0,
    label,
  };
}

export function buildPolicyView(document: unknown): PolicyView {
  const root = isObject(document) ? document : undefined;
  const statements: StatementView[] = [];
  const st = root?.Statement;
  if (Array.isArray(st)) {
    st.forEach((s, i) => {
      statements.push(statementView(s, i));
    });
  } else if (isObject(st)) statements.push(statementView(st, undefined));
  return {
    document,
    root,
    statements,
    version: typeof root?.Version === 'string' ? root.Version : undefined,
  };
}

/** `Statement[1].Action[0]`; `Statement[0].#Principal` when the key itself is meant. */
export function formatPath(path: readonly PathStep[], key = false): string {
  let out = '';
  path.forEach((step, i) => {
    const mark = key && i === path.length - 1 ? '#' : '';
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[^.[\]"\s]+$/.test(step)) out += `${out === '' ? '' : '.'}${mark}${step}`;
    else out += `[${mark}${JSON.stringify(step)}]`;
  });
  return out;
}
