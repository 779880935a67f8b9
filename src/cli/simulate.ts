/**
 * `leastpriv simulate`: would this request be allowed, and by which statement? Flags in, the evaluation
 * engine, a report out, an exit code: 0 every request allowed, 2 some request denied (whatever the
 * missing context), 3 otherwise some decision depends on context that was not given, 1 bad usage or a
 * policy that cannot be read or that AWS would reject.
 */
import { readFileSync } from 'node:fs';
import { parseDate } from '../evaluate/conditions/date.js';
import { parseIp } from '../evaluate/conditions/ip-address.js';
import { parseNumber } from '../evaluate/conditions/numeric.js';
import {
  type CompiledPolicy,
  compilePolicy,
  type EvaluationResult,
  evaluate,
  type PolicySet,
  type PolicyType,
  type RequestContext,
} from '../evaluate/index.js';
import { arnAccount, principalAccount } from '../evaluate/principal.js';
import { principalContext } from '../evaluate/principal-context.js';
import { needsResourcePolicy } from '../evaluate/resource-policy-required.js';
import { canonicalAction, serviceData, splitAction } from '../mapping/service-data.js';
import { UsageError } from '../normalize/diagnostic.js';
import { formatPolicyDiagnostic, type PolicyDiagnostic, parsePolicyText } from '../policy/index.js';
import { readJson } from '../policy/json.js';
import { parentPath } from '../policy/path.js';
import type { SimulatedContextKey, SimulatedRequest, SimulateReport } from '../report/simulate-json.js';
import { formatSimulateJson } from '../report/simulate-json.js';
import { formatSimulateText } from '../report/simulate-text.js';
import { ioMessage } from '../util/io-errors.js';
import { ServiceIndex } from '../validate/checks/support/service-index.js';
import { type FlagToken, parseCommandFlags } from './args.js';
import { commandHelp } from './help.js';

const POLICY_TYPES: readonly PolicyType[] = [
  'identity',
  'resource',
  'permissions-boundary',
  'scp',
  'rcp',
  'session',
];

const SLOT: Record<PolicyType, keyof PolicySet> = {
  identity: 'identity',
  resource: 'resource',
  'permissions-boundary': 'permissionBoundaries',
  scp: 'scps',
  rcp: 'rcps',
  session: 'session',
};

interface PolicyArg {
  file: string;
  type: PolicyType;
}

const help = " Run 'leastpriv simulate --help'.";

/** `--policy` flags in order, each with the type of the `--policy-type` just before it (default identity). */
function policyArgs(tokens: readonly FlagToken[]): PolicyArg[] {
  const out: PolicyArg[] = [];
  let pending: PolicyType | undefined;
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (t.name === 'policy-type') {
      const value = String(t.value);
      if (!(POLICY_TYPES as readonly string[]).includes(value)) {
        throw new UsageError(`--policy-type ${value}: expected one of ${POLICY_TYPES.join(', ')}.${help}`);
      }
      if (pending) throw new UsageError(`--policy-type ${pending} is not followed by a --policy.${help}`);
      pending = value as PolicyType;
    } else if (t.name === 'policy') {
      out.push({ file: String(t.value), type: pending ?? 'identity' });
      pending = undefined;
    }
  }
  if (pending) throw new UsageError(`--policy-type ${pending} is not followed by a --policy.${help}`);
  return out;
}

/** Checks a context value against its key's type; returns the value as the engine compares it. */
function typedValue(key: string, type: string | null, value: string): string {
  const base = type?.replace(/^ArrayOf/, '') ?? 'String';
  const fail = (what: string): never => {
    throw new UsageError(
      `--context ${key}=${value}: ${key} is ${type}, so the value must be ${what}.${help}`,
    );
  };
  switch (base) {
    case 'Numeric':
      if (parseNumber(value) === undefined) fail('a number');
      return value.trim();
    case 'Date':
      if (parseDate(value) === undefined) fail('an ISO 8601 date (2025-06-15T12:30:00Z) or epoch seconds');
      return value.trim();
    case 'Bool': {
      const b = value.trim().toLowerCase();
      if (b !== 'true' && b !== 'false') fail('true or false');
      return b;
    }
    case 'IPAddress':
      if (parseIp(value) === undefined) fail('an IPv4 or IPv6 address such as 203.0.113.7');
      return value.trim();
    case 'ARN':
      if (!value.startsWith('arn:') || value.split(':').length < 6)
        fail('an ARN (arn:partition:service:region:account:resource)');
      return value;
    default:
      return value;
  }
}

interface ContextResult {
  context: Record<string, string | string[] | null>;
  report: Record<string, SimulatedContextKey>;
  warnings: string[];
}

