/** `leastpriv audit`: flags in, library calls (generate, granted, audit), report out, exit code. */
import { type AuditResult, auditPrincipals, SEVERITIES, type Severity } from '../audit/index.js';
import { formatGrantedDiagnostic, loadGranted } from '../granted/index.js';
import { type Diagnostic, formatDiagnostic, UsageError } from '../normalize/diagnostic.js';
import { type GenerateResult, generate } from '../pipeline/generate.js';
import { formatAuditHtml } from '../report/audit-html.js';
import { formatAuditJson } from '../report/audit-json.js';
import { formatAuditMarkdown } from '../report/audit-markdown.js';
import { formatAuditText } from '../report/audit-text.js';
import { plural } from '../util/words.js';
import { writeOutputFile } from '../util/write-out.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { commandHelp } from './help.js';

type Format = 'text' | 'json' | 'markdown' | 'html';
const FORMATS: readonly Format[] = ['text', 'json', 'markdown', 'html'];

/** One `--fail-on` condition. */
export type FailOn =
  | { kind: 'risk'; severity: Severity }
  | { kind: 'unused' | 'overbroad' | 'unprovable' | 'denied' | 'not-seen' | 'unknown' | 'not-proven' };

const SIMPLE = ['unused', 'overbroad', 'unprovable', 'denied', 'not-seen', 'unknown', 'not-proven'] as const;

export function parseFailOn(values: readonly string[]): FailOn[] {
  const out: FailOn[] = [];
  for (const raw of values.flatMap((v) => v.split(','))) {
    const item = raw.trim().toLowerCase();
    if (!item) continue;
    if (item === 'risk') {
      out.push({ kind: 'risk', severity: 'low' });
      continue;
    }
    const m = /^risk\s*(?:=|>=)\s*(\w+)$/.exec(item);
    if (m) {
      const severity = m[1] as Severity;
      if (!SEVERITIES.includes(severity)) {
        throw new UsageError(`--fail-on ${raw}: the severity must be one of ${SEVERITIES.join(', ')}`);
      }
      out.push({ kind: 'risk', severity });
      continue;
    }
    if ((SIMPLE as readonly string[]).includes(item)) {
      out.push({ kind: item as (typeof SIMPLE)[number] });
      continue;
    }
    throw new UsageError(
      `--fail-on ${raw}: expected risk=SEVERITY (${SEVERITIES.join(', ')}), ${SIMPLE.join(', ')}; comma separated`,
    );
  }
  return out;
}

/** Which `--fail-on` conditions the result matches, as sentences. */
export function failOnMatches(result: AuditResult, conditions: readonly FailOn[]): string[] {
  const out: string[] = [];
  const owners = result.principals.filter((p) => p.workload === null);
  for (const c of conditions) {
    let n = 0;
    let what: [string, string] = ['', ''];
    switch (c.kind) {
      case 'risk': {
        const limit = SEVERITIES.indexOf(c.severity);
        n = owners.reduce(
          (k, p) => k + p.risks.filter((r) => SEVERITIES.indexOf(r.severity) <= limit).length,
          0,
        );
        what = [
          `risk finding of severity ${c.severity} or higher`,
          `risk findings of severity ${c.severity} or higher`,
        ];
        break;
      }
      case 'unused':
        n = result.principals.reduce((k, p) => k + p.unused.length, 0);
        what = ['unused grant', 'unused grants'];
        break;
      case 'overbroad':
        n = result.principals.reduce((k, p) => k + p.overbroad.length, 0);
        what = ['over-broad grant', 'over-broad grants'];
        break;
      case 'unprovable':
        n = result.principals.reduce((k, p) => k + p.unprovable.length, 0);
        what = ['unprovable grant', 'unprovable grants'];
        break;
      case 'denied':
        n = result.principals.reduce(
          (k, p) => k + p.denied.filter((d) => d.verdict === 'missing-permission').length,
          0,
        );
        what = [
          'refused call that shows a missing permission',
          'refused calls that show a missing permission',
        ];
        break;
      case 'not-seen':
        n = owners.filter((p) => p.seen === false).length;
        what = ['principal never seen in the activity', 'principals never seen in the activity'];
        break;
      case 'unknown':
        n = owners.reduce((k, p) => k + p.unknownPolicies.length, 0);
        what = ['attached policy not in the input', 'attached policies not in the input'];
        break;
      case 'not-proven':
        n = result.principals.filter(
          (p) => p.proof && (!p.proof.contained || p.proof.failures.length > 0),
        ).length;
        what = ['replacement policy not proven contained', 'replacement policies not proven contained'];
        break;
    }
    if (n > 0)
      out.push(`${plural(n, ...what)} (--fail-on ${c.kind === 'risk' ? `risk=${c.severity}` : c.kind})`);
  }
  return out;
}

