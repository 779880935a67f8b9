/**
 * Helpers for check tests: a LocatedPolicy from JSON text (with line/column lookup by path, so findings
 * point somewhere real), and a runner for one check.
 */
import { join } from 'node:path';
import { type ServiceData, serviceData } from '../../mapping/service-data.js';
import type { Finding, LocatedPolicy, PathStep, PolicyType, SourceLocation } from '../types.js';
import { type ValidateResult, validatePolicies } from '../validate-policy.js';
import type { CheckDefinition, CheckOptions } from './define-check.js';
import { checks as registeredChecks } from './index.js';
import { runChecks } from './run-checks.js';

/** Line and column (1-based) of every value in JSON text, by path; keys too, under `#`-marked paths. */
export function locateJson(text: string): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = () => ({ line, column: i - lineStart + 1 });
  const ws = () => {
    while (i < text.length && /\s/.test(text[i] as string)) {
      if (text[i] === '\n') {
        line++;
        lineStart = i + 1;
      }
      i++;
    }
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: PathStep[]): void => {
    ws();
    out.set(JSON.stringify(path), here());
    const ch = text[i];
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      while (i < text.length) {
        ws();
        if (text[i] !== '"') return;
        const keyAt = here();
        const key = str();
        out.set(JSON.stringify([...path, `#${key}`]), keyAt);
        ws();
        i++; // :
        value([...path, key]);
        ws();
        if (text[i++] === '}') return;
      }
    } else if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let n = 0; i < text.length; n++) {
        value([...path, n]);
        ws();
        if (text[i++] === ']') return;
      }
    } else if (ch === '"') str();
    else while (i < text.length && /[^,}\]\s]/.test(text[i] as string)) i++;
  };
  try {
    value([]);
  } catch {
    // not JSON: only what was found so far
  }
  return out;
}

export interface TestPolicyOptions {
  policyType?: PolicyType;
  resourceType?: string;
  file?: string;
  logicalPath?: string;
  resourceName?: string;
  unresolved?: LocatedPolicy['unresolved'];
}

/** A LocatedPolicy from JSON text; the document is the parsed text, or the text itself when it is not JSON. */
export function policyFromJson(text: string, options: TestPolicyOptions = {}): LocatedPolicy {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    document = text;
  }
  const positions = locateJson(text);
  const file = options.file ?? 'policy.json';
  const policy: LocatedPolicy = {
    file,
    logicalPath: options.logicalPath ?? '',
    policyType: options.policyType ?? 'IDENTITY_POLICY',
    document,
    unresolved: options.unresolved ?? [],
    locate(path: PathStep[]): SourceLocation {
      for (let n = path.length; n >= 0; n--) {
        const hit = positions.get(JSON.stringify(path.slice(0, n)));
        if (hit) return { file, ...hit };
      }
      return { file, line: 1, column: 1 };
    },
  };
  if (options.resourceType !== undefined) policy.resourceType = options.resourceType;
  if (options.resourceName !== undefined) policy.resourceName = options.resourceName;
  return policy;
}

/** A LocatedPolicy from a JSON value, pretty-printed so that each value has its own line. */
export function policyFromValue(value: unknown, options: TestPolicyOptions = {}): LocatedPolicy {
  return policyFromJson(typeof value === 'string' ? value : JSON.stringify(value, null, 2), options);
}

/** Run only this check. */
export function runCheck(
  check: CheckDefinition,
  policy: LocatedPolicy,
  options: Partial<CheckOptions> = {},
  data: ServiceData = serviceData(),
): Finding[] {
  return runChecks(policy, [check], data, { allowExternalPrincipals: [], ...options });
}

/** Expand `{"$repeat": ["ab", 3]}` into `"ababab"` anywhere in a fixture value (size tests). */
export function expandFixture(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expandFixture);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]?.[0] === '$repeat') {
      const [text, times] = entries[0][1] as [string, number];
      return text.repeat(times);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, expandFixture(v)]));
  }
  return value;
}

/** A small validate result for report tests: template findings, a policy file, a suppression. */
export function sampleValidateResult(): ValidateResult {
  const template = policyFromValue(
    {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Deploy', Effect: 'Allow', Action: ['s3:GetObjects', 'iam:PassRole'], Resource: '*' },
      ],
    },
    {
      file: 'templates/app stack.yaml',
      logicalPath: 'Resources/DeployRole/Properties/Policies/0/PolicyDocument',
      resourceName: 'DeployRole',
    },
  );
  const file = policyFromValue(
    { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*|x' }] },
    { file: 'policies/read.json' },
  );
  return validatePolicies([template, file], {
    checks: registeredChecks.filter((c) =>
      [
        'invalid-action',
        'missing-version',
        'pass-role-with-star-in-resource',
        'credentials-exposure',
      ].includes(c.id),
    ),
    suppressions: [
      { code: 'MISSING_VERSION', file: 'policies/*.json', reason: 'legacy file, version set on upload' },
    ],
  });
}

/** One case of a check's case table `fixtures/<id>.json`. */
export interface FixtureCase {
  name: string;
  only?: boolean;
  policyType?: TestPolicyOptions['policyType'];
  resourceType?: string;
  options?: Partial<CheckOptions>;
  unresolved?: TestPolicyOptions['unresolved'];
  policy: unknown;
  expected?: { path: string; message?: string }[];
}

export interface FixtureTable {
  good: FixtureCase[];
  bad: FixtureCase[];
}

/** The case table of a check. */
export function fixturePath(id: string): string {
  return join(import.meta.dirname, 'fixtures', `${id}.json`);
}
