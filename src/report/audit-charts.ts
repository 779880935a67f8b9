/**
 * The audit report's charts as inline SVG, drawn here (no library, nothing fetched when the page opens):
 * used vs granted per principal, the usage timeline, and the risk breakdown.
 */
import type { AuditResult, PrincipalAudit, RiskCategory, Severity } from '../audit/index.js';
import { RISK_CATEGORIES, SEVERITIES } from '../audit/index.js';
import { actionCount, n, shortName } from './audit-shared.js';

export const COLORS = {
  used: '#16a34a',
  unused: '#9ca3af',
  unprovable: '#f59e0b',
  denied: '#dc2626',
  axis: '#6b7280',
  grid: '#e5e7eb',
  text: '#111827',
  critical: '#991b1b',
  high: '#ea580c',
  medium: '#ca8a04',
  low: '#2563eb',
  info: '#6b7280',
} as const;

export function esc(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function label(p: PrincipalAudit): string {
  return p.workload ? `  ↳ ${shortName(p)}` : shortName(p);
}

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12"';

function svg(width: number, height: number, body: string, titleText: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(titleText)}" ${FONT}><title>${esc(titleText)}</title>${body}</svg>`;
}

function legend(items: readonly [string, string][], x: number, y: number): string {
  let out = '';
  let cx = x;
  for (const [name, color] of items) {
    out += `<rect x="${cx}" y="${y - 10}" width="12" height="12" rx="2" fill="${color}"/>`;
    out += `<text x="${cx + 16}" y="${y}" fill="${COLORS.text}">${esc(name)}</text>`;
    cx += 30 + name.length * 7.5;
  }
  return out;
}

/** One bar per principal and function: used, unused and unprovable grants, as shares of the whole. */
export function usedVsGrantedChart(result: AuditResult, width = 1000): string {
  const rows = result.principals;
  const left = 220;
  const right = 190;
  const barW = width - left - right;
  const rowH = 24;
  const top = 34;
  const height = top + Math.max(rows.length, 1) * rowH + 16;
  let body = legend(
    [
      ['used', COLORS.used],
      ['unused', COLORS.unused],
      ['unprovable', COLORS.unprovable],
    ],
    left,
    16,
  );
  rows.forEach((p, i) => {
    const y = top + i * rowH;
    const used = p.used.actions;
    const unused = actionCount(p.unused);
    const unprovable = actionCount(p.unprovable);
    const total = used + unused + unprovable;
    body += `<text x="${left - 8}" y="${y + 15}" text-anchor="end" fill="${COLORS.text}">${esc(truncate(label(p), 30))}</text>`;
    body += `<rect x="${left}" y="${y + 3}" width="${barW}" height="16" fill="${COLORS.grid}"/>`;
    let x = left;
    for (const [value, color, name] of [
      [used, COLORS.used, 'used'],
      [unused, COLORS.unused, 'unused'],
      [unprovable, COLORS.unprovable, 'unprovable'],
    ] as const) {
      if (total === 0 || value === 0) continue;
      const w = Math.max(1, (value / total) * barW);
      body += `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="16" fill="${color}"><title>${esc(`${label(p).trim()}: ${n(value)} ${name}`)}</title></rect>`;
      x += w;
    }
    body += `<text x="${left + barW + 8}" y="${y + 15}" fill="${COLORS.text}">${esc(`${n(used)} used · ${n(unused)} unused · ${n(unprovable)} ?`)}</text>`;
  });
  return svg(width, height, body, 'Used versus granted actions per principal');
}

function parseTime(t: string | null): number | undefined {
  if (!t) return undefined;
  const v = Date.parse(t);
  return Number.isNaN(v) ? undefined : v;
}

/** Day ticks (or fewer) across [from, to]. */
function ticks(from: number, to: number, max: number): number[] {
  const day = 86_400_000;
  const spanDays = Math.max(1, (to - from) / day);
  const step = Math.max(1, Math.ceil(spanDays / max)) * day;
  const out: number[] = [];
  for (let t = Math.ceil(from / day) * day; t <= to; t += step) out.push(t);
  return out;
}

/**
 * The usage timeline: per principal and function seen, its span from first to last call, then one row per
 * used action (the busiest first) from its first to its last use, with a dot at the last use: what has not
 * been needed lately stands out. Refused calls are red dots at their last time.
 */
