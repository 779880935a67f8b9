/**
 * The validate engine: run the registered checks over located policies, then apply what the user said
 * about the findings: which types block, which codes or resources to ignore, which findings are
 * suppressed (with a reason, until a date).
 */
import { type ServiceData, serviceData } from '../mapping/service-data.js';
import type { CheckDefinition } from './checks/define-check.js';
import { checks as registeredChecks } from './checks/index.js';
import { ENGINE_CODES, runChecks } from './checks/run-checks.js';
import { formatPath } from './checks/support/policy-view.js';
import type { Finding, FindingType, LocatedPolicy } from './types.js';
import type { Suppression } from './validate-config.js';

export interface ValidateOptions {
  /** Finding types that fail the run; default ERROR and SECURITY_WARNING. */
  treatAsBlocking?: readonly FindingType[];
  /** `CODE`, `RESOURCE` or `RESOURCE.CODE`: findings left out of the result (counted as ignored). */
  ignoreFinding?: readonly string[];
  /** From `.leastpriv.yml` (loadValidateConfig). */
  suppressions?: readonly Suppression[];
  /** Accounts whose principals are not external. */
  allowExternalPrincipals?: readonly string[];
  /** The account that owns the policies (`--account`), when known. */
  accountId?: string;
  /** YYYY-MM-DD for expiry of suppressions; default today (UTC). */
  today?: string;
  /** Service data; default the packaged one. */
  data?: ServiceData;
  /** Checks to run; default all registered checks. */
  checks?: readonly CheckDefinition[];
}

export interface ValidatedFinding extends Finding {
  /** Its finding type is one of treatAsBlocking. */
  blocking: boolean;
}

export interface SuppressedFinding extends Finding {
  reason: string;
}

export interface ValidateSummary {
  policies: number;
  files: number;
  /** Reported findings (after ignores and suppressions). */
  findings: number;
  byFindingType: Record<FindingType, number>;
  blocking: number;
  suppressed: number;
  ignored: number;
}

export interface ValidateResult {
  findings: ValidatedFinding[];
  suppressed: SuppressedFinding[];
  summary: ValidateSummary;
}

export const DEFAULT_BLOCKING: readonly FindingType[] = ['ERROR', 'SECURITY_WARNING'];

/** Every code validate may report: the checks' and the engine's. */
export function validateCodes(checks: readonly CheckDefinition[] = registeredChecks): string[] {
  return [...checks.map((c) => c.code), ...ENGINE_CODES.map((e) => e.code)].sort();
}

/** `**` any path, `*` any run without `/`, `?` one character. */
function globRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(^|/)${source}$`);
}

function fileMatches(pattern: string, file: string): boolean {
  const normal = file.replace(/\\/g, '/');
  const p = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  return normal === p || globRegex(p).test(normal);
}

function suppressionMatches(s: Suppression, f: Finding): boolean {
  if (s.code !== f.code) return false;
  if (s.resource !== undefined && s.resource !== f.resourceName) return false;
  if (s.file !== undefined && !fileMatches(s.file, f.file)) return false;
  return true;
}

function ignored(entries: readonly string[], f: Finding): boolean {
  return entries.some((e) => {
    if (e === f.code || (f.resourceName !== undefined && e === f.resourceName)) return true;
    const dot = e.lastIndexOf('.');
    return dot > 0 && e.slice(dot + 1) === f.code && e.slice(0, dot) === f.resourceName;
  });
}

/** Is the finding about a value the reader could not resolve (or inside one)? */
function underUnresolved(unresolved: readonly string[], f: Finding): boolean {
  return unresolved.some(
    (p) => p === '' || f.path === p || f.path.startsWith(`${p}.`) || f.path.startsWith(`${p}[`),
  );
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    byText(a.file, b.file) ||
    a.location.line - b.location.line ||
    a.location.column - b.location.column ||
    byText(a.code, b.code) ||
    byText(a.path, b.path)
  );
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Validate policies: every check on every policy, then blocking, ignores and suppressions. */
export function validatePolicies(
  policies: readonly LocatedPolicy[],
  options: ValidateOptions = {},
): ValidateResult {
  const data = options.data ?? serviceData();
  const checks = options.checks ?? registeredChecks;
  const blockingTypes = options.treatAsBlocking ?? DEFAULT_BLOCKING;
  const today = options.today ?? todayUtc();
  const checkOptions = {
    allowExternalPrincipals: options.allowExternalPrincipals ?? [],
    ...(options.accountId !== undefined ? { accountId: options.accountId } : {}),
  };

  const raw: Finding[] = [];
  // A finding another reading of a template (Fn::If:else) shares with the main reading, same code and place,
  // is the same finding: reported once (readers/README.md).
  const variantFindings: Finding[] = [];
  for (const policy of policies) {
    const unresolved = policy.unresolved.map((u) => formatPath(u.path));
    for (const f of runChecks(policy, checks, data, checkOptions)) {
      if (unresolved.length > 0 && f.code !== 'UNRESOLVED_VALUE' && underUnresolved(unresolved, f)) continue;
      (policy.variant === undefined ? raw : variantFindings).push(f);
    }
  }
  if (variantFindings.length > 0) {
    const place = (f: Finding) => `${f.file}\u0000${f.code}\u0000${f.location.line}:${f.location.column}`;
    const seen = new Set(raw.map(place));
    for (const f of variantFindings) {
      if (!seen.has(place(f))) raw.push(f);
    }
  }

  const active: Suppression[] = [];
  const expired: Suppression[] = [];
  for (const s of options.suppressions ?? [])
    (s.expires !== undefined && s.expires < today ? expired : active).push(s);
  for (const s of expired) {
    const file = s.location?.file ?? '.leastpriv.yml';
    raw.push({
      file,
      code: 'EXPIRED_SUPPRESSION',
      findingType: 'WARNING',
      message: `The suppression of \`${s.code}\`${s.resource ? ` on ${s.resource}` : ''} expired on ${s.expires}, so those findings are reported again; fix them, or renew it with a new date and reason (was: "${s.reason}").`,
      path: '',
      location: s.location ?? { file, line: 1, column: 1 },
      logicalPath: '',
      checkId: 'engine',
    });
  }

  const findings: ValidatedFinding[] = [];
  const suppressed: SuppressedFinding[] = [];
  let ignoredCount = 0;
  for (const f of raw) {
    if (ignored(options.ignoreFinding ?? [], f)) {
      ignoredCount++;
      continue;
    }
    const s = active.find((x) => suppressionMatches(x, f));
    if (s) {
      suppressed.push({ ...f, reason: s.reason });
      continue;
    }
    findings.push({ ...f, blocking: blockingTypes.includes(f.findingType) });
  }
  findings.sort(compareFindings);
  suppressed.sort(compareFindings);

  const byFindingType: Record<FindingType, number> = {
    ERROR: 0,
    SECURITY_WARNING: 0,
    WARNING: 0,
    SUGGESTION: 0,
  };
  for (const f of findings) byFindingType[f.findingType]++;
  return {
    findings,
    suppressed,
    summary: {
      policies: policies.length,
      files: new Set(policies.map((p) => p.file)).size,
      findings: findings.length,
      byFindingType,
      blocking: findings.filter((f) => f.blocking).length,
      suppressed: suppressed.length,
      ignored: ignoredCount,
    },
  };
}
