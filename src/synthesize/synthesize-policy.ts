/**
 * Usage -> least-privilege policy, explained. Only `usage.used` becomes policy: denied, unmapped and
 * permissionless calls are reported by other stages and never turned into permissions.
 *
 * Steps: actions that accept only `*` get `*`; per-request identifiers are generalised
 * (`generalize-resources.ts`); resources sharing an action set and condition become one statement
 * (`group-statements.ts`); statements get readable unique Sids and are sorted by service, then Sid
 * (`name-statements.ts`); documents are split to stay within the size limit (`split-policy.ts`). Every
 * statement carries its evidence. The result depends only on the usage's content, never on Map order.
 */
import { type PrincipalUsage, SAMPLE_EVIDENCE_LIMIT, type UsedPermission } from '../aggregate/usage.js';
import { type ServiceData, serviceData, splitAction } from '../mapping/service-data.js';
import type { PermissionReason } from '../mapping/types.js';
import type { RecordSourceKind } from '../normalize/activity-record.js';
import { UsageError } from '../normalize/diagnostic.js';
import { type GeneralizeRequest, generalizeResources, loadGeneralizeRules } from './generalize-resources.js';
import { groupStatements } from './group-statements.js';
import { compareStatements, nameStatements } from './name-statements.js';
import {
  documentSize,
  MANAGED_POLICIES_PER_ROLE,
  MANAGED_POLICY_SIZE_LIMIT,
  packStatements,
  type StatementSizes,
  splitStatement,
  toPolicyDocument,
} from './split-policy.js';
import {
  type Contribution,
  canonicalCondition,
  compareText,
  type NamedStatement,
  normalizeCondition,
  sortedUnique,
} from './statement.js';
import type { StatementEvidence, SynthesisResult, SynthesizeOptions } from './types.js';

const REASON_ORDER: readonly PermissionReason[] = ['call', 'forward-access', 'pass-role', 'dependent'];

interface Prepared {
  used: UsedPermission;
  conditionKey: string;
  resource: string;
  notes: string[];
}

/** Apply "actions that accept only `*` get `*`", noting every resource changed or left unscoped. */
function prepare(used: UsedPermission, data: ServiceData, warnings: Set<string>): Prepared {
  const notes: string[] = [];
  let resource = used.resource;
  const parts = splitAction(used.action);
  const info = parts ? data.action(parts[0], parts[1]) : undefined;
  if (!info) {
    warnings.add(
      `${used.action} is not an action in the service data (${data.version}); emitted as observed`,
    );
  } else if (info.resourceTypes.length === 0 && resource !== '*') {
    notes.push(`${used.action} accepts only "*" as its resource; ${resource} was observed`);
    resource = '*';
  } else if (info.resourceTypes.length > 0 && resource === '*') {
    notes.push(`${used.action} supports resource-level permissions, but the resource was not recovered`);
  }
  return { used, conditionKey: canonicalCondition(used.condition), resource, notes };
}

function evidenceOf(statement: NamedStatement, policyIndex: number): StatementEvidence {
  const contributions = statement.contributions;
  let count = 0;
  let firstSeen = '';
  let lastSeen = '';
  const samples: string[] = [];
  const sources: RecordSourceKind[] = [];
  const operations: string[] = [];
  const reasons = new Set<PermissionReason>();
  const notes: string[] = [...statement.notes];
  const generalizations: string[] = [];
  for (const c of contributions) {
    const u = c.used;
    count += u.count;
    if (firstSeen === '' || u.firstSeen < firstSeen) firstSeen = u.firstSeen;
    if (lastSeen === '' || u.lastSeen > lastSeen) lastSeen = u.lastSeen;
    samples.push(...u.samples);
    sources.push(...u.sources);
    operations.push(...u.operations);
    for (const r of u.reasons) reasons.add(r);
    notes.push(...u.notes, ...c.notes);
    generalizations.push(...c.generalizations);
  }
  return {
    sid: statement.sid,
    policyIndex,
    service: statement.service,
    actions: statement.actions,
    resources: statement.resources,
    ...(statement.condition ? { condition: statement.condition } : {}),
    count,
    firstSeen,
    lastSeen,
    samples: sortedUnique(samples).slice(0, SAMPLE_EVIDENCE_LIMIT),
    sources: sortedUnique(sources) as RecordSourceKind[],
    operations: sortedUnique(operations),
    reasons: REASON_ORDER.filter((r) => reasons.has(r)),
    notes: sortedUnique(notes),
    generalizations: sortedUnique(generalizations),
  };
}

