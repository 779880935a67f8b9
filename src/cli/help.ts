/** The --help texts: kept beside the commands so they stay true. */

const GENERATE = `Usage: leastpriv generate [options] SOURCE...

Least-privilege IAM policies from what principals actually did.

SOURCE is a file or directory, read recursively, of CloudTrail logs ({"Records":[...]} files as the
trail delivers them to S3, JSON arrays of events, NDJSON, EventBridge envelopes) or traces (X-Ray
BatchGetTraces responses, raw segment documents, OTLP JSON exports), any of them gzipped. Or a live
source, read over the window (--since/--until; the last 60 minutes by default) with the standard AWS
configuration (profile, region, credentials, AWS_ENDPOINT_URL_<SERVICE>):
  s3://BUCKET[/PREFIX]    a trail's log files in its bucket: only the day folders and files delivered
                          in the window are listed and fetched, then read like local files
  cloudtrail:[REGION]     CloudTrail LookupEvents: management events only (no data events), 90 days
  xray:[REGION]           X-Ray traces (GetTraceSummaries + BatchGetTraces)
Traces name the function, not the role: a traced function whose role session CloudTrail shows becomes
one entry.

Options:
  --json                  print one JSON document (schemaVersion 1) instead of text
  --out DIR               also write <name>.policy.json per principal and workload, and summary.json
  --since TIME            only events at or after TIME: ISO time or a duration before now (90m, 12h, 7d)
  --until TIME            only events at or before TIME
  --principal GLOB        only these principals (role/user ARN or Lambda function ARN; * and ? wildcards);
                          repeatable
  --max-policy-size N     split policies larger than N characters without whitespace (default 6144,
                          the managed-policy limit; inline role policies allow 10240)
  --workers N             worker threads (default: one per core, but at most one per 21 MiB of gzipped
                          logs on 2 cores, per 3 MiB on more; below two workers' worth the command's
                          own thread reads); when two workers or more read 8 MiB or more (or an
                          s3:// source) the command restarts node with V8 flags for them
                          (--single-threaded-gc, a smaller young generation; LEASTPRIV_NODE_FLAGS=off
                          keeps it as is)
  --strict                any input error is fatal (exit 1): a malformed record, a damaged or
                          unreadable file, a failed fetch
  -v, --verbose           progress on stderr: files read (every 2 s and at the end), listings, fetches,
                          retries of the live sources
  --filter EXPRESSION     with xray:, an X-Ray filter expression, e.g. 'service("orders-api")'
  --lookup KEY=VALUE      with cloudtrail:, only the events LookupEvents finds by one attribute: Username,
                          EventSource, EventName, ResourceName, ResourceType, ReadOnly, AccessKeyId or
                          EventId, e.g. --lookup Username=alice (far fewer requests than the whole window)
  -h, --help              this help

Exit codes: 0 done; 1 bad usage or nothing readable; 2 a generated policy would deny an observed call
(a bug: please report it).
`;

const SIMULATE = `Usage: leastpriv simulate --policy FILE... --action ACTION... --resource ARN... [options]

Would a request be allowed, and by which statement? Evaluates the policies the way IAM does: an explicit
Deny anywhere wins; SCPs and permissions boundaries and session policies must also allow; identity or
resource policies grant (both across accounts); RCPs only deny.

Policies:
  --policy FILE           a policy document (JSON); repeatable
  --policy-type TYPE      the type of the next --policy: identity (the default), resource,
                          permissions-boundary, scp, rcp or session. Example:
                            --policy role.json --policy-type permissions-boundary --policy boundary.json
                            --policy-type resource --policy bucket-policy.json

Request:
  --action ACTION         service:Action, e.g. s3:GetObject; repeatable (every action x every resource)
  --resource ARN          the resource ARN, or * for actions that accept only *; repeatable
  --principal ARN         who calls: arn:aws:iam::111122223333:user/alice, a role session
                          arn:aws:sts::111122223333:assumed-role/app/session, an account id or a service
                          principal. Needed for resource policies; also gives aws:PrincipalArn,
                          aws:PrincipalAccount, aws:username (IAM users) unless --context sets them
  --resource-account ID   the account that owns the resource when its ARN has none (S3); else the
                          ARN's account, else the principal's
  --context KEY=VALUE     a condition key of the request, e.g. aws:SourceIp=203.0.113.7; repeatable.
                          A key given several times has several values (multivalued keys only).
                          Values are checked against the key's type from the service data: Numeric,
                          Date (ISO 8601 or epoch seconds), Bool (true/false), IPAddress, ARN, String
  --absent KEY            the request does not carry this key (so the decision does not depend on it)
  --json                  print one JSON document (schemaVersion 1) instead of text
  -h, --help              this help

A condition key the policies read but that is neither given nor --absent is evaluated as absent and
reported as "depends on KEY": the decision is then provisional, never a silent guess.

Exit codes: 0 every request is allowed; 2 some request is denied (explicitly or implicitly), or its
decision depends on context that was not given (the output says which: settle it with --context or
--absent); 1 bad usage, an unreadable policy, or a policy with errors (AWS would reject it; the errors
name file, line and path).
`;

