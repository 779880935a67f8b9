/**
 * `leastpriv validate FILE...`: flags in, readers + checks, a report out, an exit code. 0 no blocking
 * finding; 2 blocking findings (or a file that could not be read, so was not checked); 1 bad usage or nothing
 * readable. Reader diagnostics go to stderr with file:line and are counted in the summary.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { UsageError } from '../normalize/diagnostic.js';
import { validateJson } from '../report/validate-json.js';
import { formatValidateMarkdown } from '../report/validate-markdown.js';
import { artifactUri, validateSarif } from '../report/validate-sarif.js';
import { formatValidateSummary, formatValidateText } from '../report/validate-text.js';
import { ioMessage } from '../util/io-errors.js';
import { writeOutputFile } from '../util/write-out.js';
import { checks } from '../validate/checks/index.js';
import {
  type ReaderDiagnostic,
  type ReaderOptions,
  type ReadFilesResult,
  readPolicies,
  readPolicyFiles,
  TRUST_POLICY_RESOURCE_TYPE,
} from '../validate/readers/index.js';
import type { FindingType, PolicyType } from '../validate/types.js';
import {
  loadValidateConfig,
  parseValidateConfig,
  type ValidateConfig,
  ValidateConfigError,
} from '../validate/validate-config.js';
import {
  DEFAULT_BLOCKING,
  type ValidateOptions,
  type ValidateResult,
  validateCodes,
  validatePolicies,
} from '../validate/validate-policy.js';
import { parseCommandArgs } from './args.js';
import { commandHelp } from './help.js';
import { VERSION } from './version.js';

const HELP_HINT = " Run 'leastpriv validate --help'.";

type Format = 'text' | 'json' | 'sarif' | 'markdown';
const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'markdown'];

/** What the readers use for `AWS::AccountId` without `--account` (readers/README.md). */
const TEMPLATE_ACCOUNT = '123456789012';

const FINDING_TYPES: readonly FindingType[] = ['ERROR', 'SECURITY_WARNING', 'WARNING', 'SUGGESTION'];

/** `--policy-type` values: our short names and Access Analyzer's. `trust` is a resource policy of a role. */
const POLICY_TYPES: Record<string, { policyType: PolicyType; resourceType?: string }> = {
  identity: { policyType: 'IDENTITY_POLICY' },
  resource: { policyType: 'RESOURCE_POLICY' },
  trust: { policyType: 'RESOURCE_POLICY', resourceType: TRUST_POLICY_RESOURCE_TYPE },
  scp: { policyType: 'SERVICE_CONTROL_POLICY' },
  rcp: { policyType: 'RESOURCE_CONTROL_POLICY' },
  identity_policy: { policyType: 'IDENTITY_POLICY' },
  resource_policy: { policyType: 'RESOURCE_POLICY' },
  service_control_policy: { policyType: 'SERVICE_CONTROL_POLICY' },
  resource_control_policy: { policyType: 'RESOURCE_CONTROL_POLICY' },
};

/** Comma-separated values of a repeatable flag, trimmed, empty ones dropped. */
function listValues(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function parsePolicyType(
  value: string | undefined,
): { policyType: PolicyType; resourceType?: string } | undefined {
  if (value === undefined) return undefined;
  const t = POLICY_TYPES[value.toLowerCase().replace(/-/g, '_')];
  if (!t) {
    throw new UsageError(
      `--policy-type ${value}: expected identity, resource, trust, scp or rcp.${HELP_HINT}`,
    );
  }
  return t;
}

function parseTreatAsBlocking(values: readonly string[] | undefined): readonly FindingType[] {
  const list = listValues(values).map((v) => v.toUpperCase().replace(/-/g, '_'));
  if (list.length === 0) return DEFAULT_BLOCKING;
  if (list.length === 1 && list[0] === 'NONE') return [];
  for (const t of list) {
    if (!(FINDING_TYPES as readonly string[]).includes(t)) {
      throw new UsageError(
        `--treat-as-blocking ${t}: expected finding types among ${FINDING_TYPES.join(', ')}, or NONE.${HELP_HINT}`,
      );
    }
  }
  return [...new Set(list)] as FindingType[];
}

function accountIds(flag: string, values: readonly string[]): readonly string[] {
  for (const v of values) {
    if (!/^\d{12}$/.test(v))
      throw new UsageError(`${flag} ${v}: expected a 12-digit AWS account ID.${HELP_HINT}`);
  }
  return values;
}

/**
 * `--parameters` values: `Key=Value,Key2=Value2`, or a JSON file holding `{"Key": "Value"}` or
 * CloudFormation's `[{"ParameterKey": "Key", "ParameterValue": "Value"}]`. Later values win.
 */
function parseParameters(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values ?? []) {
    if (!value.includes('=') && existsSync(value)) {
      Object.assign(out, parametersFile(value));
      continue;
    }
    for (const item of value.split(',')) {
      if (item.trim() === '') continue;
      const eq = item.indexOf('=');
      if (eq <= 0) {
        throw new UsageError(
          `--parameters ${item}: expected Key=Value (comma-separated) or a JSON file of parameters.${HELP_HINT}`,
        );
      }
      out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
    }
  }
  return out;
}

