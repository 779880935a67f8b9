/**
 * Risk categories of a set of allowed actions: privilege escalation, credentials exposure, data
 * exfiltration, resource exposure (Permissions-management access level) and service wildcards.
 * The knowledge is in data/risk-*.json; this file only matches it. Shared by `validate` (per policy) and
 * `audit` (per principal, over what a principal is granted).
 */
import { type ActionInfo, type ServiceData, serviceData } from '../../mapping/service-data.js';
import { innerMap } from '../../util/maps.js';
import { wildcardRegex } from '../checks/support/wildcard.js';
import credentials from './data/risk-credentials-exposure.json' with { type: 'json' };
import exfiltration from './data/risk-data-exfiltration.json' with { type: 'json' };
import escalation from './data/risk-privilege-escalation.json' with { type: 'json' };

/** Actions granted by one statement: `Action` patterns, or everything except the `NotAction` patterns. */
export interface ActionGrant {
  actions?: readonly string[];
  notActions?: readonly string[];
}

export interface EscalationMethod {
  id: string;
  description: string;
  /** Canonical actions, all of which must be allowed. */
  actions: readonly string[];
}

export interface RiskClassification {
  /** Methods whose every action is allowed (actions that accept only `*` included). */
  privilegeEscalation: EscalationMethod[];
  /** Allowed actions that return credentials and could be limited to resources. */
  credentialsExposure: string[];
  /** Allowed actions that read stored data and could be limited to resources. */
  dataExfiltration: string[];
  /** Allowed actions at the Permissions-management access level that could be limited to resources. */
  resourceExposure: string[];
  /** Granted patterns that name every action of a service (`s3:*`) or of all services (`*`). */
  serviceWildcard: string[];
}

export interface ClassifyRiskOptions {
  /** Action patterns denied everywhere: subtracted from what is allowed. */
  denied?: readonly string[];
  data?: ServiceData;
}

export const ESCALATION_METHODS: readonly EscalationMethod[] = escalation.methods;
export const CREDENTIALS_EXPOSURE_ACTIONS: readonly string[] = credentials.actions;
export const DATA_EXFILTRATION_ACTIONS: readonly string[] = exfiltration.actions;

/** Action patterns compiled once: exact names in a set, wildcards as regular expressions. */
interface PatternSet {
  all: boolean;
  exact: Set<string>;
  wild: RegExp[];
}

function compile(patterns: readonly string[]): PatternSet {
  const set: PatternSet = { all: false, exact: new Set(), wild: [] };
  for (const p of patterns) {
    if (p === '*') set.all = true;
    else if (p.includes('*') || p.includes('?')) set.wild.push(wildcardRegex(p, true));
    else set.exact.add(p.toLowerCase());
  }
  return set;
}

function inSet(set: PatternSet, action: string, lower: string): boolean {
  return set.all || set.exact.has(lower) || set.wild.some((re) => re.test(action));
}

/** A predicate for "is this canonical action allowed by the grants and not denied". */
export function allowedBy(grants: readonly (string | ActionGrant)[], denied: readonly string[] = []) {
  const deny = compile(denied);
  const normal = grants.map((g) =>
    typeof g === 'string'
      ? { actions: compile([g]) }
      : g.actions
        ? { actions: compile(g.actions) }
        : { notActions: compile(g.notActions ?? []) },
  );
  return (action: string): boolean => {
    const lower = action.toLowerCase();
    if (inSet(deny, action, lower)) return false;
    return normal.some((g) =>
      g.actions
        ? inSet(g.actions, action, lower)
        : g.notActions
          ? !inSet(g.notActions, action, lower)
          : false,
    );
  };
}

const permissionsManagement = new WeakMap<ServiceData, Map<string, ActionInfo[]>>();

function permissionsManagementActions(data: ServiceData, service: string): ActionInfo[] {
  const byService = innerMap(permissionsManagement, data);
  let list = byService.get(service);
  if (!list) {
    // the data may give several levels (`Permissions management, Write`)
    list = data.actions(service).filter((a) => a.accessLevel.split(', ').includes('Permissions management'));
    byService.set(service, list);
  }
  return list;
}

/** Permissions-management actions some grant may allow: looked up directly for exact actions. */
function resourceExposureCandidates(
  grants: readonly (string | ActionGrant)[],
  data: ServiceData,
): ActionInfo[] {
  const out = new Map<string, ActionInfo>();
  const addService = (service: string) => {
    for (const a of permissionsManagementActions(data, service)) out.set(a.action, a);
  };
  for (const g of grants) {
    const patterns = typeof g === 'string' ? [g] : g.actions;
    if (!patterns) {
      for (const s of data.services()) addService(s);
      continue;
    }
    for (const p of patterns) {
      const colon = p.indexOf(':');
      const service = colon < 0 ? '*' : p.slice(0, colon);
      const name = colon < 0 ? '*' : p.slice(colon + 1);
      if (service.includes('*') || service.includes('?')) {
        for (const s of data.services()) addService(s);
      } else if (name.includes('*') || name.includes('?')) {
        if (data.hasService(service)) addService(service.toLowerCase());
      } else {
        const a = data.action(service, name);
        if (a?.accessLevel.split(', ').includes('Permissions management')) out.set(a.action, a);
      }
    }
  }
  return [...out.values()];
}

/**
 * Classify what the grants allow. Grants are action patterns (`s3:Get*`, `*`, `iam:PassRole`) or
 * statements' Action/NotAction lists; `denied` patterns are subtracted.
 */
export function classifyRisk(
  grants: readonly (string | ActionGrant)[],
  options: ClassifyRiskOptions = {},
): RiskClassification {
  const data = options.data ?? serviceData();
  const allowed = allowedBy(grants, options.denied ?? []);
  const privilegeEscalation = ESCALATION_METHODS.filter((m) => m.actions.every(allowed));
  // Only actions that can be limited to resources: for an action that accepts only `*`, "without resource
  // constraints" is no finding, there is nothing narrower to write (cloudsplaining counts them the same way).
  const restrictable = (action: string) => {
    const [service = '', name = ''] = action.split(':');
    return (data.action(service, name)?.resourceTypes.length ?? 0) > 0;
  };
  const credentialsExposure = CREDENTIALS_EXPOSURE_ACTIONS.filter((a) => allowed(a) && restrictable(a));
  const dataExfiltration = DATA_EXFILTRATION_ACTIONS.filter((a) => allowed(a) && restrictable(a));
  const resourceExposure: string[] = [];
  for (const a of resourceExposureCandidates(grants, data)) {
    if (a.resourceTypes.length > 0 && allowed(a.action)) resourceExposure.push(a.action);
  }
  const serviceWildcard = new Set<string>();
  for (const g of grants) {
    for (const p of typeof g === 'string' ? [g] : (g.actions ?? [])) {
      if (p === '*' || /^[^:]+:\*$/.test(p)) serviceWildcard.add(p);
    }
  }
  return {
    privilegeEscalation,
    credentialsExposure,
    dataExfiltration,
    resourceExposure: resourceExposure.sort(),
    serviceWildcard: [...serviceWildcard].sort(),
  };
}
