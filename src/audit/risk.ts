/**
 * Risk of what a principal is granted, as audit sees it: a thin adapter over the validate risk classifier
 * (src/validate/risk: privilege escalation methods, credentials exposure, data exfiltration, resource exposure,
 * service wildcards, whose knowledge is its reviewed data tables), fed with what the engine says is really
 * granted to this principal:
 *
 * - an action is *unconstrained* when the whole policy set (Deny statements, the permissions boundary) allows
 *   it on `*`, or on any resource of its type (`iam:PassRole` on `role/*` is as dangerous as on `*`), without
 *   depending on any condition key; *conditional* when it is allowed only depending on condition keys;
 * - the classifier runs on the unconstrained actions (full severity), then on unconstrained plus conditional
 *   ones (what only the conditions keep out, one severity lower).
 *
 * Audit adds what the classifier does not judge: administrator access (every action unconstrained),
 * infrastructure modification (Write, Permissions management and Tagging actions unconstrained), trust policy
 * risks, managed policies whose content is unknown, and policies attached to users directly.
 */
import { readFileSync } from 'node:fs';
import type { ServiceData } from '../mapping/service-data.js';
import type { ParsedStatement } from '../policy/model.js';
import { plural } from '../util/words.js';
import { classifyRisk, type RiskClassification } from '../validate/risk/index.js';
import type { GrantRow } from './expand-grants.js';
import type { PrincipalPolicies } from './policy-set.js';
import type { GrantSource, RiskCategory, RiskFinding, Severity } from './types.js';
import { SEVERITIES } from './types.js';

/** Category metadata: one place for codes, titles, base severities and the ranking order. */
export const RISK_CATEGORIES: readonly {
  category: RiskCategory;
  code: string;
  severity: Severity;
  title: string;
}[] = [
  {
    category: 'admin',
    code: 'ADMIN_ACCESS',
    severity: 'critical',
    title: 'Administrator access: every action on every resource',
  },
  {
    category: 'privilege-escalation',
    code: 'PRIVILEGE_ESCALATION',
    severity: 'high',
    title: 'Privilege escalation',
  },
  {
    category: 'assumable-by-any-principal',
    code: 'ASSUMABLE_BY_ANY_PRINCIPAL',
    severity: 'critical',
    title: 'Role assumable by any principal',
  },
  {
    category: 'credentials-exposure',
    code: 'CREDENTIALS_EXPOSURE',
    severity: 'high',
    title: 'Actions that return credentials',
  },
  {
    category: 'resource-exposure',
    code: 'RESOURCE_EXPOSURE',
    severity: 'high',
    title: 'Resource exposure (permissions management)',
  },
  {
    category: 'data-exfiltration',
    code: 'DATA_EXFILTRATION',
    severity: 'medium',
    title: 'Data exfiltration',
  },
  { category: 'service-wildcard', code: 'SERVICE_WILDCARD', severity: 'medium', title: 'Service wildcard' },
  {
    category: 'assumable-cross-account',
    code: 'ASSUMABLE_CROSS_ACCOUNT',
    severity: 'medium',
    title: 'Role assumable from another account',
  },
  {
    category: 'unknown-policy',
    code: 'UNKNOWN_POLICY',
    severity: 'medium',
    title: 'Attached policy not in the input',
  },
  {
    category: 'infrastructure-modification',
    code: 'INFRASTRUCTURE_MODIFICATION',
    severity: 'low',
    title: 'Infrastructure modification',
  },
  {
    category: 'assumable-by-compute-service',
    code: 'ASSUMABLE_BY_COMPUTE_SERVICE',
    severity: 'low',
    title: 'Role assumable by a compute service',
  },
  {
    category: 'user-attached-policy',
    code: 'USER_ATTACHED_POLICY',
    severity: 'low',
    title: 'Policies attached to a user directly',
  },
];

const CATEGORY_ORDER = new Map(RISK_CATEGORIES.map((c, i) => [c.category, i]));
const META = new Map(RISK_CATEGORIES.map((c) => [c.category, c]));

export function severityRank(s: Severity | 'none'): number {
  return s === 'none' ? SEVERITIES.length : SEVERITIES.indexOf(s);
}

function lower(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(s) + 1, SEVERITIES.length - 1)]!;
}

