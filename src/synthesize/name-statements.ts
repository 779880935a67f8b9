/**
 * Statement ids a person can read: the service and the resource (`DynamodbTableOrders`,
 * `S3ObjectsExampleBucketUploads`, `KmsKey1234abcd`), the action and condition for conditioned statements
 * (`IamPassRoleToLambda`), `AllResources` for `*`. IAM allows only ASCII letters and digits in a Sid.
 * Ids depend only on the statement's content, so they are stable across runs and input order; clashes
 * get a numeric suffix in a fixed order.
 */
import type { ServiceData } from '../mapping/service-data.js';
import type { ConditionBlock } from '../mapping/types.js';
import { classifyResource, PLACEMENT_VARIABLES } from './classify-resource.js';
import {
  actionService,
  compareNatural,
  compareText,
  type DraftStatement,
  type NamedStatement,
} from './statement.js';

/** Longest base Sid before a de-duplication suffix; longer ones are cut. */
export const MAX_SID_BASE_LENGTH = 80;

/** Up to this many resources, a Sid names them all; beyond, the first and `And<N>More`. */
const NAMED_RESOURCES = 2;

/** Longest part of a Sid taken from one resource's name. */
const MAX_NAME_LENGTH = 40;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const LONG_HEX = /\b[0-9a-f]{16,}\b/gi;

/**
 * `example-bucket/uploads/*` -> `ExampleBucketUploads`; a UUID or long hex id keeps its first 8
 * characters (`1234abcd-12ab-...` -> `1234abcd`). Only ASCII letters and digits remain.
 */
export function sidWords(text: string): string {
  const shortened = text.replace(UUID, (m) => m.slice(0, 8)).replace(LONG_HEX, (m) => m.slice(0, 8));
  return shortened
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => (w[0] ?? '').toUpperCase() + w.slice(1))
    .join('');
}

function pluralWord(word: string): string {
  if (/(s|x|z|ch|sh)$/i.test(word)) return `${word}es`;
  if (/[^aeiou]y$/i.test(word)) return `${word.slice(0, -1)}ies`;
  return `${word}s`;
}

interface ResourceLabel {
  type: string;
  name: string;
  wildcard: boolean;
}

/** Labels computed, per service data: usages of a role and of its workload name the same resources. */
const labelsByData = new WeakMap<ServiceData, Map<string, ResourceLabel>>();
const LABEL_CACHE_LIMIT = 10_000;

/** `labelOf`, remembered (bounded; emptied when full). */
function resourceLabel(action: string, resource: string, data: ServiceData): ResourceLabel {
  let labels = labelsByData.get(data);
  if (!labels) {
    labels = new Map();
    labelsByData.set(data, labels);
  }
  const key = `${action}\u0000${resource}`;
  let label = labels.get(key);
  if (!label) {
    label = labelOf(action, resource, data);
    if (labels.size >= LABEL_CACHE_LIMIT) labels.clear();
    labels.set(key, label);
  }
  return label;
}

/** How a Sid names one resource: its type (when a format of the service data matches) and its name. */
function labelOf(action: string, resource: string, data: ServiceData): ResourceLabel {
  // `*` covers many resources; `?` only stands for characters the source did not record. (An escaped `${*}`
  // is a name's own character: policy/literal.ts.)
  const wildcard = resource.includes('*') && resource.replaceAll('${*}', '').includes('*');
  const cls = classifyResource(action, resource, data)[0];
  if (cls) {
    const name = cls.variables
      .filter((v) => !PLACEMENT_VARIABLES.has(v.name))
      .map((v) => sidWords(v.value))
      .join('')
      .slice(0, MAX_NAME_LENGTH);
    return { type: sidWords(cls.resourceType), name, wildcard };
  }
  // Not a known format: name it by what follows the account.
  const rest = resource.startsWith('arn:') ? resource.split(':').slice(5).join(':') : resource;
  return { type: '', name: sidWords(rest).slice(0, MAX_NAME_LENGTH), wildcard };
}

function resourcesPart(actions: readonly string[], resources: readonly string[], data: ServiceData): string {
  const action = actions[0] ?? '';
  const named = resources.length <= NAMED_RESOURCES ? resources.length : 1;
  const labels = resources.slice(0, named).map((r) => resourceLabel(action, r, data));
  let out = '';
  let i = 0;
  while (i < labels.length) {
    const type = labels[i]?.type ?? '';
    let j = i;
    let names = '';
    let wildcard = false;
    while (j < labels.length && labels[j]?.type === type) {
      names += labels[j]?.name ?? '';
      wildcard ||= labels[j]?.wildcard ?? false;
      j++;
    }
    const plural = j - i > 1 || wildcard || (j === labels.length && resources.length > labels.length);
    out += (type && plural ? pluralWord(type) : type) + names;
    i = j;
  }
  if (resources.length > named) out += `And${resources.length - named}More`;
  return out;
}