/** Write the least-privilege policy for what one principal was observed to use, with its evidence. */
export function synthesizePolicy(usage: PrincipalUsage, options: SynthesizeOptions = {}): SynthesisResult {
  const maxSize = options.maxPolicySize ?? MANAGED_POLICY_SIZE_LIMIT;
  if (!Number.isInteger(maxSize) || maxSize <= 0) {
    throw new UsageError(
      `the maximum policy size must be a positive whole number of characters, got ${maxSize}`,
    );
  }
  const data = options.serviceData ?? serviceData();
  const rules = options.generalizeRules ?? loadGeneralizeRules();
  const warnings = new Set<string>();

  const prepared = [...usage.used.values()]
    .map((u) => prepare(u, data, warnings))
    .sort(
      (a, b) =>
        compareText(a.used.action, b.used.action) ||
        compareText(a.used.resource, b.used.resource) ||
        compareText(a.conditionKey, b.conditionKey),
    );
  if (prepared.length === 0) {
    return {
      policy: { Version: '2012-10-17', Statement: [] },
      policies: [],
      statements: [],
      generalizations: [],
      warnings: ['no permission was observed in use: there is no policy to write'],
    };
  }

  const generalized = generalizeResources(
    prepared.map((p): GeneralizeRequest => {
      const request: GeneralizeRequest = {
        action: p.used.action,
        resource: p.resource,
        scope: p.conditionKey,
      };
      const folded = p.used.folded;
      if (folded) {
        request.originals = folded.resources;
        request.more = folded.more;
        request.foldedGroup = folded.prefix ? { base: folded.prefix.base } : {};
      }
      return request;
    }),
    { data, rules },
  );
  const contributions = prepared.map((p, i): Contribution => {
    const g = generalized.resources[i];
    const c: Contribution = {
      used: p.used,
      action: p.used.action,
      resource: g?.resource ?? p.resource,
      conditionKey: p.conditionKey,
      generalizations: g?.generalizations ?? [],
      notes: p.notes,
    };
    if (p.conditionKey !== '' && p.used.condition) c.condition = normalizeCondition(p.used.condition);
    return c;
  });

  const named = nameStatements(groupStatements(contributions), data);
  const taken = new Set(named.map((s) => s.sid));
  const sizes: StatementSizes = new Map();
  const sized = named.flatMap((s) => splitStatement(s, maxSize, taken, sizes)).sort(compareStatements);
  const documents = packStatements(sized, maxSize, sizes);

  const statements: StatementEvidence[] = [];
  const policies = documents.map(toPolicyDocument);
  documents.forEach((doc, policyIndex) => {
    for (const s of doc) statements.push(evidenceOf(s, policyIndex));
    const size = documentSize(doc, sizes);
    if (size > maxSize) {
      const sids = doc.map((s) => s.sid).join(', ');
      warnings.add(
        `policy ${policyIndex + 1} (${sids}) is ${size} characters, over the limit of ${maxSize}; IAM will refuse it`,
      );
    }
  });
  if (documents.length > MANAGED_POLICIES_PER_ROLE) {
    warnings.add(
      `the policy needs ${documents.length} documents of at most ${maxSize} characters; a role can have ` +
        `${MANAGED_POLICIES_PER_ROLE} managed policies attached unless the quota is raised`,
    );
  }

  return {
    policy: toPolicyDocument(documents.flat()),
    policies,
    statements,
    generalizations: sortedUnique(statements.flatMap((s) => s.generalizations)),
    warnings: [...warnings].sort(compareText),
  };
}