/** Findings in the order a person should fix them: severity, then category (privilege escalation early). */
export function compareFindings(a: RiskFinding, b: RiskFinding): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (CATEGORY_ORDER.get(a.category) ?? 99) - (CATEGORY_ORDER.get(b.category) ?? 99) ||
    (a.title < b.title ? -1 : a.title > b.title ? 1 : 0)
  );
}

const LIST_LIMIT = 25;
const WRITE_LEVELS = new Set(['Write', 'Permissions management', 'Tagging']);

/** How far an action reaches for this principal. */
export interface ActionReach {
  status: 'unconstrained' | 'conditional' | 'scoped';
  keys: string[];
}

/** A finding with every action behind it (the output keeps at most LIST_LIMIT). */
export interface RiskDraft extends RiskFinding {
  allActions: string[];
}

interface ComputePrincipals {
  entries: { principal: string; source: string; note?: string }[];
}

let computePrincipals: Set<string> | undefined;

function computeServicePrincipals(): Set<string> {
  computePrincipals ??= new Set(
    (
      JSON.parse(
        readFileSync(new URL('../../data/compute-service-principals.json', import.meta.url), 'utf8'),
      ) as ComputePrincipals
    ).entries.map((e) => e.principal.toLowerCase()),
  );
  return computePrincipals;
}

/** A resource of the action's (first required) type with every name-like part arbitrary. */
function anyResourceOf(row: GrantRow, data: ServiceData, principalArn: string): string | undefined {
  const types = [...row.info.resourceTypes].sort((a, b) => Number(b.required) - Number(a.required));
  const first = types[0];
  if (!first) return undefined;
  const rt = data.resourceType(row.service, first.name);
  if (!rt) return undefined;
  const parts = principalArn.split(':');
  const partition = parts[1] || 'aws';
  const account = parts[4] || '111122223333';
  return rt.arn.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    if (name === 'Partition') return partition;
    if (name === 'Region') return 'us-east-1';
    if (name === 'Account') return account;
    return 'leastpriv-any';
  });
}

/** Unconstrained, conditional or scoped, per distinct granted action. */
export function actionReach(
  policies: PrincipalPolicies,
  rows: readonly GrantRow[],
  data: ServiceData,
): Map<string, ActionReach> {
  const out = new Map<string, ActionReach>();
  for (const row of rows) {
    if (out.has(row.action)) continue;
    const star = policies.evaluate(row.action, '*');
    if (star.decision === 'Allowed' && star.dependsOn.length === 0) {
      out.set(row.action, { status: 'unconstrained', keys: [] });
      continue;
    }
    const keys = new Set(
      star.decision === 'ExplicitDeny' && star.dependsOn.length === 0 ? [] : star.dependsOn,
    );
    const any = anyResourceOf(row, data, policies.principal.arn);
    if (any) {
      const r = policies.evaluate(row.action, any);
      if (r.decision === 'Allowed' && r.dependsOn.length === 0) {
        out.set(row.action, { status: 'unconstrained', keys: [] });
        continue;
      }
      if (!(r.decision === 'ExplicitDeny' && r.dependsOn.length === 0))
        for (const k of r.dependsOn) keys.add(k);
    }
    out.set(
      row.action,
      keys.size > 0 ? { status: 'conditional', keys: [...keys].sort() } : { status: 'scoped', keys: [] },
    );
  }
  return out;
}

let totalActions: WeakMap<ServiceData, number> | undefined;

function countAllActions(data: ServiceData): number {
  totalActions ??= new WeakMap();
  let n = totalActions.get(data);
  if (n === undefined) {
    n = 0;
    for (const s of data.services()) n += data.actions(s).length;
    totalActions.set(data, n);
  }
  return n;
}

function sourcesFor(rows: readonly GrantRow[], actions: ReadonlySet<string>): GrantSource[] {
  const seen = new Map<string, GrantSource>();
  for (const r of rows) {
    if (!actions.has(r.action)) continue;
    for (const g of r.grantedBy) {
      const k = `${g.policy}\u0000${g.path}`;
      if (!seen.has(k)) seen.set(k, g);
    }
  }
  return [...seen.values()].slice(0, 10);
}

function list(actions: readonly string[]): string {
  if (actions.length <= 4) return actions.join(', ');
  return `${actions.slice(0, 4).join(', ')} and ${actions.length - 4} more`;
}