function formatFrom(format: string | undefined, json: boolean | undefined, out: string | undefined): Format {
  if (format !== undefined) {
    const f = format.toLowerCase() === 'md' ? 'markdown' : (format.toLowerCase() as Format);
    if (!FORMATS.includes(f))
      throw new UsageError(`--format ${format}: expected one of ${FORMATS.join(', ')}`);
    if (json && f !== 'json') throw new UsageError('--json and --format disagree: give one of them');
    return f;
  }
  if (json) return 'json';
  if (out) {
    const lower = out.toLowerCase();
    if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
    if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
    if (lower.endsWith('.json')) return 'json';
  }
  return 'text';
}

export async function runAudit(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('audit', argv, {
    granted: { type: 'string', multiple: true },
    principal: { type: 'string' },
    resource: { type: 'string', multiple: true },
    boundary: { type: 'string' },
    json: { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    'fail-on': { type: 'string', multiple: true },
    since: { type: 'string' },
    until: { type: 'string' },
    workers: { type: 'string' },
    strict: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(commandHelp('audit'));
    return 0;
  }
  const grantedFiles = values.granted ?? [];
  if (grantedFiles.length === 0) {
    throw new UsageError(
      "audit needs --granted FILE: an authorization dump (aws iam get-account-authorization-details), or a policy file or template with --principal ARN. Run 'leastpriv audit --help'.",
    );
  }
  const format = formatFrom(values.format, values.json, values.out);
  const failOn = parseFailOn(values['fail-on'] ?? []);
  const workers = positiveInt('--workers', values.workers);

  const problems: Diagnostic[] = [];
  let generated: GenerateResult | null = null;
  if (positionals.length > 0) {
    generated = await generate({
      sources: positionals,
      since: values.since,
      until: values.until,
      strict: values.strict,
      workers,
      keepUsage: true,
      ...(values.verbose ? { onProgress: (m: string) => process.stderr.write(`leastpriv: ${m}\n`) } : {}),
      onDiagnostic(d) {
        problems.push(d);
        process.stderr.write(`${formatDiagnostic(d)}\n`);
      },
    });
    if (values.strict && problems.some((d) => d.severity === 'error')) {
      process.stderr.write(
        `leastpriv: ${problems.filter((d) => d.severity === 'error').length} input problems and --strict: no audit.\n`,
      );
      return 1;
    }
    if (generated.summary.records === 0) {
      process.stderr.write('leastpriv: no activity record could be read from the given sources.\n');
      return 1;
    }
  } else if (values.since || values.until) {
    throw new UsageError('--since and --until need a SOURCE of activity logs');
  }

  const seenPrincipals = [
    ...new Set((generated?.policies ?? []).map((p) => p.principal).filter((p): p is string => !!p)),
  ];
  const granted = await loadGranted(grantedFiles, {
    principal: values.principal,
    resources: values.resource,
    boundary: values.boundary,
    resolveRoleName(name) {
      const found = seenPrincipals.filter(
        (arn) => /:role\//.test(arn) && arn.slice(arn.lastIndexOf('/') + 1) === name,
      );
      if (found.length === 1) {
        process.stderr.write(
          `notice: bound the template's role ${name} to ${found[0]} (seen in the activity)\n`,
        );
        return found[0];
      }
      return undefined;
    },
  });
  for (const d of granted.diagnostics) process.stderr.write(`${formatGrantedDiagnostic(d)}\n`);
  if (values.strict && granted.diagnostics.some((d) => d.severity === 'error')) {
    process.stderr.write('leastpriv: problems in the granted policies and --strict: no audit.\n');
    return 1;
  }
  if (values.principal) granted.principals = granted.principals.filter((p) => p.arn === values.principal);
  if (granted.principals.length === 0) {
    process.stderr.write(
      values.principal
        ? `leastpriv: ${values.principal} is in none of the --granted files.\n`
        : 'leastpriv: no principal could be read from the --granted files.\n',
    );
    return 1;
  }

  const result = auditPrincipals(granted, generated);
  let report: string;
  switch (format) {
    case 'json':
      report = formatAuditJson(result);
      break;
    case 'markdown':
      report = formatAuditMarkdown(result);
      break;
    case 'html':
      report = formatAuditHtml(result);
      break;
    case 'text':
      report = formatAuditText(result);
      break;
  }
  if (values.out) {
    await writeOutputFile(`--out ${values.out}`, values.out, report);
    process.stderr.write(`wrote the ${format} report to ${values.out}\n`);
  } else {
    process.stdout.write(report);
  }

  const bugs = result.principals.filter((p) => p.proof && p.proof.failures.length > 0);
  if (bugs.length > 0) {
    process.stderr.write(
      `leastpriv: BUG: ${bugs.length} replacement policies failed their proof (see proof.failures). Please report it with the input.\n`,
    );
    return 2;
  }
  const matched = failOnMatches(result, failOn);
  if (matched.length > 0) {
    process.stderr.write(`leastpriv: audit failed: ${matched.join('; ')}\n`);
    return 2;
  }
  return 0;
}
