/**
 * operation -> IAM actions + resource ARNs. The knowledge is in data/ (see data/README.md); this joins the
 * two halves: which actions a call needs (actions.ts) and which resources each touches (resources.ts).
 */
import type { ActivityRecord } from '../normalize/activity-record.js';
import { resolveActions } from './actions.js';
import { resolveResources } from './resources.js';
import { canonicalAction, type ServiceData, serviceData } from './service-data.js';
import type { MappingResult, Permission } from './types.js';

export function mapOperation(record: ActivityRecord, data: ServiceData = serviceData()): MappingResult {
  const resolution = resolveActions(record, data);
  if (resolution.kind !== 'actions') return resolution;
  const permissions: Permission[] = [];
  const gaps: string[] = [];
  for (const call of resolution.calls) {
    // The invariant the whole product stands on: nothing leaves mapping that the service data lacks.
    if (canonicalAction(call.action, data) !== call.action) {
      return { kind: 'unmapped', reason: `mapping produced ${call.action}, which the service data does not list` };
    }
    const resolved = resolveResources(record, call, data);
    for (const resource of resolved.resources) {
      const p: Permission = { action: call.action, resource, reason: call.reason };
      if (call.condition) p.condition = call.condition;
      if (call.note) p.note = call.note;
      permissions.push(p);
    }
    for (const g of resolved.gaps) if (!gaps.includes(g)) gaps.push(g);
  }
  return { kind: 'mapped', permissions, gaps };
}