function draft(
  category: RiskCategory,
  constraint: 'none' | 'condition',
  actions: readonly string[],
  message: string,
  grantedBy: GrantSource[],
  extra: Partial<RiskFinding> = {},
): RiskDraft {
  const meta = META.get(category)!;
  const all = [...new Set(actions)].sort();
  const f: RiskDraft = {
    category,
    severity: constraint === 'condition' ? lower(meta.severity) : meta.severity,
    code: meta.code,
    title: meta.title,
    message,
    actions: all.slice(0, LIST_LIMIT),
    constraint,
    used: false,
    grantedBy,
    allActions: all,
    ...extra,
  };
  if (all.length > LIST_LIMIT) f.more = all.length - LIST_LIMIT;
  return f;
}

function keysOf(actions: readonly string[], reach: ReadonlyMap<string, ActionReach>): string[] {
  const keys = new Set<string>();
  for (const a of actions) for (const k of reach.get(a)?.keys ?? []) keys.add(k);
  return [...keys].sort();
}

function onWhat(constraint: 'none' | 'condition', keys: readonly string[]): string {
  return constraint === 'none'
    ? 'on all resources, without conditions'
    : `on all resources when ${keys.join(', ')} allow it`;
}

/** Findings from the classifier for one level (unconstrained, or what conditions alone keep out). */
function classifierFindings(
  level: 'none' | 'condition',
  risk: RiskClassification,
  already: RiskClassification | undefined,
  rows: readonly GrantRow[],
  reach: ReadonlyMap<string, ActionReach>,
): RiskDraft[] {
  const out: RiskDraft[] = [];
  const minus = (list: readonly string[], prev: readonly string[] | undefined) =>
    prev ? list.filter((a) => !prev.includes(a)) : [...list];
  const prevMethods = new Set(already?.privilegeEscalation.map((m) => m.id) ?? []);
  for (const m of risk.privilegeEscalation) {
    if (prevMethods.has(m.id)) continue;
    const keys = level === 'condition' ? keysOf(m.actions, reach) : [];
    const f = draft(
      'privilege-escalation',
      level,
      m.actions,
      `Can ${m.description} (${m.actions.join(' + ')}) ${onWhat(level, keys)}. Remove the grant or name the resources.`,
      sourcesFor(rows, new Set(m.actions)),
      { method: m.id },
    );
    if (keys.length) f.conditionKeys = keys;
    out.push(f);
  }
  const simple: [RiskCategory, readonly string[], readonly string[] | undefined, string][] = [
    [
      'credentials-exposure',
      risk.credentialsExposure,
      already?.credentialsExposure,
      'return credentials, tokens or passwords',
    ],
    [
      'resource-exposure',
      risk.resourceExposure,
      already?.resourceExposure,
      'change who can access resources (permissions management)',
    ],
    [
      'data-exfiltration',
      risk.dataExfiltration,
      already?.dataExfiltration,
      'read stored data itself (objects, parameters, secrets)',
    ],
  ];
  for (const [category, list0, prev, what] of simple) {
    const actions = minus(list0, prev);
    if (actions.length === 0) continue;
    const keys = level === 'condition' ? keysOf(actions, reach) : [];
    const f = draft(
      category,
      level,
      actions,
      `Allows ${list(actions)} (actions that ${what}) ${onWhat(level, keys)}. Name the resources or add conditions.`,
      sourcesFor(rows, new Set(actions)),
    );
    if (keys.length) f.conditionKeys = keys;
    out.push(f);
  }
  return out;
}

/** Statements of the identity policies that allow without any condition. */
function unconditionedAllows(
  policies: PrincipalPolicies,
): { statement: ParsedStatement; source: GrantSource }[] {
  const out: { statement: ParsedStatement; source: GrantSource }[] = [];
  for (const p of policies.identity) {
    for (const st of p.parsed.statements) {
      if (st.effect?.value === 'Allow' && st.action && st.conditions.length === 0)
        out.push({ statement: st, source: policies.source(p, st) });
    }
  }
  return out;
}

