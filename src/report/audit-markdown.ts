/** `audit --format markdown`: for a pull-request comment. Tables, with the long parts folded in <details>. */
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

const MAX_ROWS = 30;

/** Text safe in a Markdown table cell: pipes escaped, no line breaks, code spans for identifiers. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  const t = text.replace(/\|/g, '\\|');
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  let out = `| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`;
  const shown = rows.slice(0, MAX_ROWS);
  for (const r of shown) out += `| ${r.join(' | ')} |\n`;
  if (rows.length > MAX_ROWS)
    out += `\n_... and ${n(rows.length - MAX_ROWS)} more rows (all of them in \`--json\`)._\n`;
  return out;
}

const ICON: Record<string, string> = {
  critical: '🟥',
  high: '🟧',
  medium: '🟨',
  low: '🟦',
  info: '⬜',
  none: '✅',
};

function principalSection(p: PrincipalAudit, result: AuditResult): string {
  let out = '';
  const level = p.workload ? '####' : '###';
  out += `\n${level} ${p.workload ? '' : `${ICON[p.severity] ?? ''} #${p.rank} `}${cell(title(p))}${p.workload ? '' : ` — ${severityLabel(p.severity)}`}\n\n`;
  if (!p.workload) {
    const policies = p.granted.policies.map(
      (g) => `${code(g.name)} (${g.kind}${g.group ? ` via ${cell(g.group)}` : ''})`,
    );
    out += `Granted: ${policies.join(', ') || 'no identity policy'}${p.granted.boundary ? `; boundary ${code(p.granted.boundary)}` : ''} — ${plural(p.granted.actions, 'action')} in ${plural(p.granted.services.length, 'service')}.\n\n`;
  }
  out += `Activity: ${cell(activityLine(p, result))}.\n`;
  for (const note of p.notes) out += `\n> ${cell(note)}\n`;

  if (p.risks.length > 0 && !p.workload) {
    out += '\n**Risks**, most dangerous first\n\n';
    out += mdTable(
      ['Severity', 'Risk', 'Used', 'Why'],
      p.risks.map((r) => [
        `${ICON[r.severity] ?? ''} ${r.severity}`,
        code(r.code),
        r.used ? 'yes' : 'no',
        cell(r.message),
      ]),
    );
  }
  if (p.unused.length > 0) {
    out += `\n**${p.workload ? 'Granted by the role, unused by this function' : 'Unused'}**: ${plural(actionCount(p.unused), 'action')}`;
    if (p.unusedServices.length > 0) out += `; services never used: ${p.unusedServices.map(code).join(', ')}`;
    out += '\n\n';
    out += mdTable(
      ['Unused', 'On'],
      groupGrants(p.unused).map((g) => [cell(describeGroup(g)), code(g.resource)]),
    );
  }
  if (p.overbroad.length > 0) {
    out += '\n**Over-broad**\n\n';
    out += mdTable(
      ['Actions', 'Granted on', 'Used on'],
      p.overbroad.map((o) =>
        o.kind === 'resource'
          ? [cell(o.actions.join(', ')), code(o.resource), o.used.map(code).join(', ')]
          : [cell(o.actions.join(', ')), `${code(o.resource)} without condition`, cell(o.message)],
      ),
    );
  }
  if (p.unprovable.length > 0) {
    out += `\n**Unprovable** (the logs could not have seen it): ${plural(actionCount(p.unprovable), 'action')}\n\n`;
    out += mdTable(
      ['Granted', 'On', 'Why'],
      groupGrants(p.unprovable).map((g) => [cell(describeGroup(g)), code(g.resource), cell(g.reason ?? '')]),
    );
  }
  if (p.denied.length > 0) {
    out += '\n**Refused calls**\n\n';
    out += mdTable(
      ['Operation', 'Calls', 'Verdict', 'Why'],
      p.denied.map((d) => [code(`${d.operation} (${d.errorCode})`), n(d.count), d.verdict, cell(d.message)]),
    );
  }
  if (p.notGranted.length > 0) {
    out += '\n**Used but not granted by the policies read**\n\n';
    out += mdTable(
      ['Action', 'Calls', 'On'],
      p.notGranted.map((g) => [
        code(g.action),
        n(g.count),
        `${code(g.resource)}${g.resources > 1 ? ` (${n(g.resources)} resources)` : ''}`,
      ]),
    );
  }
  out += `\nReplacement policy: ${cell(proofLine(p))}.\n`;
  if (p.recommendedPolicy) {
    out += `\n<details><summary>Replacement policy for ${cell(title(p))}</summary>\n\n\`\`\`json\n${JSON.stringify(p.recommendedPolicy, null, 2)}\n\`\`\`\n\n</details>\n`;
  }
  return out;
}

export function formatAuditMarkdown(result: AuditResult): string {
  const s = result.summary;
  let out = '## leastpriv audit\n\n';
  out += `${plural(s.principals, 'principal')}${s.workloads ? ` and ${plural(s.workloads, 'function')} in shared roles` : ''}. `;
  out += s.activity.given
    ? `Activity: ${plural(s.activity.records, 'record')}, ${s.activity.firstSeen ?? '?'} to ${s.activity.lastSeen ?? '?'}; data events logged: ${s.activity.dataEventTypes.map(code).join(', ') || 'none'}.\n\n`
    : 'No activity given: grants are unprovable, not unused.\n\n';
  out += mdTable(
    ['Critical', 'High', 'Medium', 'Low', 'Unused actions', 'Over-broad', 'Unprovable actions', 'Never seen'],
    [
      [
        n(s.risks.critical),
        n(s.risks.high),
        n(s.risks.medium),
        n(s.risks.low),
        n(s.unusedActions),
        n(s.overbroad),
        n(s.unprovable),
        n(s.notSeen),
      ],
    ],
  );
  const top = topRisks(result);
  if (top.length > 0) {
    out += '\n**Top risks**\n\n';
    out += mdTable(
      ['#', 'Principal', 'Findings'],
      top.map((t) => [String(t.rank), code(t.principal.principal), cell(t.reason)]),
    );
  }
  for (const p of result.principals) out += principalSection(p, result);
  return out;
}
