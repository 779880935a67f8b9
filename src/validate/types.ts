/**
 * The contract between the readers (which find policies in files and keep their locations) and the checks
 * (which judge one policy). Shared by src/validate/readers and src/validate/checks.
 */

/** 1-based line and column in the file a person opens. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** IAM Access Analyzer's policy types. A trust policy is a RESOURCE_POLICY with resourceType AWS::IAM::AssumeRolePolicyDocument. */
export type PolicyType =
  | 'IDENTITY_POLICY'
  | 'RESOURCE_POLICY'
  | 'SERVICE_CONTROL_POLICY'
  | 'RESOURCE_CONTROL_POLICY';

/** A step of a JSON path inside a policy document: property name or array index. */
export type PathStep = string | number;

/** One policy found in a file, with enough to point a finding back at the file. */
export interface LocatedPolicy {
  file: string;
  /** Where in the file: `Resources/ApiRole/Properties/Policies/0/PolicyDocument`, or '' for a policy file. */
  logicalPath: string;
  /** Resource name for suppressions (`ApiRole`, `aws_iam_policy.deploy`), when the policy is in a template. */
  resourceName?: string;
  policyType: PolicyType;
  /** Access Analyzer's validatePolicyResourceType for resource policies: AWS::S3::Bucket, AWS::IAM::AssumeRolePolicyDocument, ... */
  resourceType?: string;
  /** The document after intrinsics were resolved: plain JSON values. */
  document: unknown;
  /** Location in the file of the value at `path` inside `document` (nearest enclosing value when the exact one has none). */
  locate(path: PathStep[]): SourceLocation;
  /** Values that could not be resolved (unknown intrinsic, ImportValue...): reported once, only that value is skipped. */
  unresolved: { path: PathStep[]; message: string }[];
  /**
   * Set when this is another reading of the same policy: `Fn::If:else` is the template policy with every `Fn::If`
   * taking its else branch (the main reading takes the first). A finding also made on the main reading at the
   * same location is a duplicate.
   */
  variant?: string;
}

export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

export interface Finding {
  file: string;
  /** Access Analyzer issue code where the check is the same one (INVALID_ACTION), our own otherwise (FULL_ADMIN_ACCESS). */
  code: string;
  findingType: FindingType;
  message: string;
  /** JSON path inside the policy: `Statement[1].Action[0]`. */
  path: string;
  location: SourceLocation;
  logicalPath: string;
  resourceName?: string;
  /** The check that reported it (its file name). */
  checkId: string;
  learnMoreLink?: string;
}
