/** What the audit reports (text, Markdown, HTML) say the same way: titles, groupings, counts. */
import type { AuditResult, PrincipalAudit, UnprovableGrant, UnusedGrant } from '../audit/index.js';

import { n, plural } from '../util/words.js';

export { n, plural };

/** `Role arn:...`, `User arn:...`, `Function notes-api-get`. */
export function title(p: PrincipalAudit): string {
  if (p.workload) return `Function ${p.workload.slice(p.workload.lastIndexOf(':') + 1)}`;
  return `${p.kind === 'user' ? 'User' : 'Role'} ${p.principal}`;
}

export function shortName(p: PrincipalAudit): string {
  if (p.workload) return p.workload.slice(p.workload.lastIndexOf(':') + 1);
  return p.principal.slice(p.principal.lastIndexOf('/') + 1);
}

/** How many actions an unused/unprovable list stands for (a whole-service entry counts its actions). */
export function actionCount(list: readonly { actions?: number }[]): number {
  return list.reduce((k, u) => k + (u.actions ?? 1), 0);
}

export interface GrantGroup {
  service: string;
  resource: string;
  /** Action names or service patterns. */
  actions: string[];
  count: number;
  /** Unprovable: why. */
  reason?: string;
}

/** Unused or unprovable grants by (service, resource[, reason]), for tables a person reads. */
export function groupGrants(list: readonly (UnusedGrant | UnprovableGrant)[]): GrantGroup[] {
  const groups = new Map<string, GrantGroup>();
  for (const u of list) {
    const reason = 'reason' in u ? u.message : undefined;
    const k = `${u.service}\u0000${u.resource}\u0000${reason ?? ''}`;
    const g = groups.get(k) ?? {
      service: u.service,
      resource: u.resource,
      actions: [],
      count: 0,
      ...(reason ? { reason } : {}),
    };
    g.actions.push(u.action);
    g.count += u.actions ?? 1;
    groups.set(k, g);
  }
  return [...groups.values()];
}

/** `dynamodb:DescribeTable, dynamodb:Scan` or `56 actions (kms:*)` or `150 actions: s3:AbortMultipartUpload, ... `. */
export function describeGroup(g: GrantGroup, limit = 3): string {
  if (g.actions.length === 1 && g.count > 1) return `${n(g.count)} actions (${g.actions[0]})`;
  if (g.actions.length <= limit) return g.actions.join(', ');
  return `${n(g.count)} actions: ${g.actions.slice(0, limit).join(', ')}, ...`;
}

export function span(p: PrincipalAudit): string {
  if (!p.firstSeen || !p.lastSeen) return '';
  return `${p.firstSeen} to ${p.lastSeen}`;
}

export function activityLine(p: PrincipalAudit, result: AuditResult): string {
  if (p.seen === null) return 'no activity source given: unused grants cannot be told from unprovable ones';
  if (p.seen === false)
    return `never seen in ${plural(result.summary.activity.records, 'record')} of activity`;
  return `${plural(p.records, 'call')}, ${span(p)}; used ${plural(p.used.actions, 'action')} of ${n(p.granted.actions)} granted`;
}

export function proofLine(p: PrincipalAudit): string {
  const proof = p.proof;
  if (!proof)
    return p.seen === false ? 'nothing was used: remove its grants' : 'no replacement (nothing observed)';
  const parts: string[] = [];
  parts.push(
    proof.contained && proof.failures.length === 0
      ? `proven contained in the granted policies (${plural(proof.checkedPairs, 'action-resource pair')})`
      : `NOT proven: ${proof.failures.map((f) => `${f.action} on ${f.resource}: ${f.reason}`).join('; ')}`,
  );
  if (proof.allowsObserved) parts.push(`allows all ${plural(proof.observedChecked, 'observed permission')}`);
  else if (proof.excluded.length > 0) {
    const left = proof.excluded.reduce((k, e) => k + Math.max(e.observed, 1), 0);
    parts.push(
      `allows every observed permission the grants allow; ${plural(left, 'observed permission')} left out because the granted policies do not allow them either (see "used but not granted")`,
    );
  }
  if (proof.narrowed.length > 0)
    parts.push(`${plural(proof.narrowed.length, 'resource')} narrowed to what was observed`);
  return parts.join('; ');
}

export function severityLabel(s: string): string {
  return s.toUpperCase();
}

/** The principals' top risks, for the summary: rank, principal, highest finding. */
export function topRisks(
  result: AuditResult,
  limit = 5,
): { rank: number; principal: PrincipalAudit; reason: string }[] {
  return result.principals
    .filter((p) => p.workload === null && p.risks.length > 0)
    .slice(0, limit)
    .map((p) => ({
      rank: p.rank,
      principal: p,
      reason: p.risks
        .slice(0, 3)
        .map((r) => `${r.severity} ${r.code}`)
        .join(', '),
    }));
}
