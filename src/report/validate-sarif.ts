/**
 * `validate --format sarif`: SARIF 2.1.0 for code scanning. One rule per check (and per engine code),
 * results with the file and line of the template, the logical path of the policy, and suppressed findings
 * marked as suppressed with their reason.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';
import type { CheckDefinition } from '../validate/checks/define-check.js';
import { ENGINE_CODES } from '../validate/checks/run-checks.js';
import type { Finding, FindingType } from '../validate/types.js';
import type { ValidateResult } from '../validate/validate-policy.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export type SarifLevel = 'error' | 'warning' | 'note';

export const SARIF_LEVEL: Record<FindingType, SarifLevel> = {
  ERROR: 'error',
  SECURITY_WARNING: 'error',
  WARNING: 'warning',
  SUGGESTION: 'note',
};

export interface ValidateSarifOptions {
  /** Checks whose metadata become the rules. */
  checks: readonly CheckDefinition[];
  toolVersion?: string;
  /** Paths are written relative to this directory; default the working directory. */
  baseDir?: string;
}

interface Rule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; findingType: FindingType; checkId?: string };
}

function pascal(code: string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((w) => (w ? w[0]?.toUpperCase() + w.slice(1) : w))
    .join('');
}

/** A relative URI reference with forward slashes, each segment percent-encoded. */
export function artifactUri(file: string, baseDir: string): string {
  const rel = isAbsolute(file) ? relative(baseDir, file) : file;
  return rel
    .split(sep)
    .join('/')
    .replace(/\\/g, '/')
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

function rules(checks: readonly CheckDefinition[]): Rule[] {
  const out: Rule[] = checks.map((c) => {
    const rule: Rule = {
      id: c.code,
      name: pascal(c.code),
      shortDescription: { text: c.title },
      fullDescription: { text: c.description },
      help: { text: c.description },
      defaultConfiguration: { level: SARIF_LEVEL[c.findingType] },
      properties: {
        tags: ['iam', c.origin, c.findingType.toLowerCase()],
        findingType: c.findingType,
        checkId: c.id,
      },
    };
    if (c.learnMoreLink) rule.helpUri = c.learnMoreLink;
    return rule;
  });
  for (const e of ENGINE_CODES) {
    out.push({
      id: e.code,
      name: pascal(e.code),
      shortDescription: { text: e.title },
      fullDescription: { text: e.description },
      help: { text: e.description },
      defaultConfiguration: { level: SARIF_LEVEL[e.findingType] },
      properties: { tags: ['iam', 'leastpriv', e.findingType.toLowerCase()], findingType: e.findingType },
    });
  }
  return out;
}

function fingerprint(f: Finding): string {
  return createHash('sha256')
    .update([f.file, f.logicalPath, f.path, f.code].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}

function result(
  f: Finding & { blocking?: boolean },
  ruleIndex: Map<string, number>,
  baseDir: string,
  reason?: string,
) {
  const logicalName = f.path || '(policy)';
  const r: Record<string, unknown> = {
    ruleId: f.code,
    level: SARIF_LEVEL[f.findingType],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.file, baseDir), uriBaseId: '%SRCROOT%' },
          region: { startLine: Math.max(1, f.location.line), startColumn: Math.max(1, f.location.column) },
        },
        logicalLocations: [
          {
            name: logicalName,
            fullyQualifiedName: f.logicalPath ? `${f.logicalPath}/${logicalName}` : logicalName,
            kind: 'value',
          },
        ],
      },
    ],
    partialFingerprints: { 'leastprivFinding/v1': fingerprint(f) },
    properties: {
      findingType: f.findingType,
      ...(f.blocking !== undefined ? { blocking: f.blocking } : {}),
      ...(f.resourceName !== undefined ? { resourceName: f.resourceName } : {}),
    },
  };
  const index = ruleIndex.get(f.code);
  if (index !== undefined) r.ruleIndex = index;
  if (reason !== undefined)
    r.suppressions = [{ kind: 'external', status: 'accepted', justification: reason }];
  return r;
}

export function validateSarif(result_: ValidateResult, options: ValidateSarifOptions) {
  const baseDir = options.baseDir ?? process.cwd();
  const ruleList = rules(options.checks);
  const ruleIndex = new Map(ruleList.map((r, i) => [r.id, i]));
  const driver: Record<string, unknown> = { name: 'leastpriv', rules: ruleList };
  if (options.toolVersion) driver.version = options.toolVersion;
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: { driver },
        results: [
          ...result_.findings.map((f) => result(f, ruleIndex, baseDir)),
          ...result_.suppressed.map((f) => result(f, ruleIndex, baseDir, f.reason)),
        ],
      },
    ],
  };
}

export function formatValidateSarif(result_: ValidateResult, options: ValidateSarifOptions): string {
  return `${JSON.stringify(validateSarif(result_, options), null, 2)}\n`;
}