function trustFindings(policies: PrincipalPolicies): RiskDraft[] {
  const trust = policies.principal.trustPolicy;
  if (!trust || policies.principal.kind !== 'role') return [];
  const doc = trust.document as { Statement?: unknown } | null;
  const statements =
    doc && typeof doc === 'object' ? (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) : [];
  const account = policies.principal.arn.split(':')[4] ?? '';
  const out: RiskDraft[] = [];
  statements.forEach((raw, i) => {
    if (!raw || typeof raw !== 'object') return;
    const st = raw as Record<string, unknown>;
    if (st.Effect !== 'Allow') return;
    const actions = ([] as unknown[])
      .concat(st.Action ?? [])
      .filter((a): a is string => typeof a === 'string');
    if (!actions.some((a) => /^(\*|sts:\*|sts:AssumeRole.*)$/i.test(a))) return;
    const conditioned =
      st.Condition !== undefined &&
      typeof st.Condition === 'object' &&
      Object.keys(st.Condition as object).length > 0;
    const source: GrantSource = { policy: trust.name, source: trust.source, path: `Statement[${i}]` };
    const principal = st.Principal;
    const entries: [string, string][] = [];
    if (principal === '*') entries.push(['AWS', '*']);
    else if (principal && typeof principal === 'object') {
      for (const [type, v] of Object.entries(principal as Record<string, unknown>)) {
        for (const value of ([] as unknown[]).concat(v))
          if (typeof value === 'string') entries.push([type, value]);
      }
    }
    for (const [type, value] of entries) {
      if (type === 'AWS' && value === '*') {
        out.push(
          draft(
            'assumable-by-any-principal',
            conditioned ? 'condition' : 'none',
            actions,
            conditioned
              ? 'The trust policy lets any AWS principal assume the role when its conditions hold; make sure they pin the caller (aws:PrincipalOrgID, sts:ExternalId).'
              : 'The trust policy lets any AWS principal, in any account, assume the role. Name the principals that need it.',
            [source],
          ),
        );
      } else if (type === 'AWS') {
        const other = /^\d{12}$/.test(value) ? value : value.split(':')[4];
        if (other && other !== account) {
          out.push(
            draft(
              'assumable-cross-account',
              'none',
              actions,
              `The trust policy lets ${value} (account ${other}) assume the role${conditioned ? ' when its conditions hold' : ''}.`,
              [source],
            ),
          );
        }
      } else if (type === 'Service' && computeServicePrincipals().has(value.toLowerCase())) {
        out.push(
          draft(
            'assumable-by-compute-service',
            'none',
            actions,
            `Code running on ${value} gets this role's permissions: keep them to what that code needs.`,
            [source],
          ),
        );
      }
    }
  });
  return out;
}

