/** One file's text to the policies in it: parse (JSON or YAML), tell the kind of file, hand it to its reader. */
import type { LocatedPolicy } from '../types.js';
import { type ReadContext, readCloudFormation } from './cloudformation.js';
import { detectFileKind } from './detect.js';
import { parseJson } from './json-parser.js';
import { DiagnosticSink } from './located-policy.js';
import { readPolicyFile } from './policy-file.js';
import { readServerless } from './serverless.js';
import { LineIndex, type SourceNode } from './source-node.js';
import { readTerraformConfig } from './terraform-config.js';
import { readTerraformPlan } from './terraform-plan.js';
import type { ReaderOptions, ReadResult } from './types.js';
import { parseYaml } from './yaml-parser.js';

type Syntax = 'json' | 'yaml';

function syntaxOf(file: string, text: string): Syntax {
  const lower = file.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  // .template, no extension, stdin: JSON when it starts like JSON.
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'yaml';
}

function parse(file: string, text: string, sink: DiagnosticSink): SourceNode | undefined {
  const syntax = syntaxOf(file, text);
  if (syntax === 'json') {
    const r = parseJson(text);
    for (const d of r.duplicateKeys) {
      sink.add({
        code: 'duplicate-key',
        severity: 'warning',
        message: `Duplicate key "${d.key}": only the last one is used`,
        at: d.offset,
      });
    }
    if (r.error) {
      sink.add({
        code: 'invalid-json',
        severity: 'error',
        message: `Not valid JSON: ${r.error.message}`,
        at: r.error.offset,
      });
      return undefined;
    }
    return r.node;
  }
  const r = parseYaml(text);
  let failed = false;
  for (const p of r.problems) {
    if (p.kind === 'duplicate-key') {
      sink.add({ code: 'duplicate-key', severity: 'warning', message: p.message, at: p.offset });
    } else if (p.kind === 'unknown-tag') {
      sink.add({ code: 'invalid-intrinsic', severity: 'warning', message: p.message, at: p.offset });
    } else {
      failed = true;
      sink.add({
        code: 'invalid-yaml',
        severity: 'error',
        message: `Not valid YAML: ${p.message}`,
        at: p.offset,
      });
    }
  }
  // A YAML error leaves a partial tree; reading it would report the same problem again as something else.
  return failed ? undefined : r.node;
}

/** Every policy in one file's text. `file` names the file in locations and picks JSON or YAML by its extension. */
export function readPolicies(file: string, text: string, options: ReaderOptions = {}): ReadResult {
  const lines = new LineIndex(text);
  const sink = new DiagnosticSink(file, lines);
  const root = parse(file, text, sink);
  if (!root) {
    if (!sink.items.some((d) => d.severity === 'error')) {
      sink.add({ code: 'not-a-policy-file', severity: 'notice', message: 'The file is empty: skipped' });
    }
    return { policies: [], diagnostics: sink.items, kind: 'unknown' };
  }
  const kind = detectFileKind(root, file);
  const ctx: ReadContext = { file, lines, sink, options };
  let policies: LocatedPolicy[] = [];
  switch (kind) {
    case 'policy':
      policies = readPolicyFile(root, ctx);
      break;
    case 'cloudformation':
    case 'sam':
      policies = readCloudFormation(root, ctx);
      break;
    case 'serverless':
      policies = readServerless(root, ctx);
      break;
    case 'terraform-plan':
      policies = readTerraformPlan(root, ctx);
      break;
    case 'terraform-config':
      policies = readTerraformConfig(root, ctx);
      break;
    case 'unknown':
      sink.add({
        code: 'not-a-policy-file',
        severity: 'notice',
        message:
          'Not a policy, CloudFormation or SAM template, serverless.yml or Terraform plan (terraform show -json): skipped',
      });
      break;
    default:
      assertNever(kind);
  }
  return { policies, diagnostics: sink.items, kind };
}

function assertNever(kind: never): never {
  throw new Error(`unhandled file kind ${String(kind)}`);
}
