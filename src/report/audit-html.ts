/**
 * `audit --format html`: one self-contained page. Inline CSS and inline SVG charts (./audit-charts.ts), no
 * script, no font, no image, nothing fetched when it is opened (a Content-Security-Policy says so too).
 */
import type { AuditResult, PrincipalAudit } from '../audit/index.js';
import { COLORS, esc, riskBreakdownChart, timelineChart, usedVsGrantedChart } from './audit-charts.js';
import {
  actionCount,
  activityLine,
  describeGroup,
  groupGrants,
  n,
  plural,
  proofLine,
  title,
  topRisks,
} from './audit-shared.js';

const MAX_ROWS = 40;

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #111827; background: #f3f4f6; }
header { background: #111827; color: #f9fafb; padding: 18px 28px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #d1d5db; }
main { padding: 18px 28px 40px; max-width: 1100px; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 14px 18px; margin: 0 0 16px; }
h2 { font-size: 17px; margin: 0 0 10px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin-bottom: 16px; }
.card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 10px 14px; min-width: 120px; }
.card b { display: block; font-size: 22px; }
.card span { color: #6b7280; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #f3f4f6; vertical-align: top; }
th { background: #f9fafb; font-weight: 600; font-size: 12px; color: #374151; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
code.id { word-break: normal; white-space: nowrap; }
pre { background: #0f172a; color: #e2e8f0; padding: 10px 12px; border-radius: 6px; overflow-x: auto; font-size: 12px; }
.sev { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; }
.muted { color: #6b7280; }
.note { background: #fffbeb; border-left: 3px solid #f59e0b; padding: 4px 10px; margin: 6px 0; }
.ok { color: #15803d; font-weight: 600; }
.bad { color: #b91c1c; font-weight: 600; }
details > summary { cursor: pointer; color: #1d4ed8; margin: 6px 0; }
svg { max-width: 100%; height: auto; }
`;

function sev(s: string): string {
  const color = (COLORS as Record<string, string>)[s] ?? '#15803d';
  return `<span class="sev" style="background:${color}">${esc(s)}</span>`;
}

function c(text: string): string {
  return `<code>${esc(text)}</code>`;
}

function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  let out = `<table><thead><tr>${header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>`;
  for (const r of rows.slice(0, MAX_ROWS)) out += `<tr>${r.map((x) => `<td>${x}</td>`).join('')}</tr>`;
  out += '</tbody></table>';
  if (rows.length > MAX_ROWS)
    out += `<p class="muted">… and ${n(rows.length - MAX_ROWS)} more rows (all of them in --json).</p>`;
  return out;
}

function principalSection(p: PrincipalAudit, result: AuditResult): string {
  const id = `p-${esc(p.principal + (p.workload ?? '')).replace(/[^A-Za-z0-9_-]/g, '-')}`;
  let out = `<section id="${id}">`;
  out += p.workload
    ? `<h2>${esc(title(p))} <span class="muted">in ${esc(p.principal)}</span></h2>`
    : `<h2>#${p.rank} ${esc(title(p))} ${sev(p.severity)}</h2>`;
  if (!p.workload) {
    const policies = p.granted.policies.map(
      (g) =>
        `${c(g.name)} <span class="muted">(${esc(g.kind)}${g.group ? ` via ${esc(g.group)}` : ''})</span>`,
    );
    out += `<p>Granted: ${policies.join(', ') || 'no identity policy'}${p.granted.boundary ? `; boundary ${c(p.granted.boundary)}` : ''} — ${plural(p.granted.actions, 'action')} in ${plural(p.granted.services.length, 'service')}.</p>`;
  }
  out += `<p>Activity: ${esc(activityLine(p, result))}.</p>`;
  for (const note of p.notes) out += `<p class="note">${esc(note)}</p>`;

  if (p.risks.length > 0 && !p.workload) {
    out += '<h3>Risks, most dangerous first</h3>';
    out += htmlTable(
      ['Severity', 'Risk', 'Used', 'Why', 'Granted by'],
      p.risks.map((r) => [
        sev(r.severity),
        `<code class="id">${esc(r.code)}</code>`,
        r.used ? 'yes' : 'no',
        esc(r.message),
        r.grantedBy
          .slice(0, 3)
          .map((g) => c(`${g.policy}${g.path ? ` ${g.path}` : ''}`))
          .join('<br>'),
      ]),
    );
  }
  if (p.unknownPolicies.length > 0 && !p.workload) {
    out += '<h3>Attached policies not in the input</h3>';
    out += htmlTable(
      ['Policy', 'Attached'],
      p.unknownPolicies.map((u) => [c(u.arn), esc(`${u.attachedAs}${u.group ? ` (${u.group})` : ''}`)]),
    );
  }
  if (p.unused.length > 0) {
    out += `<h3>${p.workload ? 'Granted by the role, unused by this function' : 'Unused'}: ${plural(actionCount(p.unused), 'action')}</h3>`;
    if (p.unusedServices.length > 0)
      out += `<p>Services never used: ${p.unusedServices.map(c).join(', ')}</p>`;
    out += htmlTable(
      ['Unused', 'On'],
      groupGrants(p.unused).map((g) => [esc(describeGroup(g, 6)), c(g.resource)]),
    );
  }
  if (p.overbroad.length > 0) {
    out += '<h3>Over-broad</h3>';
    out += htmlTable(
      ['Actions', 'Granted on', 'Used on'],
      p.overbroad.map((o) =>
        o.kind === 'resource'
          ? [esc(o.actions.join(', ')), c(o.resource), o.used.map(c).join('<br>')]
          : [esc(o.actions.join(', ')), `${c(o.resource)} without condition`, esc(o.message)],
      ),
    );
  }
  if (p.unprovable.length > 0) {
    out += `<h3>Unprovable: ${plural(actionCount(p.unprovable), 'action')} the logs could not have seen</h3>`;
    out += htmlTable(
      ['Granted', 'On', 'Why'],
      groupGrants(p.unprovable).map((g) => [esc(describeGroup(g, 6)), c(g.resource), esc(g.reason ?? '')]),
    );
  }
  if (p.denied.length > 0) {
    out += '<h3>Refused calls</h3>';
    out += htmlTable(
      ['Operation', 'Calls', 'Verdict', 'Why'],
      p.denied.map((d) => [c(`${d.operation} (${d.errorCode})`), n(d.count), esc(d.verdict), esc(d.message)]),
    );
  }
  if (p.notGranted.length > 0) {
    out += '<h3>Used but not granted by the policies read</h3>';
    out += htmlTable(
      ['Action', 'Calls', 'On'],
      p.notGranted.map((g) => [
        c(g.action),
        n(g.count),
        `${c(g.resource)}${g.resources > 1 ? ` (${n(g.resources)} resources)` : ''}`,
      ]),
    );
  }
  const proven = p.proof?.contained === true && p.proof.failures.length === 0;
  out += `<h3>Replacement policy</h3><p class="${p.proof ? (proven ? 'ok' : 'bad') : 'muted'}">${esc(proofLine(p))}</p>`;
  if (p.recommendedPolicy) {
    out += `<details${p.workload ? '' : ' open'}><summary>Policy JSON</summary><pre>${esc(JSON.stringify(p.recommendedPolicy, null, 2))}</pre></details>`;
  }
  out += '</section>';
  return out;
}

export function formatAuditHtml(result: AuditResult): string {
  const s = result.summary;
  const subtitle = s.activity.given
    ? `${plural(s.activity.records, 'activity record')}, ${s.activity.firstSeen ?? '?'} to ${s.activity.lastSeen ?? '?'}; data events logged: ${s.activity.dataEventTypes.join(', ') || 'none'}`
    : 'No activity given: grants are unprovable, not unused';
  const cards: [string, string][] = [
    [n(s.principals), 'principals'],
    [n(s.workloads), 'functions in shared roles'],
    [n(s.risks.critical), 'critical risks'],
    [n(s.risks.high), 'high risks'],
    [n(s.risks.medium), 'medium risks'],
    [n(s.unusedActions), 'unused actions'],
    [n(s.overbroad), 'over-broad grants'],
    [n(s.unprovable), 'unprovable actions'],
    [n(s.notSeen), 'never seen'],
  ];
  let body = `<header><h1>leastpriv audit</h1><p>${esc(subtitle)}</p></header><main>`;
  body += `<div class="cards">${cards.map(([v, k]) => `<div class="card"><b>${esc(v)}</b><span>${esc(k)}</span></div>`).join('')}</div>`;
  const top = topRisks(result, 10);
  if (top.length > 0) {
    body += '<section><h2>Top risks</h2>';
    body += htmlTable(
      ['#', 'Principal', 'Severity', 'Findings'],
      top.map((t) => [String(t.rank), c(t.principal.principal), sev(t.principal.severity), esc(t.reason)]),
    );
    body += '</section>';
  }
  body += `<section><h2>Used vs granted</h2>${usedVsGrantedChart(result)}</section>`;
  body += `<section><h2>Usage timeline</h2>${timelineChart(result)}</section>`;
  body += `<section><h2>Risk breakdown</h2>${riskBreakdownChart(result)}</section>`;
  for (const p of result.principals) body += principalSection(p, result);
  body += '</main>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>leastpriv audit</title>
<style>${CSS}</style>
</head>
<body>${body}</body>
</html>
`;
}
