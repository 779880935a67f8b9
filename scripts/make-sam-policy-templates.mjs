#!/usr/bin/env node
/**
 * Writes data/sam-policy-templates.json, our table of the SAM policy templates (`DynamoDBCrudPolicy:
 * {TableName: ...}` in a function's Policies), from the policy templates file the AWS SAM translator publishes
 * (samtranslator/policy_templates_data/policy_templates.json, Apache-2.0).
 *
 *   node scripts/make-sam-policy-templates.mjs [INPUT] [--date YYYY-MM-DD]
 *
 * INPUT defaults to the copy under ../shared/samples. Keeps each template's parameter names and statements
 * (the descriptions are left out), sorted by name; object keys are sorted so a new SAM release diffs cleanly.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_INPUT = join(
  ROOT,
  '../shared/samples/apps/aws-serverless-application-model/samtranslator/policy_templates_data/policy_templates.json',
);
const OUTPUT = join(ROOT, 'data/sam-policy-templates.json');

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
}

/** Every `{"Ref": name}` in a definition. */
function refs(value, out = new Set()) {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'Ref' && typeof value.Ref === 'string') out.add(value.Ref);
    else for (const k of keys) refs(value[k], out);
  }
  return out;
}

/**
 * The table from the parsed input file. Throws on a shape this script does not understand, naming the template,
 * so a new SAM release that changes the format is noticed here rather than in a reader.
 */
export function makeSamPolicyTemplates(input, { inputName, date }) {
  if (
    input === null ||
    typeof input !== 'object' ||
    typeof input.Templates !== 'object' ||
    input.Templates === null
  ) {
    throw new Error(`${inputName}: expected an object with "Templates"`);
  }
  const templates = [];
  for (const name of Object.keys(input.Templates).sort()) {
    const t = input.Templates[name];
    const statements = t?.Definition?.Statement;
    if (!Array.isArray(statements))
      throw new Error(`${inputName}: template ${name} has no Definition.Statement list`);
    const parameters = Object.keys(t.Parameters ?? {}).sort();
    for (const ref of refs(statements)) {
      if (!parameters.includes(ref) && !ref.startsWith('AWS::')) {
        throw new Error(
          `${inputName}: template ${name} refers to ${ref}, which is not one of its parameters`,
        );
      }
    }
    templates.push({ name, parameters, statements: sortKeys(statements) });
  }
  return {
    $comment:
      'SAM policy templates: the statements SAM writes for `Name: {Parameter: value}` in a function Policies list, ' +
      'with {"Ref": Parameter} where the value goes. Generated: do not edit; run the generator. Read by ' +
      'src/validate/readers/sam-policies.ts.',
    generator: 'scripts/make-sam-policy-templates.mjs',
    input: inputName,
    inputVersion: input.Version ?? null,
    inputLicense: 'Apache-2.0',
    generated: date,
    templates,
  };
}

function main(argv) {
  let inputPath = DEFAULT_INPUT;
  let date = new Date().toISOString().slice(0, 10);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--date') date = argv[++i];
    else inputPath = resolve(argv[i]);
  }
  const input = JSON.parse(readFileSync(inputPath, 'utf8'));
  const marker = 'aws-serverless-application-model';
  const at = inputPath.indexOf(marker);
  const inputName = at >= 0 ? `${inputPath.slice(at)}` : relative(ROOT, inputPath);
  const table = makeSamPolicyTemplates(input, { inputName, date });
  writeFileSync(OUTPUT, `${JSON.stringify(table, null, 2)}\n`);
  process.stdout.write(`${relative(ROOT, OUTPUT)}: ${table.templates.length} templates from ${inputName}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2));