function buildContext(given: string[], absent: string[], principal: string | undefined): ContextResult {
  const index = ServiceIndex.of(serviceData());
  const byKey = new Map<string, { key: string; values: string[] }>();
  for (const item of given) {
    const eq = item.indexOf('=');
    if (eq <= 0)
      throw new UsageError(`--context ${item}: expected KEY=VALUE, e.g. aws:SourceIp=203.0.113.7.${help}`);
    const key = item.slice(0, eq);
    if (!/^[^:\s]+:\S+$/.test(key)) {
      throw new UsageError(
        `--context ${item}: "${key}" is not a condition key (prefix:name, e.g. aws:SourceIp).${help}`,
      );
    }
    const entry = byKey.get(key.toLowerCase()) ?? { key, values: [] };
    entry.values.push(item.slice(eq + 1));
    byKey.set(key.toLowerCase(), entry);
  }
  const context: ContextResult['context'] = {};
  const report: ContextResult['report'] = {};
  const warnings: string[] = [];
  for (const { key, values } of byKey.values()) {
    const info = index.conditionKey(key);
    const type = info?.type ?? null;
    if (!info)
      warnings.push(
        `--context ${key}: not a condition key in the service data; its value is compared as text`,
      );
    if (info && !info.multivalued && values.length > 1) {
      throw new UsageError(
        `--context ${key} is given ${values.length} times, but ${info.key} is single-valued (${info.type}); give it once.${help}`,
      );
    }
    const typed = values.map((v) => typedValue(key, type, v));
    context[key] = info?.multivalued || typed.length > 1 ? typed : typed[0]!;
    report[key] = { values: typed, absent: false, type, source: 'given' };
  }
  for (const key of absent) {
    if (byKey.has(key.toLowerCase()))
      throw new UsageError(`${key} is given with both --context and --absent.${help}`);
    context[key] = null;
    report[key] = { values: [], absent: true, type: index.conditionKey(key)?.type ?? null, source: 'given' };
  }
  if (principal) {
    const taken = new Set(Object.keys(context).map((k) => k.toLowerCase()));
    for (const [key, value] of Object.entries(principalContext(principal))) {
      if (taken.has(key.toLowerCase())) continue;
      context[key] = value;
      report[key] = {
        values: [value],
        absent: false,
        type: index.conditionKey(key)?.type ?? null,
        source: 'principal',
      };
    }
  }
  return { context, report, warnings };
}

function checkAction(action: string): void {
  const parts = splitAction(action);
  if (!parts) throw new UsageError(`--action ${action}: expected service:Action, e.g. s3:GetObject.${help}`);
  if (canonicalAction(action)) return;
  const index = ServiceIndex.of(serviceData());
  if (!index.hasService(parts[0])) {
    const hint = index.suggestService(parts[0]);
    throw new UsageError(
      `--action ${action}: "${parts[0]}" is not an AWS service prefix${hint ? `; did you mean "${hint}"?` : ''}`,
    );
  }
  const hint = index.suggestAction(parts[0], parts[1]);
  throw new UsageError(
    `--action ${action}: "${action}" is not an action of ${parts[0]}${hint ? `; did you mean "${hint}"?` : ''}`,
  );
}

function checkResource(resource: string): void {
  if (resource === '*') return;
  if (!resource.startsWith('arn:') || resource.split(':').length < 6) {
    throw new UsageError(
      `--resource ${resource}: expected an ARN (arn:partition:service:region:account:resource) or * for actions that accept only *.${help}`,
    );
  }
}

interface LoadedPolicy {
  file: string;
  type: PolicyType;
  compiled: CompiledPolicy;
}

/** Line and column for compile diagnostics (the parser's have them), from the path or its nearest parent. */
function locate(list: readonly PolicyDiagnostic[], text: string): PolicyDiagnostic[] {
  const read = readJson(text);
  if (read.kind !== 'ok') return [...list];
  return list.map((d) => {
    if (d.line !== undefined) return d;
    for (let p: string | undefined = d.path; p !== undefined; p = parentPath(p)) {
      const at = read.positions.get(p);
      if (at) return { ...d, line: at.line, column: at.column };
    }
    return d;
  });
}

