/** `audit` as text: a summary, then one block of terminal tables per principal and per function. */
import type { AuditResult, PrincipalAudit } from '../audit/index.js';
import {
  actionCount,
  activityLine,
  describeGroup,
  groupGrants,
  n,
  plural,
  proofLine,
  severityLabel,
  title,
  topRisks,
} from './audit-shared.js';

const MAX_ROWS = 25;

/** A table with a header row; columns padded to their widest cell, the last one left ragged. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  indent = '  ',
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `${indent}${cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()}\n`;
  let out = line(header);
  out += line(widths.map((w, i) => '-'.repeat(i === widths.length - 1 ? Math.min(w, 40) : w)));
  for (const r of rows) out += line(r);
  return out;
}

function cap<T>(rows: readonly T[], what: string): { rows: T[]; more: string } {
  if (rows.length <= MAX_ROWS) return { rows: [...rows], more: '' };
  return {
    rows: rows.slice(0, MAX_ROWS),
    more: `  ... and ${n(rows.length - MAX_ROWS)} more ${what} (all of them in --json)\n`,
  };
}

function section(name: string, count: string): string {
  return `\n  ${name} (${count})\n`;
}

function block(p: PrincipalAudit, result: AuditResult): string {
  let out = '';
  const head = p.workload
    ? `-- ${title(p)}  (${p.workload})`
    : `== #${p.rank} ${title(p)}  [${severityLabel(p.severity)}]`;
  out += `\n${head}\n`;
  if (!p.workload) {
    const policies = p.granted.policies.map(
      (g) => `${g.name} (${g.kind}${g.group ? ` via ${g.group}` : ''})`,
    );
    out += `  granted: ${policies.length > 0 ? policies.join(', ') : 'no identity policy'}`;
    if (p.granted.boundary) out += `; boundary ${p.granted.boundary}`;
    out += `\n  ${plural(p.granted.actions, 'action')} in ${plural(p.granted.services.length, 'service')}\n`;
  }
  out += `  activity: ${activityLine(p, result)}\n`;
  for (const note of p.notes) out += `  ! ${note}\n`;

  if (p.risks.length > 0 && !p.workload) {
    out += section('risks, most dangerous first', n(p.risks.length));
    const { rows, more } = cap(
      p.risks.map((r) => [severityLabel(r.severity), r.code, r.used ? 'yes' : 'no', r.message]),
      'risks',
    );
    out += table(['SEVERITY', 'RISK', 'USED', 'WHY'], rows);
    out += more;
  }
  if (p.unknownPolicies.length > 0 && !p.workload) {
    out += section('attached policies not in the input', n(p.unknownPolicies.length));
    out += table(
      ['POLICY', 'ATTACHED'],
      p.unknownPolicies.map((u) => [u.arn, `${u.attachedAs}${u.group ? ` (${u.group})` : ''}`]),
    );
  }
  if (p.unused.length > 0) {
    const groups = groupGrants(p.unused);
    out += section(
      p.workload ? 'granted by the role, unused by this function' : 'unused',
      `${plural(actionCount(p.unused), 'action')}${p.unusedServices.length ? `; services never used: ${p.unusedServices.join(', ')}` : ''}`,
    );
    const { rows, more } = cap(
      groups.map((g) => [describeGroup(g), g.resource]),
      'groups',
    );
    out += table(['UNUSED', 'ON'], rows);
    out += more;
  }
  if (p.overbroad.length > 0) {
    out += section('over-broad', n(p.overbroad.length));
    const { rows, more } = cap(
      p.overbroad.map((o) =>
        o.kind === 'resource'
          ? [o.actions.join(', '), o.resource, o.used.join(', ')]
          : [o.actions.join(', '), `${o.resource} (no condition)`, o.message],
      ),
      'grants',
    );
    out += table(['ACTIONS', 'GRANTED ON', 'USED ON'], rows);
    out += more;
  }
  if (p.unprovable.length > 0) {
    const groups = groupGrants(p.unprovable);
    out += section(
      'unprovable: the logs could not have seen it',
      plural(actionCount(p.unprovable), 'action'),
    );
    const { rows, more } = cap(
      groups.map((g) => [describeGroup(g), g.resource, g.reason ?? '']),
      'groups',
    );
    out += table(['GRANTED', 'ON', 'WHY'], rows);
    out += more;
  }
  if (p.denied.length > 0) {
    out += section('refused calls', n(p.denied.length));
    out += table(
      ['OPERATION', 'CALLS', 'VERDICT', 'WHY'],
      p.denied.map((d) => [`${d.operation} (${d.errorCode})`, n(d.count), d.verdict, d.message]),
    );
  }
  if (p.notGranted.length > 0) {
    out += section('used but not granted by the policies read', n(p.notGranted.length));
    out += table(
      ['ACTION', 'CALLS', 'ON'],
      p.notGranted.map((g) => [
        g.action,
        n(g.count),
        `${g.resource}${g.resources > 1 ? ` (${n(g.resources)} resources)` : ''}`,
      ]),
    );
  }
  out += `\n  replacement policy: ${proofLine(p)}\n`;
  if (p.recommendedPolicy) {
    out += `${JSON.stringify(p.recommendedPolicy, null, 2)
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}\n`;
  }
  return out;
}

export function formatAuditText(result: AuditResult): string {
  const s = result.summary;
  let out = `leastpriv audit: ${plural(s.principals, 'principal')}`;
  if (s.workloads > 0) out += ` and ${plural(s.workloads, 'function')} in shared roles`;
  out += '\n';
  out += s.activity.given
    ? `  activity: ${plural(s.activity.records, 'record')}, ${s.activity.firstSeen ?? '?'} to ${s.activity.lastSeen ?? '?'}; data events logged: ${s.activity.dataEventTypes.join(', ') || 'none'}\n`
    : '  activity: none given (add CloudTrail logs to tell unused grants from unprovable ones)\n';
  out += `  risks: ${s.risks.critical} critical, ${s.risks.high} high, ${s.risks.medium} medium, ${s.risks.low} low`;
  out += `; unused: ${plural(s.unusedActions, 'action')}; over-broad: ${n(s.overbroad)}; unprovable: ${plural(s.unprovable, 'action')}\n`;
  if (s.notSeen > 0) out += `  never seen: ${plural(s.notSeen, 'principal')}\n`;
  if (s.unknownPolicies > 0)
    out += `  attached policies not in the input: ${n(s.unknownPolicies)} (their grants are unknown)\n`;
  const top = topRisks(result);
  if (top.length > 0) {
    out += '\nTop risks\n';
    out += table(
      ['#', 'PRINCIPAL', 'FINDINGS'],
      top.map((t) => [String(t.rank), t.principal.principal, t.reason]),
    );
  }
  for (const p of result.principals) out += block(p, result);
  return out;
}