function parametersFile(file: string): Record<string, string> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--parameters ${file}: not a JSON file of parameters: ${(error as Error).message}`);
  }
  const out: Record<string, string> = {};
  const scalar = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
  if (Array.isArray(doc)) {
    for (const p of doc) {
      const key = (p as { ParameterKey?: unknown })?.ParameterKey;
      const value = (p as { ParameterValue?: unknown })?.ParameterValue;
      if (typeof key !== 'string' || value === undefined) {
        throw new UsageError(
          `--parameters ${file}: each list item needs ParameterKey and ParameterValue (the CloudFormation CLI's form).`,
        );
      }
      out[key] = scalar(value);
    }
    return out;
  }
  if (doc === null || typeof doc !== 'object') {
    throw new UsageError(
      `--parameters ${file}: expected {"Key": "Value", ...} or [{"ParameterKey", "ParameterValue"}].`,
    );
  }
  // `{"Parameters": {...}}` (the form of a CodePipeline template configuration) or the map itself.
  const map = (doc as { Parameters?: unknown }).Parameters ?? doc;
  for (const [k, v] of Object.entries(map as Record<string, unknown>)) out[k] = scalar(v);
  return out;
}

/** The config named by --config, else `.leastpriv.yml` in the working directory, if any. */
function loadConfig(path: string | undefined, knownCodes: string[]): ValidateConfig | undefined {
  try {
    if (path === undefined) return loadValidateConfig('.', knownCodes);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UsageError(`--config ${path}: cannot read: ${ioMessage(error)}`);
    }
    return parseValidateConfig(text, path, knownCodes);
  } catch (error) {
    if (error instanceof ValidateConfigError) {
      throw new UsageError(`${error.file} cannot be used:\n${error.message}`);
    }
    throw error;
  }
}

/** `severity: file:line:col: message [code]`, or `at logicalPath` when there is no line. */
function formatReaderDiagnostic(d: ReaderDiagnostic): string {
  let where = d.file;
  if (d.line !== undefined) where += `:${d.line}${d.column !== undefined ? `:${d.column}` : ''}`;
  if (d.logicalPath) where += ` (${d.logicalPath})`;
  return `${d.severity}: ${where}: ${d.message} [${d.code}]`;
}

interface DiagnosticCounts {
  errors: number;
  warnings: number;
  notices: number;
}

function countDiagnostics(diagnostics: readonly ReaderDiagnostic[]): DiagnosticCounts {
  const c: DiagnosticCounts = { errors: 0, warnings: 0, notices: 0 };
  for (const d of diagnostics) {
    if (d.severity === 'error') c.errors++;
    else if (d.severity === 'warning') c.warnings++;
    else c.notices++;
  }
  return c;
}