export function timelineChart(result: AuditResult, width = 1000, perLane = 6): string {
  const from = parseTime(result.summary.activity.firstSeen);
  const to = parseTime(result.summary.activity.lastSeen);
  const lanes = result.principals.filter((p) => p.seen);
  if (from === undefined || to === undefined || lanes.length === 0) {
    return svg(
      width,
      60,
      `<rect x="0" y="0" width="${width}" height="60" fill="#f9fafb"/><text x="${width / 2}" y="34" text-anchor="middle" fill="${COLORS.axis}">${esc(result.summary.activity.given ? 'No granted principal was seen in the activity.' : 'No activity given: no timeline.')}</text>`,
      'Usage timeline',
    );
  }
  type Row =
    | { kind: 'lane'; p: PrincipalAudit }
    | { kind: 'action'; p: PrincipalAudit; a: PrincipalAudit['used']['permissions'][number] }
    | { kind: 'more'; count: number };
  const rows: Row[] = [];
  for (const p of lanes) {
    rows.push({ kind: 'lane', p });
    const perms = [...p.used.permissions].sort((x, y) => y.count - x.count || (x.action < y.action ? -1 : 1));
    for (const a of perms.slice(0, perLane)) rows.push({ kind: 'action', p, a });
    if (perms.length > perLane) rows.push({ kind: 'more', count: perms.length - perLane });
  }
  const left = 260;
  const right = 30;
  const w = width - left - right;
  const rowH = 18;
  const top = 30;
  const bottom = top + rows.length * rowH;
  const height = bottom + 30;
  const range = Math.max(1, to - from);
  const xOf = (t: number) => left + ((t - from) / range) * w;
  let body = legend(
    [
      ['activity span', '#94a3b8'],
      ['an action: first to last use', COLORS.used],
      ['refused call', COLORS.denied],
    ],
    left,
    16,
  );
  for (const t of ticks(from, to, 10)) {
    const x = xOf(t);
    body += `<line x1="${x.toFixed(1)}" y1="${top}" x2="${x.toFixed(1)}" y2="${bottom}" stroke="${COLORS.grid}"/>`;
    body += `<text x="${x.toFixed(1)}" y="${bottom + 16}" text-anchor="middle" fill="${COLORS.axis}">${esc(new Date(t).toISOString().slice(5, 10))}</text>`;
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH + rowH / 2;
    if (r.kind === 'more') {
      body += `<text x="${left - 8}" y="${y + 4}" text-anchor="end" fill="${COLORS.axis}">${esc(`+${r.count} more actions`)}</text>`;
      return;
    }
    if (r.kind === 'lane') {
      const p = r.p;
      body += `<line x1="0" y1="${y - rowH / 2}" x2="${width}" y2="${y - rowH / 2}" stroke="${COLORS.grid}"/>`;
      body += `<text x="${left - 8}" y="${y + 4}" text-anchor="end" font-weight="600" fill="${COLORS.text}">${esc(truncate(label(p).trim(), 34))}</text>`;
      const a = parseTime(p.firstSeen);
      const b = parseTime(p.lastSeen);
      if (a !== undefined && b !== undefined) {
        body += `<rect x="${xOf(a).toFixed(1)}" y="${y - 5}" width="${Math.max(2, xOf(b) - xOf(a)).toFixed(1)}" height="10" rx="3" fill="#94a3b8"><title>${esc(`${label(p).trim()}: ${n(p.records)} calls, ${p.firstSeen} to ${p.lastSeen}`)}</title></rect>`;
      }
      for (const d of p.denied) {
        const t = parseTime(d.lastSeen);
        if (t === undefined) continue;
        body += `<circle cx="${xOf(t).toFixed(1)}" cy="${y}" r="5" fill="${COLORS.denied}"><title>${esc(`${d.operation} refused (${d.errorCode}), ${n(d.count)}×`)}</title></circle>`;
      }
      return;
    }
    const u = r.a;
    body += `<text x="${left - 8}" y="${y + 4}" text-anchor="end" fill="${COLORS.axis}">${esc(truncate(u.action, 36))}</text>`;
    const s0 = parseTime(u.firstSeen);
    const e0 = parseTime(u.lastSeen);
    if (s0 === undefined || e0 === undefined) return;
    const tip = esc(`${u.action} on ${u.resource}: ${n(u.count)} calls, ${u.firstSeen} to ${u.lastSeen}`);
    body += `<line x1="${xOf(s0).toFixed(1)}" y1="${y}" x2="${Math.max(xOf(s0) + 1, xOf(e0)).toFixed(1)}" y2="${y}" stroke="${COLORS.used}" stroke-width="4" stroke-linecap="round"><title>${tip}</title></line>`;
    body += `<circle cx="${xOf(e0).toFixed(1)}" cy="${y}" r="3.5" fill="#14532d"><title>${tip}</title></circle>`;
  });
  return svg(width, height, body, 'Usage timeline');
}

/** Risk findings by category, stacked by severity, over every principal. */
export function riskBreakdownChart(result: AuditResult, width = 1000): string {
  const counts = new Map<RiskCategory, Record<Severity, number>>();
  for (const p of result.principals) {
    if (p.workload) continue;
    for (const r of p.risks) {
      const c =
        counts.get(r.category) ??
        (Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>);
      c[r.severity]++;
      counts.set(r.category, c);
    }
  }
  const categories = RISK_CATEGORIES.filter((c) => counts.has(c.category));
  if (categories.length === 0) {
    return svg(
      width,
      60,
      `<rect x="0" y="0" width="${width}" height="60" fill="#f9fafb"/><text x="${width / 2}" y="34" text-anchor="middle" fill="${COLORS.axis}">No risk found.</text>`,
      'Risk breakdown',
    );
  }
  const left = 220;
  const right = 60;
  const w = width - left - right;
  const rowH = 24;
  const top = 34;
  const height = top + categories.length * rowH + 16;
  const max = Math.max(
    ...categories.map((c) => SEVERITIES.reduce((k, s) => k + counts.get(c.category)![s], 0)),
  );
  let body = legend(
    SEVERITIES.map((s) => [s, COLORS[s]] as [string, string]),
    left,
    16,
  );
  categories.forEach((c, i) => {
    const y = top + i * rowH;
    const row = counts.get(c.category)!;
    body += `<text x="${left - 8}" y="${y + 15}" text-anchor="end" fill="${COLORS.text}">${esc(c.category)}</text>`;
    let x = left;
    let total = 0;
    for (const s of SEVERITIES) {
      if (row[s] === 0) continue;
      const bw = (row[s] / max) * w;
      body += `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${bw.toFixed(1)}" height="16" fill="${COLORS[s]}"><title>${esc(`${c.category}: ${row[s]} ${s}`)}</title></rect>`;
      x += bw;
      total += row[s];
    }
    body += `<text x="${(x + 6).toFixed(1)}" y="${y + 15}" fill="${COLORS.text}">${total}</text>`;
  });
  return svg(width, height, body, 'Risk findings by category and severity');
}