function loadPolicies(args: PolicyArg[], diagnostics: PolicyDiagnostic[]): LoadedPolicy[] {
  return args.map(({ file, type }) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read policy ${file}: ${ioMessage(error)}`);
    }
    const parsed = parsePolicyText(text, file);
    const compiled = compilePolicy(parsed.policy, type, { name: file });
    diagnostics.push(...parsed.diagnostics, ...locate(compiled.diagnostics, text));
    return { file, type, compiled };
  });
}

function toResult(
  action: string,
  resource: string,
  principal: string | undefined,
  result: EvaluationResult,
  files: ReadonlyMap<string, string>,
  notes: string[],
): SimulatedRequest {
  return {
    action,
    resource,
    principal: principal ?? null,
    decision: result.decision,
    certain: result.dependsOn.length === 0,
    statements: result.matched.map((m) => ({
      file: files.get(m.policy) ?? m.policy,
      policyType: m.policyType,
      statementIndex: m.statementIndex,
      sid: m.sid ?? null,
      effect: m.effect,
      path: m.path,
    })),
    notAllowedBy: result.decision === 'ImplicitDeny' ? result.notAllowedBy : [],
    dependsOn: result.dependsOn,
    notes,
  };
}

export async function runSimulate(argv: string[]): Promise<number> {
  const { values, tokens } = parseCommandFlags('simulate', argv, {
    policy: { type: 'string', multiple: true },
    'policy-type': { type: 'string', multiple: true },
    action: { type: 'string', multiple: true },
    resource: { type: 'string', multiple: true },
    'resource-account': { type: 'string' },
    principal: { type: 'string' },
    context: { type: 'string', multiple: true },
    absent: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(commandHelp('simulate'));
    return 0;
  }
  const policyList = policyArgs(tokens);
  if (policyList.length === 0) throw new UsageError(`simulate needs at least one --policy FILE.${help}`);
  const actions = values.action ?? [];
  const resources = values.resource ?? [];
  if (actions.length === 0) throw new UsageError(`simulate needs --action service:Action.${help}`);
  if (resources.length === 0)
    throw new UsageError(`simulate needs --resource ARN (or * for actions that accept only *).${help}`);
  for (const a of actions) checkAction(a);
  for (const r of resources) checkResource(r);
  const principal = values.principal;
  const resourceAccount = values['resource-account'];
  if (resourceAccount !== undefined && !/^\d{12}$/.test(resourceAccount)) {
    throw new UsageError(`--resource-account ${resourceAccount}: expected a 12-digit account id.${help}`);
  }
  const ctx = buildContext(values.context ?? [], values.absent ?? [], principal);
  for (const w of ctx.warnings) process.stderr.write(`warning: ${w}\n`);

  const diagnostics: PolicyDiagnostic[] = [];
  const loaded = loadPolicies(policyList, diagnostics);
  for (const d of diagnostics) process.stderr.write(`${formatPolicyDiagnostic(d)}\n`);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    const files = [...new Set(errors.map((d) => d.source ?? '<policy>'))];
    process.stderr.write(
      `leastpriv: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${files.join(', ')}: AWS would reject ${
        files.length === 1 ? 'this policy' : 'these policies'
      }, so a simulation would mislead. Fix the errors above.\n`,
    );
    return 1;
  }

  const set: PolicySet = { identity: [] };
  for (const p of loaded) {
    const slot = SLOT[p.type];
    (set[slot] as CompiledPolicy[] | undefined) ??= [];
    (set[slot] as CompiledPolicy[]).push(p.compiled);
  }
  const files = new Map(loaded.map((p) => [p.compiled.name, p.file]));
  const results: SimulatedRequest[] = [];
  const accountless = new Set<string>();
  for (const action of actions) {
    const canonical = canonicalAction(action) ?? action;
    for (const resource of resources) {
      const notes: string[] = [];
      if (!set.resource && needsResourcePolicy(canonical.toLowerCase(), resource)) {
        notes.push(
          `${canonical.startsWith('kms:') ? "a KMS key's key policy" : "a role's trust policy"} must allow this request too; none was given (--policy-type resource --policy FILE), so only the other policies were evaluated`,
        );
      }
      const owner = resourceAccount ?? arnAccount(resource);
      const caller = principal === undefined ? undefined : principalAccount(principal);
      if (!set.resource && owner !== undefined && caller !== undefined && owner !== caller) {
        notes.push(
          `a cross-account request: the resource's account (${owner}) must allow it in its resource policy too; none was given (--policy-type resource --policy FILE), so only the principal's side was evaluated`,
        );
      }
      const request: Parameters<typeof evaluate>[0] = {
        action: canonical,
        resource,
        context: ctx.context as RequestContext,
      };
      if (principal !== undefined) request.principal = principal;
      if (resourceAccount !== undefined) request.resourceAccount = resourceAccount;
      else if (resource !== '*' && principal !== undefined && resource.split(':')[4] === '')
        accountless.add(resource);
      results.push(toResult(canonical, resource, principal, evaluate(request, set), files, notes));
    }
  }

  const notes: string[] = [];
  if (accountless.size > 0) {
    notes.push(
      `${accountless.size === 1 ? 'the resource ARN names' : 'resource ARNs name'} no account, so the resource is taken to be in the principal's account; give --resource-account for a cross-account request`,
    );
  }
  const report: SimulateReport = {
    schemaVersion: 1,
    notes,
    policies: loaded.map((p) => ({ file: p.file, type: p.type, statements: p.compiled.statements.length })),
    diagnostics,
    context: ctx.report,
    results,
    summary: {
      requests: results.length,
      allowed: results.filter((r) => r.decision === 'Allowed').length,
      explicitDeny: results.filter((r) => r.decision === 'ExplicitDeny').length,
      implicitDeny: results.filter((r) => r.decision === 'ImplicitDeny').length,
      uncertain: results.filter((r) => !r.certain).length,
    },
  };
  process.stdout.write(values.json ? formatSimulateJson(report) : formatSimulateText(report));
  // A decision that depends on missing context is not a yes: like a denial, it fails the check (2).
  if (results.some((r) => r.decision !== 'Allowed' || !r.certain)) return 2;
  return 0;
}
