/** The --help texts: kept beside the commands so they stay true. */

const GENERATE = `Usage: leastpriv generate [options] SOURCE...

Least-privilege IAM policies from what principals actually did.

SOURCE is a file or directory of CloudTrail logs, read recursively: {"Records":[...]} files (the
trail's S3 delivery layout), JSON arrays of events, NDJSON, EventBridge envelopes, any of them gzipped.

Options:
  --json                  print one JSON document (schemaVersion 1) instead of text
  --out DIR               also write <name>.policy.json per principal and workload, and summary.json
  --since TIME            only events at or after TIME: ISO time or a duration before now (90m, 12h, 7d)
  --until TIME            only events at or before TIME
  --principal GLOB        only these principals (role/user ARN or Lambda function ARN; * and ? wildcards);
                          repeatable
  --max-policy-size N     split policies larger than N characters without whitespace (default 6144,
                          the managed-policy limit; inline role policies allow 10240)
  --workers N             worker threads (default: one per core)
  --strict                any malformed input is fatal (exit 1)
  -h, --help              this help

Exit codes: 0 done; 1 bad usage or nothing readable; 2 a generated policy would deny an observed call
(a bug: please report it).
`;

const MAIN = `Usage: leastpriv <command> [options]

Commands:
  generate SOURCE...   least-privilege policies from CloudTrail logs

Run 'leastpriv <command> --help' for a command's options.
Every command prints text by default and one JSON document with --json; diagnostics go to stderr.
`;

const HELP: Record<string, string> = { generate: GENERATE };

export function mainHelp(): string {
  return MAIN;
}

export function commandHelp(command: string): string {
  return HELP[command] ?? MAIN;
}