const AUDIT = `Usage: leastpriv audit --granted FILE... [options] [SOURCE...]

What principals are granted beyond what they used, ranked by risk, with a replacement policy per
principal (and per Lambda function of a shared role) that the engine proves grants nothing the old
policies did not.

Granted (--granted, repeatable):
  an authorization dump          aws iam get-account-authorization-details > auth.json (every user and
                                 role in it; several pages of one account can be given)
  a policy file or template      policy JSON/YAML, CloudFormation/SAM, serverless.yml, Terraform: bound
                                 to the role or user given with --principal (a serverless.yml that names
                                 its role is bound to that role when the activity shows it)
  --principal ARN                the role or user the policy files are granted to; with a dump, audit
                                 only this principal
  --resource NAME                the template resource whose policies are granted (when a template has
                                 policies for several); repeatable
  --boundary FILE                a permissions boundary policy for --principal

SOURCE is activity, as for generate: files or directories of CloudTrail logs or traces, a trail's
bucket (s3://BUCKET/PREFIX), cloudtrail: or xray:. Without SOURCE every
grant is reported unprovable (nothing can be called unused) and only the risks are judged.

Options:
  --json                  print one JSON document (schemaVersion 1); same as --format json
  --format FORMAT         text (default), json, markdown (for a pull-request comment) or html (one
                          self-contained page with charts)
  --out FILE              write the report to FILE instead of stdout (format from its extension
                          .json/.md/.html unless --format says)
  --fail-on LIST          exit 2 when the audit finds any of, comma separated: risk=SEVERITY
                          (critical, high, medium, low: that severity or worse), unused, overbroad,
                          unprovable, denied (a refused call the grants do not allow), not-seen,
                          unknown (an attached policy not in the input), not-proven
  --since TIME, --until TIME, --workers N, --strict, --verbose   as for generate
  -h, --help              this help

Exit codes: 0 done; 1 bad usage or nothing readable; 2 --fail-on matched (or a replacement policy
failed its proof: a bug, please report it).
`;