/** Preposition for a condition key in a Sid: `iam:PassedToService` reads `To<service>`. Naming only. */
const CONDITION_WORDS: Readonly<Record<string, string>> = {
  'aws:calledvia': 'Via',
  'aws:calledviafirst': 'Via',
  'aws:calledvialast': 'Via',
  'iam:awsservicename': 'For',
  'iam:passedtoservice': 'To',
  'kms:viaservice': 'Via',
};

function conditionValueWords(value: string): string {
  // Service principals and endpoints read by their first label: `lambda.amazonaws.com` -> `Lambda`.
  const service = /^([a-z0-9-]+)\.(?:[a-z0-9-]+\.)*amazonaws\.com(?:\.cn)?$/i.exec(value);
  return sidWords(service ? (service[1] ?? value) : value);
}

/** `{"StringEquals":{"iam:PassedToService":["lambda.amazonaws.com"]}}` -> `ToLambda`. */
export function conditionWords(condition: ConditionBlock): string {
  let out = '';
  for (const op of Object.keys(condition).sort(compareText)) {
    const keys = condition[op] ?? {};
    for (const key of Object.keys(keys).sort(compareText)) {
      const word = CONDITION_WORDS[key.toLowerCase()] ?? `If${sidWords(key.slice(key.indexOf(':') + 1))}`;
      const values = [...new Set(keys[key] ?? [])].sort(compareText).map(conditionValueWords);
      out += word + values.join('Or');
    }
  }
  return out;
}

/** The Sid a statement is named by, before de-duplication. */
export function baseSid(
  statement: Pick<DraftStatement, 'actions' | 'resources' | 'condition'>,
  data: ServiceData,
): string {
  const { actions, resources, condition } = statement;
  const conditioned = condition !== undefined && Object.keys(condition).length > 0;
  const phrase = conditioned ? conditionWords(condition) : '';
  let sid: string;
  if (resources.length === 1 && resources[0] === '*') {
    sid = `AllResources${phrase}`;
  } else {
    const service = sidWords(actionService(actions[0] ?? ''));
    const action = actions[0] ?? '';
    const subject =
      conditioned && actions.length === 1
        ? sidWords(action.slice(action.indexOf(':') + 1))
        : resourcesPart(actions, resources, data);
    sid = service + subject + phrase;
  }
  sid = sid.replace(/[^A-Za-z0-9]/g, '').slice(0, MAX_SID_BASE_LENGTH);
  return sid.length > 0 ? sid : 'Statement';
}

function contentKey(s: DraftStatement): string {
  return [s.conditionKey, s.actions.join(','), s.resources.join(',')].join('\u0000');
}

/**
 * Give every statement its unique Sid and return them sorted by service, then Sid. Statements that
 * share a base Sid keep it in content order: the first as is, the next ones with `2`, `3`..., skipping
 * any suffix another statement already uses as its own base.
 */
export function nameStatements(statements: readonly DraftStatement[], data: ServiceData): NamedStatement[] {
  const drafts = statements.map((s) => ({
    statement: s,
    base: baseSid(s, data),
    service: actionService(s.actions[0] ?? ''),
    key: contentKey(s),
  }));
  drafts.sort(
    (a, b) => compareText(a.service, b.service) || compareText(a.base, b.base) || compareText(a.key, b.key),
  );
  const reserved = new Set(drafts.map((d) => d.base));
  const taken = new Set<string>();
  const named = drafts.map((d): NamedStatement => {
    let sid = d.base;
    if (taken.has(sid)) {
      let n = 2;
      while (reserved.has(`${d.base}${n}`) || taken.has(`${d.base}${n}`)) n++;
      sid = `${d.base}${n}`;
    }
    taken.add(sid);
    const s = d.statement;
    const named: NamedStatement = {
      actions: s.actions,
      resources: s.resources,
      conditionKey: s.conditionKey,
      contributions: s.contributions,
      sid,
      service: d.service,
      notes: [],
    };
    if (s.condition !== undefined) named.condition = s.condition;
    return named;
  });
  return named.sort(compareStatements);
}

/** Statement order: service, then Sid (digits by value). */
export function compareStatements(
  a: Pick<NamedStatement, 'service' | 'sid'>,
  b: Pick<NamedStatement, 'service' | 'sid'>,
): number {
  return compareText(a.service, b.service) || compareNatural(a.sid, b.sid);
}
