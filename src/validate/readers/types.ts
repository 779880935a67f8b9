/** What the readers take and give besides the LocatedPolicy contract in ../types.ts. */
import type { LocatedPolicy, PolicyType } from '../types.js';

export interface ReaderOptions {
  /** The type of a plain policy file; guessed from its content when absent. Templates say it themselves. */
  policyType?: PolicyType;
  /** Value of `AWS::Region` (default `us-east-1`). */
  region?: string;
  /** Value of `AWS::AccountId` (default `123456789012`). */
  account?: string;
  /** Value of `AWS::Partition` (default `aws`). */
  partition?: string;
  /** Template parameter values; they win over a parameter's `Default`. */
  parameters?: Record<string, string>;
  /**
   * Also the policies a framework deploys that the file does not write: the Serverless Framework's log
   * permissions on its shared role. For what a role is granted (audit); validate checks what the user wrote.
   */
  frameworkPolicies?: boolean;
}

export type ReaderDiagnosticCode =
  /** The file is not valid JSON (line and column of the first error). */
  | 'invalid-json'
  /** The file is not valid YAML. */
  | 'invalid-yaml'
  /** A key appears twice in one object; the last one is used, as CloudFormation and JSON.parse do. */
  | 'duplicate-key'
  /** The file could not be read from disk. */
  | 'unreadable'
  /** The file holds nothing this tool reads (not a policy, template, serverless.yml or Terraform plan). */
  | 'not-a-policy-file'
  /** A file or directory skipped because of its name (`.tf`, `.md`, `node_modules`...). */
  | 'skipped-file'
  /** A policy property holds something that is not a policy document (a number, a string that is not JSON). */
  | 'invalid-policy-document'
  /** A JSON string that should hold a policy document is not valid JSON. */
  | 'invalid-embedded-json'
  /** A value depends on something only known at deploy time (ImportValue, SSM, unknown after apply). */
  | 'unresolved-value'
  /** A reference to a parameter, resource, mapping or condition that the template does not define. */
  | 'unknown-reference'
  /** An intrinsic function this reader does not know, or one used with the wrong arguments. */
  | 'invalid-intrinsic'
  /** `${aws:username}` inside Fn::Sub: CloudFormation reads it as a template variable and fails. */
  | 'policy-variable-in-sub'
  /** A SAM policy template name that SAM does not define, or one missing a parameter. */
  | 'unknown-sam-policy-template'
  /** A plain policy file whose type was guessed (notice: `--policy-type` to say it). */
  | 'policy-type-guessed';

export interface ReaderDiagnostic {
  file: string;
  /** 1-based. */
  line?: number;
  column?: number;
  /** Where in the template: `Resources/ApiRole/Properties/Policies/0/PolicyDocument`. */
  logicalPath?: string;
  code: ReaderDiagnosticCode;
  severity: 'error' | 'warning' | 'notice';
  message: string;
}

export type FileKind =
  | 'policy'
  | 'cloudformation'
  | 'sam'
  | 'serverless'
  | 'terraform-plan'
  | 'terraform-config'
  /** Not a file this tool reads, or one that could not be parsed. */
  | 'unknown';

export interface ReadResult {
  policies: LocatedPolicy[];
  diagnostics: ReaderDiagnostic[];
  kind: FileKind;
}
