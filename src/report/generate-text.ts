/** The readable result of `generate`: per principal, the policy, then why. */
import type { GeneratedPolicy, GenerateResult } from '../pipeline/generate.js';
import { n, plural } from '../util/words.js';

function shortName(arn: string): string {
  const i = arn.lastIndexOf('/');
  const j = arn.lastIndexOf(':');
  return arn.slice(Math.max(i, j) + 1);
}

function title(p: GeneratedPolicy): string {
  if (p.workload) {
    const what = p.workload.includes(':lambda:') ? 'Lambda function' : 'Workload';
    const runsAs = p.principal
      ? `runs as ${p.principal}`
      : 'its role is not in the evidence (traces name no IAM identity)';
    return `${what} ${p.workload}\n  ${runsAs}`;
  }
  switch (p.kind) {
    case 'role':
      return `Role ${p.principal}`;
    case 'user':
      return `User ${p.principal}`;
    case 'root':
      return `Root ${p.principal}`;
    case 'federated-user':
      return `Federated sessions of ${p.principal}`;
    default:
      return `${p.principal}`;
  }
}

/** `T1 to T2`, or `at T` when both are the same time. */
function span(first: string, last: string): string {
  return first === last ? `at ${first}` : `${first} to ${last}`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');
}

export function formatPolicyBlock(p: GeneratedPolicy): string {
  const lines: string[] = [];
  lines.push(`== ${title(p)}`);
  lines.push(`  ${plural(p.records, 'call')}, ${span(p.firstSeen, p.lastSeen)}`);
  if (p.sharedBy) {
    lines.push(
      `  ! shared by ${p.sharedBy.length} Lambda functions (${p.sharedBy.map(shortName).join(', ')}):`,
      '    give each function its own role with the per-function policy below.',
    );
  }
  if (p.sourceIdentities) lines.push(`  source identities: ${p.sourceIdentities.join(', ')}`);
  if (p.traces) {
    lines.push(
      `  from ${p.sources.join(' + ')}; ${plural(p.traces.count, 'sampled trace')}, ${span(p.traces.firstSeen, p.traces.lastSeen)}`,
    );
  }
  if (p.policy.Statement.length === 0) {
    lines.push('  (no permissions used)');
  } else {
    lines.push(indent(JSON.stringify(p.policy, null, 2), '  '));
    if (p.parts) {
      lines.push(
        `  The policy exceeds the size limit and is split into ${p.parts.length} documents (--out writes them).`,
      );
    }
  }
  if (p.evidence.length > 0) {
    lines.push('  Why:');
    for (const e of p.evidence) {
      const samples = e.samples.length > 0 ? `, e.g. ${e.samples.join(', ')}` : '';
      lines.push(`    ${e.sid}: ${plural(e.count, 'call')}, ${span(e.firstSeen, e.lastSeen)}${samples}`);
      for (const note of e.notes) lines.push(`      - ${note}`);
    }
  }
  if (p.denied.length > 0) {
    lines.push('  Refused (not granted; kept out of the policy):');
    for (const d of p.denied) {
      const acts = d.actions.length > 0 ? `, needs ${d.actions.join(', ')}` : '';
      lines.push(`    ${d.eventSource} ${d.operation}: ${d.errorCode} ×${n(d.count)}${acts}`);
    }
  }
  if (p.unmapped.length > 0) {
    lines.push('  Not mapped to IAM actions (not in the policy):');
    for (const u of p.unmapped) lines.push(`    ${u.eventSource} ${u.operation} ×${n(u.count)}: ${u.reason}`);
  }
  if (p.notes.length > 0) {
    lines.push('  Notes:');
    for (const note of p.notes) lines.push(`    - ${note}`);
  }
  const r = p.replay;
  lines.push(
    r.failures.length === 0
      ? r.checked === 0
        ? '  Replay: no call was allowed, so none to replay.'
        : r.checked === 1
          ? '  Replay: the one observed permission is allowed by this policy.'
          : `  Replay: all ${n(r.checked)} observed permissions are allowed by this policy.`
      : `  REPLAY FAILED: ${n(r.failures.length)} of ${plural(r.checked, 'observed permission')} would be denied (a leastpriv bug, please report it):`,
  );
  for (const f of r.failures.slice(0, 20)) lines.push(`    ${f.action} on ${f.resource}: ${f.decision}`);
  return lines.join('\n');
}

export function formatGenerateText(result: GenerateResult): string {
  const blocks = result.policies.map(formatPolicyBlock);
  const s = result.summary;
  const summary = [
    '== Summary',
    `  ${plural(s.records, 'record')} from ${plural(s.files, 'file')} (${n(s.skippedFiles)} skipped): ${n(s.used)} used, ${n(s.denied)} refused, ${n(s.unmapped)} unmapped, ${n(s.permissionless)} needing no permission, ${n(s.service)} by AWS services, ${n(s.unattributed)} not attributable, ${n(s.filteredOut)} filtered out, ${n(s.malformed)} malformed.`,
    `  ${plural(s.principals, 'principal')}, ${plural(s.workloads, 'workload')}.`,
  ];
  for (const u of result.unattributed) summary.push(`  not attributable: ${u.reason} ×${n(u.count)}`);
  if (s.replayFailures > 0)
    summary.push(`  REPLAY FAILED for ${plural(s.replayFailures, 'permission')}: see above.`);
  if (result.policies.length === 0) {
    // Calls attributed to principals, none of them selected: --principal matched nobody.
    const attributed = s.used + s.denied + s.unmapped + s.permissionless;
    summary.push(
      attributed > 0
        ? '  No principal that made these calls matches --principal.'
        : '  No principal made a call that needs a permission.',
    );
  }
  return `${[...blocks, summary.join('\n')].join('\n\n')}\n`;
}