/** Every risk finding of a principal (the `used` flags are set later, per principal or workload). */
export function classifyPrincipalRisk(
  policies: PrincipalPolicies,
  rows: readonly GrantRow[],
  allServices: boolean,
  data: ServiceData,
): { findings: RiskDraft[]; reach: Map<string, ActionReach> } {
  const reach = actionReach(policies, rows, data);
  const unconstrained = [...reach].filter(([, r]) => r.status === 'unconstrained').map(([a]) => a);
  const conditional = [...reach].filter(([, r]) => r.status === 'conditional').map(([a]) => a);
  const findings: RiskDraft[] = [];

  const admin = allServices && unconstrained.length >= countAllActions(data);
  const riskU = classifyRisk(unconstrained, { data });
  if (admin) {
    const f = draft(
      'admin',
      'none',
      ['*'],
      'Every action of every service is allowed on all resources, without conditions: this principal is an administrator. Replace it with the policy it needs.',
      sourcesFor(rows, new Set(unconstrained)),
    );
    f.allActions = unconstrained;
    findings.push(f);
    // One finding for every escalation method rather than one each: they are all open.
    const methods = riskU.privilegeEscalation;
    const actions = [...new Set(methods.flatMap((m) => m.actions))];
    const esc = draft(
      'privilege-escalation',
      'none',
      actions,
      `All ${methods.length} known privilege-escalation methods are open (${list(methods.map((m) => m.id))}): with administrator access the principal can grant itself or any other principal anything.`,
      f.grantedBy,
      { method: 'all' },
    );
    findings.push(esc);
    findings.push(
      ...classifierFindings('none', { ...riskU, privilegeEscalation: [] }, undefined, rows, reach),
    );
  } else {
    findings.push(...classifierFindings('none', riskU, undefined, rows, reach));
  }
  if (conditional.length > 0) {
    const riskUC = classifyRisk([...unconstrained, ...conditional], { data });
    findings.push(...classifierFindings('condition', riskUC, riskU, rows, reach));
  }

  // Service wildcards: `svc:*` or `*` in an Allow without conditions, granted in effect.
  const wildcardStatements = unconditionedAllows(policies);
  const byPattern = new Map<string, GrantSource[]>();
  for (const { statement, source } of wildcardStatements) {
    if (statement.action?.element !== 'Action') continue;
    const sw = classifyRisk(
      statement.action.values.map((v) => v.value),
      { data },
    ).serviceWildcard;
    for (const p of sw) {
      const service = p === '*' ? undefined : p.slice(0, p.indexOf(':')).toLowerCase();
      if (service && !rows.some((r) => r.service === service)) continue;
      byPattern.set(p, [...(byPattern.get(p) ?? []), source]);
    }
  }
  if (byPattern.size > 0) {
    const patterns = [...byPattern.keys()].sort();
    findings.push(
      draft(
        'service-wildcard',
        'none',
        patterns,
        `Grants every action of a service (${patterns.join(', ')}), including actions added to it later. List the actions used.`,
        [...byPattern.values()].flat().slice(0, 10),
      ),
    );
  }

  // Infrastructure modification: Write, Permissions management and Tagging actions on everything.
  const infoByAction = new Map(rows.map((r) => [r.action, r.info]));
  const writes = (list: readonly string[]) =>
    list.filter((a) => WRITE_LEVELS.has(infoByAction.get(a)?.accessLevel ?? ''));
  const infraU = writes(unconstrained);
  if (infraU.length > 0) {
    findings.push(
      draft(
        'infrastructure-modification',
        'none',
        infraU,
        `Allows ${plural(infraU.length, 'action that changes', 'actions that change')} resources (${list(infraU)}) on all resources, without conditions. Name the resources.`,
        sourcesFor(rows, new Set(infraU)),
      ),
    );
  }
  const infraC = writes(conditional);
  if (infraC.length > 0) {
    const keys = keysOf(infraC, reach);
    const f = draft(
      'infrastructure-modification',
      'condition',
      infraC,
      `Allows ${plural(infraC.length, 'action that changes', 'actions that change')} resources (${list(infraC)}) on all resources when ${keys.join(', ')} allow it.`,
      sourcesFor(rows, new Set(infraC)),
    );
    if (keys.length) f.conditionKeys = keys;
    findings.push(f);
  }

  findings.push(...trustFindings(policies));

  const principal = policies.principal;
  if (principal.unknownPolicies.length > 0) {
    const arns = principal.unknownPolicies.map((u) => u.arn);
    findings.push(
      draft(
        'unknown-policy',
        'none',
        [],
        `${list(arns)} ${arns.length === 1 ? 'is' : 'are'} attached but not in the input: what ${arns.length === 1 ? 'it grants' : 'they grant'} is unknown, so this audit is incomplete. Give the full authorization dump (without --filter) or the policy documents.`,
        principal.unknownPolicies.map((u) => ({ policy: u.arn, source: u.source, path: '' })),
      ),
    );
  }

  if (principal.kind === 'user') {
    const direct = [
      ...principal.identityPolicies
        .filter((p) => p.kind === 'inline' || p.kind === 'managed')
        .map((p) => ({ policy: p.name, source: p.source, path: '' })),
      ...principal.unknownPolicies
        .filter((u) => u.attachedAs === 'managed')
        .map((u) => ({ policy: u.arn.slice(u.arn.lastIndexOf('/') + 1), source: u.source, path: '' })),
    ];
    if (direct.length > 0) {
      findings.push(
        draft(
          'user-attached-policy',
          'none',
          [],
          `${list(direct.map((p) => p.policy))} ${direct.length === 1 ? 'is' : 'are'} attached to the user directly; grant users permissions through groups (CIS AWS Foundations Benchmark, IAM.2), so they are reviewed in one place.`,
          direct,
        ),
      );
    }
  }

  findings.sort(compareFindings);
  return { findings, reach };
}

/** The findings for one principal or workload: `used` set from its used actions, internal fields dropped. */
export function finishFindings(
  drafts: readonly RiskDraft[],
  usedActions: ReadonlySet<string>,
): RiskFinding[] {
  return drafts.map(({ allActions, ...f }) => ({
    ...f,
    used: allActions.some((a) => usedActions.has(a.toLowerCase())),
  }));
}
