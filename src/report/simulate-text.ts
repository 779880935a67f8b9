/** The readable result of `simulate`: per request, the decision, the statements behind it, what it depends on. */
import type { PolicyType } from '../evaluate/index.js';
import type { SimulatedRequest, SimulatedStatement, SimulateReport } from './simulate-json.js';

const KIND: Record<PolicyType, string> = {
  identity: 'identity policy',
  resource: 'resource policy',
  'permissions-boundary': 'permissions boundary',
  scp: 'SCP',
  rcp: 'RCP',
  session: 'session policy',
};

const KINDS: Record<PolicyType, string> = {
  identity: 'identity policies',
  resource: 'resource policies',
  'permissions-boundary': 'permissions boundary',
  scp: 'SCPs',
  rcp: 'RCPs',
  session: 'session policy',
};

function statement(s: SimulatedStatement): string {
  const sid = s.sid ? ` (Sid ${s.sid})` : '';
  return `${s.file} ${s.path}${sid}, ${KIND[s.policyType]}`;
}

function request(r: SimulatedRequest): string[] {
  const lines: string[] = [];
  lines.push(`${r.action} on ${r.resource}${r.principal ? `\n  by ${r.principal}` : ''}`);
  const provisional = r.certain ? '' : ' (provisional: depends on context not given)';
  lines.push(`  Decision: ${r.decision}${provisional}`);
  switch (r.decision) {
    case 'ExplicitDeny':
      lines.push('  Denied by:');
      for (const s of r.statements) lines.push(`    ${statement(s)}`);
      break;
    case 'Allowed':
      lines.push('  Allowed by:');
      if (r.statements.length === 0)
        lines.push('    no statement: the account root user needs no identity policy');
      for (const s of r.statements) lines.push(`    ${statement(s)}`);
      break;
    case 'ImplicitDeny':
      lines.push(`  No applicable Allow in: ${r.notAllowedBy.map((k) => KINDS[k]).join(', ') || '(none)'}`);
      if (r.statements.length > 0) {
        lines.push('  Allow statements that applied:');
        for (const s of r.statements) lines.push(`    ${statement(s)}`);
      }
      break;
  }
  for (const key of r.dependsOn) {
    lines.push(
      `  Depends on ${key}: not given, evaluated as absent; give it with --context ${key}=VALUE or --absent ${key}`,
    );
  }
  for (const note of r.notes) lines.push(`  Note: ${note}`);
  return lines;
}

function contextBlock(report: SimulateReport): string | undefined {
  const given: string[] = [];
  const derived: string[] = [];
  for (const [key, c] of Object.entries(report.context)) {
    const value = c.absent ? '(absent)' : c.values.length === 1 ? c.values[0] : `[${c.values.join(', ')}]`;
    if (c.source === 'principal') derived.push(`${key}=${value}`);
    else given.push(`  ${key} = ${value}${c.type ? ` (${c.type})` : ''}`);
  }
  const lines: string[] = [];
  if (given.length > 0) lines.push('Context:', ...given);
  if (derived.length > 0) lines.push(`From --principal: ${derived.join(', ')}`);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

export function formatSimulateText(report: SimulateReport): string {
  const blocks: string[] = [];
  const context = contextBlock(report);
  if (context) blocks.push(context);
  if (report.notes.length > 0) blocks.push(report.notes.map((n) => `Note: ${n}`).join('\n'));
  for (const r of report.results) blocks.push(request(r).join('\n'));
  const s = report.summary;
  if (s.requests > 1) {
    blocks.push(
      `${s.requests} requests: ${s.allowed} allowed, ${s.explicitDeny} explicitly denied, ${s.implicitDeny} implicitly denied` +
        (s.uncertain > 0 ? `; ${s.uncertain} depend on context not given` : ''),
    );
  }
  return `${blocks.join('\n\n')}\n`;
}
