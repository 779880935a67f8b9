/** `leastpriv generate`: flags in, library call, exit code out. */
import { type Diagnostic, formatDiagnostic, UsageError } from '../normalize/diagnostic.js';
import { generate } from '../pipeline/generate.js';
import { writeGenerateFiles } from '../report/generate-files.js';
import { formatGenerateText } from '../report/generate-text.js';
import { parseLookupAttribute } from '../sources/live/index.js';
import { plural } from '../util/words.js';
import { parseCommandArgs, positiveInt } from './args.js';
import { commandHelp } from './help.js';

export async function runGenerate(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('generate', argv, {
    json: { type: 'boolean' },
    out: { type: 'string' },
    since: { type: 'string' },
    until: { type: 'string' },
    principal: { type: 'string', multiple: true },
    'max-policy-size': { type: 'string' },
    workers: { type: 'string' },
    strict: { type: 'boolean' },
    verbose: { type: 'boolean', short: 'v' },
    filter: { type: 'string' },
    lookup: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    process.stdout.write(commandHelp('generate'));
    return 0;
  }
  if (positionals.length === 0) {
    throw new UsageError(
      "generate needs at least one SOURCE (a CloudTrail or trace file or directory, s3://BUCKET/PREFIX, cloudtrail: or xray:). Run 'leastpriv generate --help'.",
    );
  }
  const problems: Diagnostic[] = [];
  const result = await generate({
    sources: positionals,
    since: values.since,
    until: values.until,
    principals: values.principal,
    strict: values.strict,
    workers: positiveInt('--workers', values.workers),
    maxPolicySize: positiveInt('--max-policy-size', values['max-policy-size']),
    filter: values.filter,
    ...(values.lookup !== undefined ? { lookup: parseLookupAttribute(values.lookup) } : {}),
    ...(values.verbose ? { onProgress: (m: string) => process.stderr.write(`leastpriv: ${m}\n`) } : {}),
    onNoPrincipalMatched({ principals, workloads }) {
      const seen = [...principals, ...workloads];
      const shown = seen.slice(0, 10).join(', ') + (seen.length > 10 ? `, and ${seen.length - 10} more` : '');
      process.stderr.write(
        `leastpriv: --principal ${values.principal?.join(' --principal ')} matched nothing; the input has ${plural(principals.length, 'principal')} and ${plural(workloads.length, 'workload')} (a glob matches the whole role, user or function ARN): ${shown}\n`,
      );
    },
    onDiagnostic(d) {
      problems.push(d);
      process.stderr.write(`${formatDiagnostic(d)}\n`);
    },
  });
  const readable = result.summary.records > 0;
  if (values.strict && problems.some((d) => d.severity === 'error')) {
    process.stderr.write(
      `leastpriv: ${problems.filter((d) => d.severity === 'error').length} input problems and --strict: no policy written.\n`,
    );
    return 1;
  }
  if (values.out) {
    const files = await writeGenerateFiles(values.out, result);
    process.stderr.write(`wrote ${files.length} files to ${values.out}\n`);
  }
  process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatGenerateText(result));
  if (!readable) {
    process.stderr.write(
      'leastpriv: no CloudTrail record or traced AWS call could be read from the given sources.\n',
    );
    return 1;
  }
  if (result.summary.replayFailures > 0) {
    process.stderr.write(
      `leastpriv: BUG: ${result.summary.replayFailures} observed permissions would be denied by the generated policies. Please report it with the input.\n`,
    );
    return 2;
  }
  return 0;
}