function diagnosticsLine(c: DiagnosticCounts, verbose: boolean, where = 'on stderr'): string {
  const parts = [
    c.errors > 0 ? `${c.errors} error${c.errors === 1 ? '' : 's'}` : '',
    c.warnings > 0 ? `${c.warnings} warning${c.warnings === 1 ? '' : 's'}` : '',
    c.notices > 0 ? `${c.notices} notice${c.notices === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  if (parts.length === 0) return '';
  const notices = c.notices > 0 && !verbose ? '; --verbose lists the notices' : '';
  const unchecked = c.errors > 0 ? ' (what they name was not checked)' : '';
  return `Reading the files gave ${parts.join(', ')}${unchecked}, ${where}${notices}.`;
}

/** Reads the named files and directories; `-` is standard input. */
async function readInputs(paths: string[], options: ReaderOptions): Promise<ReadFilesResult> {
  if (!paths.includes('-')) return readPolicyFiles(paths, options);
  const rest = paths.filter((p) => p !== '-');
  const result =
    rest.length > 0 ? await readPolicyFiles(rest, options) : { policies: [], diagnostics: [], files: [] };
  const r = readPolicies('<stdin>', readFileSync(0, 'utf8'), options);
  result.policies.push(...r.policies);
  result.diagnostics.push(...r.diagnostics);
  result.files.push({ file: '<stdin>', kind: r.kind, policies: r.policies.length });
  return result;
}

interface ValidateRun {
  read: ReadFilesResult;
  result: ValidateResult;
}

function render(format: Format, run: ValidateRun, counts: DiagnosticCounts, verbose: boolean): string {
  const { result, read } = run;
  switch (format) {
    case 'json': {
      const doc = validateJson(result);
      // What reading found, beside the checks' summary: every file read, and the diagnostics on stderr.
      const summary = { ...doc.summary, filesRead: read.files.length, diagnostics: counts };
      return `${JSON.stringify({ ...doc, summary }, null, 2)}\n`;
    }
    case 'sarif': {
      const log = validateSarif(result, { checks, toolVersion: VERSION });
      const run0 = log.runs[0];
      if (run0) {
        // Files that could not be read were not checked: say so where code scanning shows tool problems.
        const notifications = read.diagnostics
          .filter((d) => d.severity !== 'notice')
          .map((d) => ({
            level: d.severity === 'error' ? 'error' : 'warning',
            message: { text: `${d.message} [${d.code}]` },
            descriptor: { id: d.code },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: artifactUri(d.file, process.cwd()), uriBaseId: '%SRCROOT%' },
                  ...(d.line !== undefined
                    ? {
                        region: {
                          startLine: d.line,
                          ...(d.column !== undefined ? { startColumn: d.column } : {}),
                        },
                      }
                    : {}),
                },
              },
            ],
          }));
        Object.assign(run0, {
          invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        });
      }
      return `${JSON.stringify(log, null, 2)}\n`;
    }
    case 'markdown': {
      const line = diagnosticsLine(counts, true, 'listed in the log of the run');
      return formatValidateMarkdown(result) + (line ? `\n${line}\n` : '');
    }
    case 'text': {
      const line = diagnosticsLine(counts, verbose);
      return formatValidateText(result) + (line ? `${line}\n` : '');
    }
  }
}

/** The format `--out` implies by its extension: .json, .sarif, .md; text otherwise. */
function formatFromExtension(out: string | undefined): Format {
  const ext = /\.([a-z]+)$/i.exec(out ?? '')?.[1]?.toLowerCase();
  if (ext === 'json') return 'json';
  if (ext === 'sarif') return 'sarif';
  if (ext === 'md' || ext === 'markdown') return 'markdown';
  return 'text';
}

export async function runValidate(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('validate', argv, {
    'policy-type': { type: 'string' },
    'resource-type': { type: 'string' },
    region: { type: 'string' },
    account: { type: 'string' },
    parameters: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
    'treat-as-blocking': { type: 'string', multiple: true },
    'ignore-finding': { type: 'string', multiple: true },
    config: { type: 'string' },
    'allow-external-principals': { type: 'string', multiple: true },
    verbose: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(commandHelp('validate'));
    return 0;
  }
  if (positionals.length === 0) {
    throw new UsageError(
      `validate needs at least one FILE (a policy, template, serverless.yml, Terraform plan or a directory).${HELP_HINT}`,
    );
  }
  const format = (values.format ?? (values.json ? 'json' : formatFromExtension(values.out))) as Format;
  if (!FORMATS.includes(format))
    throw new UsageError(`--format ${values.format}: expected ${FORMATS.join(', ')}.${HELP_HINT}`);
  if (values.json && values.format !== undefined && values.format !== 'json') {
    throw new UsageError(`--json and --format ${values.format} contradict each other.${HELP_HINT}`);
  }
  const type = parsePolicyType(values['policy-type']);
  const resourceType = values['resource-type'];
  if (resourceType !== undefined && !/^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(resourceType)) {
    throw new UsageError(
      `--resource-type ${resourceType}: expected a CloudFormation type such as AWS::S3::Bucket.${HELP_HINT}`,
    );
  }
  if (resourceType !== undefined && type !== undefined && type.policyType !== 'RESOURCE_POLICY') {
    throw new UsageError(
      `--resource-type is for resource policies; --policy-type is ${values['policy-type']}.${HELP_HINT}`,
    );
  }
  const region = values.region;
  if (region !== undefined && !/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region)) {
    throw new UsageError(`--region ${region}: expected a Region name such as us-east-1.${HELP_HINT}`);
  }
  const account = values.account !== undefined ? accountIds('--account', [values.account])[0] : undefined;
  const allowExternal = accountIds(
    '--allow-external-principals',
    listValues(values['allow-external-principals']),
  );
  const treatAsBlocking = parseTreatAsBlocking(values['treat-as-blocking']);
  const ignoreFinding = listValues(values['ignore-finding']);
  const parameters = parseParameters(values.parameters);
  const config = loadConfig(values.config, validateCodes(checks));
  for (const p of positionals) {
    if (p !== '-' && !existsSync(p)) throw new UsageError(`${p}: no such file or directory.`);
  }
  if (values.out !== undefined && existsSync(values.out) && statSync(values.out).isDirectory()) {
    throw new UsageError(`--out ${values.out} is a directory; name the report file.${HELP_HINT}`);
  }

  const readerOptions: ReaderOptions = {};
  if (type) readerOptions.policyType = type.policyType;
  else if (resourceType !== undefined) readerOptions.policyType = 'RESOURCE_POLICY';
  if (region !== undefined) readerOptions.region = region;
  if (account !== undefined) readerOptions.account = account;
  if (Object.keys(parameters).length > 0) readerOptions.parameters = parameters;
  const read = await readInputs(positionals, readerOptions);

  // What --policy-type and --resource-type say about plain policy files (templates say it themselves).
  const wantedResourceType = resourceType ?? type?.resourceType;
  if (wantedResourceType !== undefined) {
    const policyFiles = new Set(read.files.filter((f) => f.kind === 'policy').map((f) => f.file));
    for (const p of read.policies) {
      if (policyFiles.has(p.file) && p.policyType === 'RESOURCE_POLICY') p.resourceType = wantedResourceType;
    }
  }

  const verbose = values.verbose === true;
  for (const d of read.diagnostics) {
    if (d.severity === 'notice' && !verbose) continue;
    process.stderr.write(`${formatReaderDiagnostic(d)}\n`);
  }

  const options: ValidateOptions = {
    treatAsBlocking,
    ignoreFinding,
    allowExternalPrincipals: allowExternal,
    // The account the readers put in for AWS::AccountId is the templates' own, so it is not external.
    accountId: account ?? TEMPLATE_ACCOUNT,
  };
  if (config) options.suppressions = config.suppressions;
  const result = validatePolicies(read.policies, options);
  const counts = countDiagnostics(read.diagnostics);
  const report = render(format, { read, result }, counts, verbose);

  if (values.out !== undefined) {
    await writeOutputFile(`--out ${values.out}`, values.out, report);
    process.stderr.write(`${formatValidateSummary(result)} Wrote the ${format} report to ${values.out}.\n`);
  } else {
    process.stdout.write(report);
  }

  const readable = read.files.some((f) => f.kind !== 'unknown');
  if (!readable) {
    process.stderr.write(
      'leastpriv: nothing to validate: no file could be read as a policy, template, serverless.yml or Terraform plan.\n',
    );
    return 1;
  }
  if (read.policies.length === 0) {
    process.stderr.write('leastpriv: the files hold no IAM policy.\n');
  }
  // A file that could not be read was not checked; a gate must not pass it as if it were clean.
  const unreadBlocks = counts.errors > 0 && treatAsBlocking.includes('ERROR');
  return result.summary.blocking > 0 || unreadBlocks ? 2 : 0;
}