const VALIDATE = `Usage: leastpriv validate [options] FILE...

Checks every IAM policy in the files with IAM Access Analyzer's policy checks (same issue codes and
finding types), offline, plus leastpriv's own (full admin, privilege escalation, public or external
principals...). Findings point at the file, line and column of the template, not at an extracted copy.

FILE is a policy (JSON or YAML), a CloudFormation or SAM template, a serverless.yml, a Terraform plan
(terraform show -json), or a directory of them (read recursively: .json, .yaml, .yml, .template);
- reads standard input.

Reading:
  --policy-type TYPE      the type of plain policy files: identity, resource, trust (a role trust
                          policy), scp or rcp; guessed when absent (a notice says so). Templates say
                          their types themselves
  --resource-type TYPE    the resource a resource-policy file is for, as Access Analyzer's
                          validatePolicyResourceType: AWS::S3::Bucket, AWS::SQS::Queue, ...
  --region REGION         AWS::Region in templates and the region of ARNs the readers write
                          (default us-east-1)
  --account ID            the account that owns the policies: AWS::AccountId in templates, and its
                          principals are not external (default 123456789012, the placeholder the
                          templates' own account then stands for)
  --parameters LIST       template parameter values: Key=Value,Key2=Value2, or a JSON file of
                          {"Key": "Value"} or [{"ParameterKey": ..., "ParameterValue": ...}]; repeatable

Findings:
  --treat-as-blocking LIST  finding types that fail the run, comma separated: ERROR,
                          SECURITY_WARNING (the default), WARNING, SUGGESTION, or NONE
  --ignore-finding LIST   leave out findings, comma separated: CODE, RESOURCE (a template resource
                          such as DeployRole or aws_iam_role.app) or RESOURCE.CODE; repeatable
  --config FILE           suppressions with a reason and an optional expiry date (default:
                          .leastpriv.yml in the working directory, when there is one)
  --allow-external-principals LIST  12-digit accounts whose principals are not external
                          (EXTERNAL_PRINCIPAL), comma separated

Output:
  --format FORMAT         text (default: file:line:col  CODE  message), json, sarif (SARIF 2.1.0 for
                          code scanning) or markdown (a pull-request comment)
  --json                  same as --format json: one document, schemaVersion 1
  --out FILE              write the report to FILE instead of stdout (format from its extension
                          .json/.sarif/.md unless --format says); the summary line goes to stderr
  --verbose               also print notices (skipped files, guessed policy types) on stderr
  -h, --help              this help

Problems reading the files (bad JSON or YAML, unknown intrinsics, values known only at deploy time)
are printed on stderr as file:line and counted in the summary; only what they name is skipped.

Exit codes: 0 no blocking finding; 2 blocking findings, or a file that could not be read (so was not
checked) while ERROR is blocking; 1 bad usage, a bad .leastpriv.yml, or nothing readable.
`;

const MAIN = `Usage: leastpriv <command> [options]

Commands:
  audit --granted FILE [SOURCE...]
                       granted vs used: unused, over-broad, risky; a proven replacement
  generate SOURCE...   least-privilege policies from CloudTrail logs and X-Ray/OpenTelemetry traces
  simulate --policy FILE --action ACTION --resource ARN
                       would a request be allowed, and by which statement
  validate FILE...     Access Analyzer's policy checks, offline, on policies, CloudFormation/SAM,
                       serverless.yml and Terraform plans

Run 'leastpriv <command> --help' for a command's options.
Every command prints text by default and one JSON document with --json; diagnostics go to stderr.
xray-privilege-scan (a second command) keeps the original X-Ray tool's interface: xray-privilege-scan -h.
`;

const HELP: Record<string, string> = {
  audit: AUDIT,
  generate: GENERATE,
  simulate: SIMULATE,
  validate: VALIDATE,
};

const XRAY_PRIVILEGE_SCAN = `Usage: xray-privilege-scan [-s START] [-r MINUTES] [-f FILTER] [-c] [-v] [--no-description]

Reads the X-Ray traces of a window and writes, for each traced function, the least-privilege policy of
the AWS SDK calls it made: <md5 of the function ARN>.policy.json in the current directory. Then prints
"Completed running xray scan.", "Generated IAM policies based upon xray scan:" and one
"<function ARN> - <file name>" line per function. Same as 'leastpriv generate xray:', in the interface
of the original X-Ray tool. AWS configuration as usual: profile, region, credentials,
AWS_ENDPOINT_URL_XRAY.

Options:
  -s, --start-time TIME   start of the window: ISO time, epoch seconds, or a duration before now (90m);
                          default: TIME-RANGE minutes before now
  -r, --time-range MIN    length of the window in minutes (default 60)
  -f, --filter EXPR       an X-Ray filter expression, e.g. 'service("orders-api")'
  -c, --compare           also read each function's role (Lambda GetFunctionConfiguration, IAM role
                          policies) and write excessive_permissions.json: what the role grants beyond
                          the function's policy (unused, or not seen in the sampled traces), grants
                          wider than their use, and the role's risks
  -v, --verbose           progress, notices, refused calls and the notes behind each policy, on stderr
  --no-description        write IAM-ready files (without the Description field naming the function)
  -h, --help              this help

Traces are sampled: a policy holds only what the sampled requests did, and only resources the tracing
SDK recorded (the rest is generalised and said so with -v).
`;

export function xrayScanHelp(): string {
  return XRAY_PRIVILEGE_SCAN;
}

export function mainHelp(): string {
  return MAIN;
}

export function commandHelp(command: string): string {
  return HELP[command] ?? MAIN;
}
