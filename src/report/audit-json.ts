/** `audit --json`: the AuditResult as one JSON document, the contract's keys first in each principal. */
import type { AuditResult, PrincipalAudit } from '../audit/index.js';

const FIRST: readonly (keyof PrincipalAudit)[] = [
  'principal',
  'workload',
  'unused',
  'overbroad',
  'risks',
  'unprovable',
  'recommendedPolicy',
];

function ordered(p: PrincipalAudit): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of FIRST) out[k] = p[k];
  for (const [k, v] of Object.entries(p)) if (!(k in out)) out[k] = v;
  return out;
}

export function formatAuditJson(result: AuditResult): string {
  const doc = {
    schemaVersion: result.schemaVersion,
    principals: result.principals.map(ordered),
    summary: result.summary,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
