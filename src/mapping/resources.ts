/**
 * Resource ARNs for one IAM action of a call: `resolveResources(record, call)`.
 *
 * Which request parameter fills which ARN variable is IAM/CloudTrail knowledge, so it lives in
 * `data/resource-arns.json` (schema in data/README.md); this module is the small generic engine over it:
 * 1. An action whose service data lists no resource types accepts only `*`: `['*']`, never scoped.
 * 2. Otherwise each resource type of the action is filled from, in order of trust: `resources[]` ARNs that
 *    fit the type's format, the request parameters, the response elements (ARNs of created resources).
 *    A parameter that already is an ARN is parsed, never re-wrapped; the ARN of a parent (a cluster, an event
 *    bus, a function) fills the variables it shares with the type.
 * 3. The types the call touched are chosen: every type whose variables were all recovered, minus those an
 *    entry says it `supersedes` (an index query is not also a table query), plus the types the service data
 *    marks required (or an entry marks `alwaysTouched`) with `*` in what could not be recovered.
 * 4. `${Partition}` comes from the region, `${Region}` from awsRegion, `${Account}` from the resource itself
 *    (an ARN, a queue URL, `resources[].accountId`), else recipientAccountId, else the caller's account.
 * Whatever could not be recovered becomes `*` in that part only, with a gap saying which parameter was missing.
 *
 * ## `resourceFrom` (set on an ActionCall by the actions table for calls that touch several resources)
 * | value | the resource is | data entries used |
 * |---|---|---|
 * | absent | the call's main resource | entries without `from` |
 * | `'apigatewayPath'` | API Gateway management: the path ARN (`arn:aws:apigateway:us-east-1::/restapis/a1b2c3/stages/prod`) chosen per operation from restApiId, resourceId, httpMethod, stageName... | entries without `from` (apigateway entries are per `operations`) |
 * | `'copySource'` | S3 `x-amz-copy-source` / `copySource`: `bucket/key[?versionId=...]`, URL-encoded, or an access point object ARN | `from: "copySource"` |
 * | `'sourceKey'` / `'destinationKey'` | KMS ReEncrypt `sourceKeyId` / `destinationKeyId`; for the source key, else the key in `resources[]` that is not the destination | `from: "sourceKey"` / `"destinationKey"` |
 * | `'table:<name>'`, `'table:<name>/index/<index>'` | the DynamoDB table (a name or ARN), or its index, of a multi-table call | entries without `from`, with TableName (and IndexName) given |
 * | `'param:<json.path>'` | the resource named at that concrete request-parameter path (`param:role`, `param:targets[1].roleArn`, `param:secretIdList[0]`); for `iam:PassRole`, the role ARN | `from: "param"` |
 * | `'instanceProfile:<json.path>'` | an EC2 instance profile ARN or name at that path; for `iam:PassRole` it names no role: `role/*` in the profile's account, with a gap | `from: "param"`, type `instance-profile` |
 * Any other value resolves nothing from the request: the required types come back as `*` ARNs with a gap.
 */
import { readFileSync } from 'node:fs';
import type { ActivityRecord } from '../normalize/activity-record.js';
import {
  cutFormat,
  fillArnFormat,
  formatAlternatives,
  formatSpecificity,
  matchTemplate,
  PLACEMENT_VARIABLES,
  parseArn,
  partitionForRegion,
} from './arn.js';
import { type ActionInfo, type ServiceData, serviceData, splitAction } from './service-data.js';
import type { ActionCall, ResourceResolution } from './types.js';

// ---------------------------------------------------------------------------------------------------------
// resourceFrom vocabulary

/** The `resourceFrom` values that name a part of the request read through `from` entries of the table. */
export const RESOURCE_FROM_PARTS = ['copySource', 'sourceKey', 'destinationKey'] as const;
export type ResourceFromPart = (typeof RESOURCE_FROM_PARTS)[number];

/** What `ActionCall.resourceFrom` selects, parsed. */
export type ResourceSelector =
  | { kind: 'main' }
  | { kind: 'part'; from: ResourceFromPart }
  | { kind: 'table'; table: string; index?: string }
  | { kind: 'param'; path: string; instanceProfile?: boolean };

/** Parse `ActionCall.resourceFrom`; undefined when the value is not in the vocabulary above. */
export function parseResourceFrom(value: string | undefined): ResourceSelector | undefined {
  if (value === undefined || value === '' || value === 'apigatewayPath') return { kind: 'main' };
  if ((RESOURCE_FROM_PARTS as readonly string[]).includes(value))
    return { kind: 'part', from: value as ResourceFromPart };
  if (value.startsWith('table:') && value.length > 'table:'.length) {
    const named = value.slice('table:'.length);
    // `T/index/I`; an ARN (`arn:...:table/T/index/I`) is kept whole and read like any ARN.
    const at = named.startsWith('arn:') ? -1 : named.indexOf('/index/');
    if (at > 0)
      return { kind: 'table', table: named.slice(0, at), index: named.slice(at + '/index/'.length) };
    return { kind: 'table', table: named };
  }
  if (value.startsWith('param:') && value.length > 'param:'.length)
    return { kind: 'param', path: value.slice(6) };
  if (value.startsWith('instanceProfile:') && value.length > 'instanceProfile:'.length) {
    return { kind: 'param', path: value.slice('instanceProfile:'.length), instanceProfile: true };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// The table (data/resource-arns.json)

/** Where one variable's value is read; a string is shorthand for `{ path }`. */
export interface ResourceArnSourceSpec {
  /**
   * Request parameter path (`instancesSet.items[].instanceId`; arrays are walked, `[]` is optional;
   * names match ignoring case, `_` and `-`), or `response:<path>`, `$identity.<field>`, `$value` (the value a
   * `param:` resourceFrom selected), `$resource:<type>` (CloudTrail resources[] ARNs of that resource type).
   */
  path?: string;
  /** Text built from several request parameters: `${path}${roleName}`; skipped unless all are present. */
  template?: string;
  /** How the value is laid out (`${Account}:function:${FunctionName}`); the first that fits is used. */
  shapes?: string[];
  /** Applied in order before anything else: `strip-query`, `uri-decode`, `before:<text>`. */
  transforms?: string[];
  /** Regular expression the raw value must match for this source to apply. */
  when?: string;
  /** Fixed values of placement variables when this source applies (`{"Account": ""}` for AWS-owned documents). */
  set?: Record<string, string>;
  /** Appended to a value that is not an ARN (`-??????` after a secret name). */
  suffix?: string;
  /** Recorded as a gap when a value that is not an ARN is used; `{path}` and `{value}` are filled. */
  gap?: string;
  /**
   * Drop the values that this other `resourceFrom` part resolves to, and use what is left only when exactly
   * one value remains (ReEncrypt's source key: the key in resources[] that is not the destination).
   */
  excludeFrom?: ResourceFromPart;
}
export type ResourceArnSource = string | ResourceArnSourceSpec;

export interface ResourceArnEntry {
  /** IAM service prefix of the actions this entry serves (`ssm` for its `instance` type, an EC2 ARN). */
  service: string;
  /** Resource type key as the service data has it. */
  resourceType: string;
  /** Which part of the request, by `resourceFrom`: absent for the main resource. */
  from?: ResourceFromPart | 'param';
  /** Only for these actions (names without the prefix); such an entry replaces the general one. */
  actions?: string[];
  /** Only for these recorded operations (CloudTrail eventName); such an entry replaces the general one. */
  operations?: string[];
  /** `from: "param"` only: the parameter paths this entry reads; it then wins over entries without paths. */
  paramPaths?: string[];
  /** ARN variable (or `Account`/`Region`) -> sources, tried in order; the first that gives a value wins. */
  variables: Record<string, ResourceArnSource[]>;
  /** Regular expression (matched whole) a variable's value must match, when the format alone is ambiguous. */
  patterns?: Record<string, string>;
  /** Value of a variable the request leaves out on purpose (ECS cluster `default`). */
  defaults?: Record<string, string>;
  /** Resource types dropped when this one is resolved. */
  supersedes?: string[];
  /** The call always touches this type, even when the service data says optional. */
  alwaysTouched?: boolean;
  /** Gap text for a variable that cannot be recovered, instead of `<parameter> not recorded`. */
  missing?: Record<string, string>;
  /** Added to the gap when this entry explains that the call named a resource of a type the action does not take. */
  hint?: string;
  source: string;
  note?: string;
}

export interface ResourceArnTable {
  schemaVersion: number;
  description?: string;
  entries: ResourceArnEntry[];
}

let packagedTable: ResourceArnTable | undefined;

/** The reviewed table in data/resource-arns.json, read once. */
export function resourceArnTable(): ResourceArnTable {
  packagedTable ??= JSON.parse(
    readFileSync(new URL('../../data/resource-arns.json', import.meta.url), 'utf8'),
  ) as ResourceArnTable;
  return packagedTable;
}

// ---------------------------------------------------------------------------------------------------------
// Engine

const lower = (s: string): string => s.toLowerCase();
/** Parameter names as CloudTrail, SDKs and traces spell them: `tableName`, `TableName`, `table_name`. */
const normalizeKey = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

interface Binding {
  /** Type variables and placement variables (`Partition`, `Region`, `Account`) recovered. */
  vars: Record<string, string>;
  /** The ARN exactly as the evidence named it, when it names the whole resource. */
  arn?: string;
  notes: string[];
  /** The source path, parameter label and value the binding came from, for messages. */
  origin?: { path: string; label: string; value: string };
}

/** One format alternative of a resource type, cut once. */
interface FormatAlternative {
  format: string;
  /** All variable names, placement included. */
  names: string[];
  /** Type-specific variables only. */
  vars: string[];
  specificity: number;
  /** The service part of the ARN (`ec2` for ssm's `instance`) and the literal start of its resource part. */
  service: string;
  prefix: string;
}

/** What the service data says of a resource type: computed once per service data. */
interface StaticType {
  /** Lower-case key. */
  key: string;
  formats: string[];
  alts: FormatAlternative[];
  /** Type-specific variables (no placement), in format order. */
  typeVars: string[];
}

interface TypeModel extends StaticType {
  /** As the action lists it. */
  name: string;
  required: boolean;
  entry: ResourceArnEntry | undefined;
  /** Values that were ARNs of something else, for the gap. */
  rejected: string[];
}

interface Resolution {
  record: ActivityRecord;
  data: ServiceData;
  index: TableIndex;
  service: string;
  action: ActionInfo;
  selector: ResourceSelector | undefined;
  selectedValues: string[];
  given: Record<string, string[]>;
  entries: ResourceArnEntry[];
  models: Map<string, TypeModel>;
  /** The resources another part of the same call resolves to (absent inside such a nested resolution). */
  resolveOther?: (from: ResourceFromPart) => string[];
}

class TableIndex {
  private readonly byService = new Map<string, ResourceArnEntry[]>();
  /** Applicable entries per service and selector, so that entry choices can be cached per list. */
  readonly applicable = new Map<string, ResourceArnEntry[]>();
  readonly picked = new WeakMap<ResourceArnEntry[], Map<string, ResourceArnEntry | null>>();
  constructor(table: ResourceArnTable) {
    for (const e of table.entries) {
      const list = this.byService.get(lower(e.service)) ?? [];
      list.push(e);
      this.byService.set(lower(e.service), list);
    }
  }
  entries(service: string): ResourceArnEntry[] {
    return this.byService.get(lower(service)) ?? [];
  }
}

const staticByData = new WeakMap<ServiceData, Map<string, Map<string, StaticType>>>();

/** The resource types of a service, cut once per service data. */
function staticTypes(data: ServiceData, service: string): Map<string, StaticType> {
  let byService = staticByData.get(data);
  if (!byService) {
    byService = new Map();
    staticByData.set(data, byService);
  }
  const s = lower(service);
  let types = byService.get(s);
  if (!types) {
    types = new Map();
    for (const info of data.resourceTypes(s)) {
      const formats = formatAlternatives(info.arn);
      const alts = formats.map((format): FormatAlternative => {
        const { names } = cutFormat(format);
        const parts = format.split(':');
        const resource = parts.slice(5).join(':');
        const at = resource.indexOf('${');
        return {
          format,
          names,
          vars: names.filter((n) => !PLACEMENT_VARIABLES.has(n)),
          specificity: formatSpecificity(format),
          service: parts[2] ?? '',
          prefix: at < 0 ? resource : resource.slice(0, at),
        };
      });
      types.set(lower(info.key), { key: lower(info.key), formats, alts, typeVars: variablesOf(formats) });
    }
    byService.set(s, types);
  }
  return types;
}

function spec(src: ResourceArnSource): ResourceArnSourceSpec {
  return typeof src === 'string' ? { path: src } : src;
}

function variablesOf(formats: string[]): string[] {
  const out: string[] = [];
  for (const f of formats)
    for (const n of cutFormat(f).names) if (!PLACEMENT_VARIABLES.has(n) && !out.includes(n)) out.push(n);
  return out;
}

function formatService(format: string): string {
  return format.split(':')[2] ?? '';
}

/** Walk a parameter path through objects; arrays are walked element by element. Leaves: strings and numbers. */
function walk(root: unknown, path: string): string[] {
  let nodes: unknown[] = [root];
  for (const rawSeg of path.split('.')) {
    // `items[]` walks every element (arrays are walked anyway); `items[2]` takes one.
    const m = /^(.*?)(?:\[(\d*)\])?$/.exec(rawSeg);
    const seg = m?.[1] ?? rawSeg;
    const at = m?.[2] ? Number(m[2]) : undefined;
    const next: unknown[] = [];
    const take = (v: unknown): void => {
      if (at === undefined) next.push(v);
      else if (Array.isArray(v) && at < v.length) next.push(v[at]);
    };
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const n of node) visit(n);
        return;
      }
      if (!isRecord(node)) return;
      if (Object.hasOwn(node, seg)) {
        take(node[seg]);
        return;
      }
      const want = normalizeKey(seg);
      for (const k of Object.keys(node)) {
        if (normalizeKey(k) === want) {
          take(node[k]);
          return;
        }
      }
    };
    for (const n of nodes) visit(n);
    nodes = next;
  }
  const out: string[] = [];
  const leaf = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) leaf(x);
    else if (typeof v === 'string' && v !== '') out.push(v);
    else if (typeof v === 'number' && Number.isFinite(v)) out.push(String(v));
  };
  for (const n of nodes) leaf(n);
  return out;
}

function applyTransforms(value: string, transforms: string[] | undefined): string {
  let v = value;
  for (const t of transforms ?? []) {
    if (t === 'strip-query') {
      const i = v.indexOf('?');
      if (i >= 0) v = v.slice(0, i);
    } else if (t === 'uri-decode') {
      try {
        v = decodeURIComponent(v.replace(/\+/g, '%20'));
      } catch {
        // Not valid percent-encoding: keep the text as recorded.
      }
    } else if (t.startsWith('before:')) {
      const i = v.indexOf(t.slice('before:'.length));
      if (i >= 0) v = v.slice(0, i);
    }
  }
  return v;
}

/** How a message names where a value came from: `roleName`, `secretIdList[0]`, `path and roleName`. */
function label(src: ResourceArnSourceSpec, r: Resolution): string {
  if (src.path === '$value' && r.selector?.kind === 'param') return r.selector.path;
  const lastSegment = (p: string): string =>
    p
      .replace(/^response:/, '')
      .split('.')
      .pop() ?? p;
  if (src.template !== undefined) {
    const params = [...src.template.matchAll(/\$\{([^}]+)\}/g)].map((m) => lastSegment(m[1] ?? ''));
    return params.join(' and ');
  }
  return lastSegment(src.path ?? '').replace(/\[\]$/, '');
}

const regexCache = new Map<string, RegExp>();

/** A pattern of the table, compiled once; `whole` anchors it to the whole value. */
function regex(pattern: string, whole: boolean): RegExp {
  const key = `${whole ? 'A' : 'U'}${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    re = whole ? new RegExp(`^(?:${pattern})$`, 's') : new RegExp(pattern);
    regexCache.set(key, re);
  }
  return re;
}

/** Which resource types of the action's service an ARN fits, most specific first. */
function classify(
  arn: string,
  among: Iterable<TypeModel>,
): { model: TypeModel; values: Record<string, string> }[] {
  const parsed = parseArn(arn);
  if (!parsed) return [];
  const hits: { model: TypeModel; values: Record<string, string>; score: number }[] = [];
  for (const m of among) {
    for (const alt of m.alts) {
      if (alt.service !== parsed.service || !parsed.resource.startsWith(alt.prefix)) continue;
      const values = matchTemplate(arn, alt.format, m.entry?.patterns);
      if (values) {
        hits.push({ model: m, values, score: m.typeVars.length * 10_000 + alt.specificity });
        break;
      }
    }
  }
  return hits.sort((a, b) => b.score - a.score);
}

/** Which resource type of the service an ARN is, most specific first: only types whose format could fit. */
function classifyInService(
  r: Resolution,
  arn: string,
): { model: TypeModel; values: Record<string, string> }[] {
  const parsed = parseArn(arn);
  if (!parsed) return [];
  const fitting: TypeModel[] = [];
  for (const st of staticTypes(r.data, r.service).values()) {
    if (!st.alts.some((a) => a.service === parsed.service && parsed.resource.startsWith(a.prefix))) continue;
    const m = modelFor(r, st.key, st.key, false);
    if (m) fitting.push(m);
  }
  return classify(arn, fitting);
}

function modelFor(r: Resolution, key: string, name: string, required: boolean): TypeModel | undefined {
  const k = lower(key);
  const cached = r.models.get(k);
  if (cached) return cached;
  const st = staticTypes(r.data, r.service).get(k);
  if (!st) return undefined;
  const m: TypeModel = { ...st, name, required, entry: pickEntry(r, k), rejected: [] };
  r.models.set(k, m);
  return m;
}

/** Models of the types the applicable entries name (for explanations). */
function modelsWithEntries(r: Resolution): TypeModel[] {
  const out: TypeModel[] = [];
  for (const key of new Set(r.entries.map((e) => lower(e.resourceType)))) {
    const m = modelFor(r, key, key, false);
    if (m?.entry) out.push(m);
  }
  return out;
}

/** The entries this call may read: by `from`, then `param` paths. */
function applicableEntries(r: Resolution, index: TableIndex): ResourceArnEntry[] {
  const sel = r.selector;
  if (!sel) return [];
  let key: string = sel.kind === 'table' ? 'main' : sel.kind;
  if (sel.kind === 'part') key = `part:${sel.from}`;
  if (sel.kind === 'param')
    key = sel.instanceProfile ? 'instanceProfile' : `param:${normalizePath(sel.path)}`;
  key = `${r.service}\u0000${key}`;
  let list = index.applicable.get(key);
  if (!list) {
    list = selectEntries(index.entries(r.service), sel);
    index.applicable.set(key, list);
  }
  return list;
}

function normalizePath(path: string): string {
  return path
    .split('.')
    .map((s) => normalizeKey(s.replace(/\[\d*\]$/, '')))
    .join('.');
}

function selectEntries(all: ResourceArnEntry[], sel: ResourceSelector): ResourceArnEntry[] {
  if (sel.kind === 'main' || sel.kind === 'table') return all.filter((e) => e.from === undefined);
  if (sel.kind === 'part') return all.filter((e) => e.from === sel.from);
  const params = all.filter((e) => e.from === 'param');
  if (sel.instanceProfile) return params.filter((e) => lower(e.resourceType) === 'instance-profile');
  const want = normalizePath(sel.path);
  const samePath = (p: string): boolean => normalizePath(p) === want;
  const specific = params.filter((e) => e.paramPaths?.some(samePath));
  return specific.length > 0 ? specific : params.filter((e) => !e.paramPaths);
}

function pickEntry(r: Resolution, typeKey: string): ResourceArnEntry | undefined {
  let cache = r.index.picked.get(r.entries);
  if (!cache) {
    cache = new Map();
    r.index.picked.set(r.entries, cache);
  }
  const key = `${typeKey}\u0000${r.action.name}\u0000${r.record.operation}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const forType = r.entries.filter((e) => lower(e.resourceType) === typeKey);
  const actionName = lower(r.action.name);
  const specific = forType.find(
    (e) =>
      e.actions?.some((a) => lower(a) === actionName) || e.operations?.some((o) => o === r.record.operation),
  );
  const entry = specific ?? forType.find((e) => !e.actions && !e.operations);
  cache.set(key, entry ?? null);
  return entry;
}

function readSource(r: Resolution, src: ResourceArnSourceSpec): string[] {
  if (src.template !== undefined) {
    let ok = true;
    const text = src.template.replace(/\$\{([^}]+)\}/g, (_, p: string) => {
      const v = readPath(r, p)[0];
      if (v === undefined) ok = false;
      return v ?? '';
    });
    return ok ? [text] : [];
  }
  return src.path ? readPath(r, src.path) : [];
}

function readPath(r: Resolution, path: string): string[] {
  if (path === '$value') return r.selectedValues;
  if (path.startsWith('$identity.')) {
    const v = (r.record.identity as unknown as Record<string, unknown>)[path.slice('$identity.'.length)];
    return typeof v === 'string' && v !== '' ? [v] : [];
  }
  if (path.startsWith('$resource:')) {
    const m = modelFor(r, path.slice('$resource:'.length), path.slice('$resource:'.length), false);
    if (!m) return [];
    return (r.record.resources ?? [])
      .map((x) => x.arn)
      .filter((a): a is string => !!a && classify(a, [m]).length > 0);
  }
  if (path.startsWith('response:')) return walk(r.record.responseElements, path.slice('response:'.length));
  return walk(r.record.requestParameters, path);
}

function pickVars(values: Record<string, string>, m: TypeModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values))
    if (m.typeVars.includes(k) || PLACEMENT_VARIABLES.has(k)) out[k] = v;
  return out;
}

function fillNote(text: string, lab: string, value: string): string {
  return text.replaceAll('{path}', lab).replaceAll('{value}', value);
}

/** One recorded value -> what it says about the variable `v` of type `m`. */
function bindValue(
  r: Resolution,
  m: TypeModel,
  v: string,
  raw: string,
  src: ResourceArnSourceSpec,
): Binding | undefined {
  if (src.when && !regex(src.when, false).test(raw)) return undefined;
  const value = applyTransforms(raw, src.transforms);
  if (value === '') return undefined;
  const lab = label(src, r);
  const origin = { path: src.path ?? src.template ?? '', label: lab, value };
  const patterns = m.entry?.patterns;
  if (parseArn(value)) {
    // An ARN of this very type: taken whole, as named.
    for (const f of m.formats) {
      const values = matchTemplate(value, f, patterns);
      if (values) return { vars: values, arn: value, notes: [], origin };
    }
    for (const shape of src.shapes ?? []) {
      if (!shape.startsWith('arn:')) continue;
      const values = matchTemplate(value, shape, patterns);
      if (values && v in values) return { vars: pickVars(values, m), notes: [], origin };
    }
    // The ARN of a parent or sibling (a cluster for a service, a function for an alias): the variables it
    // shares. Never a child's: a stream ARN does not name its table for a table action.
    const [best] = classifyInService(r, value);
    if (best && best.model.key !== m.key && !m.typeVars.every((x) => best.model.typeVars.includes(x))) {
      if (best.values[v] !== undefined) return { vars: pickVars(best.values, m), notes: [], origin };
    }
    // The caller's own identity is not something the request named: no message for it.
    if (!src.path?.startsWith('$identity.')) m.rejected.push(`${lab} ${value}`);
    return undefined;
  }
  let b: Binding | undefined;
  if (src.shapes) {
    for (const shape of src.shapes) {
      if (shape.startsWith('arn:')) continue;
      const values = matchTemplate(value, shape, patterns);
      if (values && v in values) {
        b = { vars: pickVars(values, m), notes: [], origin };
        break;
      }
    }
    if (!b) return undefined;
  } else {
    const p = patterns?.[v];
    if (p && !regex(p, true).test(value)) return undefined;
    b = { vars: { [v]: value }, notes: [], origin };
  }
  if (src.suffix && b.vars[v] !== undefined) b.vars[v] += src.suffix;
  if (src.set) Object.assign(b.vars, src.set);
  if (src.gap) b.notes.push(fillNote(src.gap, lab, value));
  return b;
}

function alternatives(r: Resolution, m: TypeModel, v: string): Binding[] {
  const given = r.given[v];
  if (given) {
    return given.map((g) => bindValue(r, m, v, g, { path: '$given' })).filter((b): b is Binding => !!b);
  }
  const sources = m.entry?.variables[v];
  for (const src of sources ?? []) {
    const s = spec(src);
    let values = readSource(r, s);
    if (s.excludeFrom) {
      if (!r.resolveOther) continue;
      const excluded = new Set(r.resolveOther(s.excludeFrom));
      values = values.filter((x) => !excluded.has(x));
      if (values.length !== 1) continue;
    }
    const bound = values.map((raw) => bindValue(r, m, v, raw, s)).filter((b): b is Binding => !!b);
    if (bound.length > 0) return bound;
  }
  const d = m.entry?.defaults?.[v];
  return d !== undefined ? [{ vars: { [v]: d }, notes: [] }] : [];
}

function merge(a: Binding, b: Binding): Binding | undefined {
  for (const [k, val] of Object.entries(b.vars)) if (k in a.vars && a.vars[k] !== val) return undefined;
  if (a.arn && b.arn && a.arn !== b.arn) return undefined;
  const out: Binding = { vars: { ...a.vars, ...b.vars }, notes: [...a.notes, ...b.notes] };
  const arn = a.arn ?? b.arn;
  if (arn) out.arn = arn;
  const origin = a.origin ?? b.origin;
  if (origin) out.origin = origin;
  return out;
}

const MAX_COMBINATIONS = 256;

/** Bindings from the request and response, per the type's entry. */
function bindParameters(r: Resolution, m: TypeModel): Binding[] {
  if (!m.entry && Object.keys(r.given).length === 0) return [];
  const order = [...m.typeVars];
  for (const k of Object.keys(m.entry?.variables ?? {})) if (!order.includes(k)) order.push(k);
  let combos: Binding[] = [{ vars: {}, notes: [] }];
  for (const v of order) {
    if (combos.every((c) => v in c.vars)) continue;
    const alts = alternatives(r, m, v);
    if (alts.length === 0) continue;
    const next: Binding[] = [];
    for (const c of combos) {
      if (v in c.vars) next.push(c);
      else
        for (const a of alts) {
          const merged = merge(c, a);
          if (merged && next.length < MAX_COMBINATIONS) next.push(merged);
        }
    }
    if (next.length > 0) combos = next;
  }
  // A binding that names no type variable says nothing about the resource (placement alone, or nothing).
  const named = combos.filter((c) => m.typeVars.some((x) => x in c.vars));
  if (named.length > 0) return named;
  // Except for a type without variables of its own (`/restapis`): it is whole as soon as its entry applies.
  return m.typeVars.length === 0 && m.entry ? [{ vars: {}, notes: [] }] : [];
}

/** The format alternative a binding fills best: all its variables bound, else the most. */
function chooseFormat(m: TypeModel, b: Binding): { format: string; names: string[]; missing: string[] } {
  let best: { format: string; names: string[]; missing: string[] } | undefined;
  for (const alt of m.alts) {
    const missing = alt.vars.filter((n) => !(n in b.vars));
    if (!best || missing.length < best.missing.length)
      best = { format: alt.format, names: alt.names, missing };
  }
  return best ?? { format: m.formats[0] ?? '*', names: [], missing: [] };
}

function isComplete(m: TypeModel, b: Binding): boolean {
  return b.arn !== undefined || chooseFormat(m, b).missing.length === 0;
}

function consistent(p: Binding, resource: Binding, m: TypeModel): boolean {
  return m.typeVars.every((k) => !(k in p.vars) || p.vars[k] === resource.vars[k]);
}

function accountFor(r: Resolution, format: string): string | undefined {
  const svc = formatService(format);
  const ids = new Set<string>();
  for (const x of r.record.resources ?? []) {
    if (!x.accountId) continue;
    if (x.arn && parseArn(x.arn)?.service !== svc) continue;
    ids.add(x.accountId);
  }
  if (ids.size === 1) return [...ids][0];
  return r.record.recipientAccountId || r.record.identity.accountId || undefined;
}

interface Built {
  arn: string;
  gaps: string[];
}

/** The request parameters that would have named a variable: `tableName`, `queueUrl or queueName`. */
function sourceNames(m: TypeModel, v: string): string {
  const names: string[] = [];
  for (const src of m.entry?.variables[v] ?? []) {
    const s = spec(src);
    // Templates, response elements and $-sources are secondary: the parameter a person looks for is plain.
    if (!s.path || s.path.startsWith('$') || s.path.startsWith('response:')) continue;
    const n = s.path
      .split('.')
      .pop()
      ?.replace(/\[\d*\]$/, '');
    if (n && !names.includes(n)) names.push(n);
  }
  return names.length > 0 ? names.join(' or ') : v;
}

/** An explanation when the parameter named a resource of a type the action does not take (an alias for a key). */
function explain(r: Resolution, m: TypeModel): { binding: Binding; text: string } | undefined {
  // Only what a parameter this type reads named (keyId holding an alias), never the caller's identity.
  const own = new Set(
    Object.values(m.entry?.variables ?? {})
      .flat()
      .map((src) => spec(src).path)
      .filter((p): p is string => !!p && !p.startsWith('$identity.')),
  );
  // What a `param:`/`instanceProfile:` resourceFrom selected is, by definition, what the call named.
  if (r.selector?.kind === 'param') own.add('$value');
  for (const other of modelsWithEntries(r)) {
    if (other.key === m.key || !other.entry) continue;
    if (r.action.resourceTypes.some((t) => lower(t.name) === other.key)) continue;
    for (const b of bindParameters(r, other)) {
      if (!isComplete(other, b) || !b.origin || !own.has(b.origin.path)) continue;
      const otherArn = b.arn ?? build(r, other, b, false).arn;
      let named = 'the request names';
      if (b.origin)
        named =
          b.origin.value === otherArn
            ? `${b.origin.label} names`
            : `${b.origin.label} ${b.origin.value} names`;
      const hint = other.entry.hint ? `: ${other.entry.hint}` : '';
      return {
        binding: b,
        text: `${named} the ${r.service} ${other.key} ${otherArn}, not a ${m.name}${hint}`,
      };
    }
  }
  return undefined;
}

function build(r: Resolution, m: TypeModel, b: Binding, withGaps = true): Built {
  if (b.arn) return { arn: b.arn, gaps: b.notes.map((n) => `${n}; used ${b.arn}`) };
  const { format, names, missing } = chooseFormat(m, b);
  const values: Record<string, string | undefined> = { ...b.vars };
  const gaps: string[] = [];
  const region = r.record.region || undefined;
  values.Partition ??= partitionForRegion(b.vars.Region ?? region);
  values.Region ??= region;
  values.Account ??= accountFor(r, format);
  const arn = fillArnFormat(format, values);
  if (!withGaps) return { arn, gaps };
  const used = `; used ${arn}`;
  if (missing.length > 0) {
    if (!r.selector) {
      gaps.push(`the ${r.service} ${m.name} was not read${used}`);
    } else if (!m.entry && Object.keys(r.given).length === 0) {
      gaps.push(`no parameter of ${r.record.operation} is known to name the ${r.service} ${m.name}${used}`);
    } else {
      const parts = missing.map((v) => m.entry?.missing?.[v] ?? `${sourceNames(m, v)} not recorded`);
      const rejected = m.rejected.map((x) => `${x} is not the ARN of a ${r.service} ${m.name}`);
      gaps.push([...new Set([...rejected, ...parts])].join('; ') + used);
    }
  }
  if (names.includes('Region') && values.Region === undefined) gaps.push(`awsRegion not recorded${used}`);
  if (names.includes('Account') && values.Account === undefined) gaps.push(`account not recorded${used}`);
  for (const n of b.notes) gaps.push(`${n}${used}`);
  return { arn, gaps };
}

function resolveWith(
  index: TableIndex,
  data: ServiceData,
  record: ActivityRecord,
  call: ActionCall,
  nested = false,
): ResourceResolution {
  const parts = splitAction(call.action);
  const action = parts ? data.action(parts[0], parts[1]) : undefined;
  if (!parts || !action) {
    return {
      resources: ['*'],
      gaps: [`${call.action} is not in the service data, so its resources were not resolved; used *`],
    };
  }
  if (action.resourceTypes.length === 0) return { resources: ['*'], gaps: [] };

  const selector = parseResourceFrom(call.resourceFrom);
  const r: Resolution = {
    record,
    data,
    index,
    service: action.service,
    action,
    selector,
    selectedValues: [],
    given: {},
    entries: [],
    models: new Map(),
  };
  const gaps: string[] = [];
  if (!selector)
    gaps.push(
      `unknown resourceFrom "${call.resourceFrom}" for ${action.action}: nothing was read from the request`,
    );
  if (selector?.kind === 'param') {
    r.selectedValues = readPath(r, selector.path);
    if (r.selectedValues.length === 0) gaps.push(`${selector.path} not recorded for ${action.action}`);
  }
  if (selector?.kind === 'table') {
    r.given.TableName = [selector.table];
    if (selector.index) r.given.IndexName = [selector.index];
  }
  if (!nested) {
    r.resolveOther = (from) =>
      resolveWith(index, data, record, { ...call, resourceFrom: from }, true).resources;
  }
  r.entries = applicableEntries(r, index);

  const candidates: TypeModel[] = [];
  for (const t of action.resourceTypes) {
    const m = modelFor(r, t.name, t.name, t.required);
    if (m) {
      m.required = t.required;
      m.name = t.name;
      candidates.push(m);
    }
  }
  if (candidates.length === 0) {
    gaps.push(`the service data has no ARN format for the resource types of ${action.action}; used *`);
    return { resources: ['*'], gaps };
  }

  // resources[]: each ARN goes to the most specific candidate type it fits.
  const fromResources = new Map<string, Binding[]>();
  if (selector) {
    for (const x of record.resources ?? []) {
      if (!x.arn) continue;
      const [best] = classify(x.arn, candidates);
      if (!best) continue;
      const list = fromResources.get(best.model.key) ?? [];
      if (!list.some((b) => b.arn === x.arn)) list.push({ vars: best.values, arn: x.arn, notes: [] });
      fromResources.set(best.model.key, list);
    }
  }

  const bindings = new Map<string, Binding[]>();
  for (const m of candidates) {
    const fromParams = selector ? bindParameters(r, m) : [];
    const listed = fromResources.get(m.key) ?? [];
    let chosen = fromParams;
    if (listed.length > 0) {
      if (fromParams.length > 0) {
        const agreeing = listed.filter((x) => fromParams.some((p) => consistent(p, x, m)));
        const others = fromParams.filter((p) => !agreeing.some((x) => consistent(p, x, m)));
        if (agreeing.length > 0) chosen = [...agreeing, ...others];
        // The call's own parameters disagree with resources[]: for its main resource, trust resources[]
        // (an access point alias in bucketName); for a named part (a copy source), only the parameter says which.
        else if (selector?.kind === 'main') chosen = listed;
      } else if (selector?.kind === 'main') chosen = listed;
    }
    bindings.set(m.key, chosen);
  }

  const complete = candidates.filter((m) => (bindings.get(m.key) ?? []).some((b) => isComplete(m, b)));
  const dropped = new Set<string>();
  for (const m of complete) {
    if (dropped.has(m.key)) continue;
    for (const s of m.entry?.supersedes ?? []) dropped.add(lower(s));
  }
  const chosen: TypeModel[] = complete.filter((m) => !dropped.has(m.key));
  for (const m of candidates) {
    if ((m.required || m.entry?.alwaysTouched) && !chosen.includes(m) && !dropped.has(m.key)) chosen.push(m);
  }
  if (chosen.length === 0) {
    // Nothing whole: the types something was recovered for, the most recovered first.
    const scored = candidates
      .map((m) => ({
        m,
        n: Math.max(
          0,
          ...(bindings.get(m.key) ?? []).map((b) => m.typeVars.filter((v) => v in b.vars).length),
        ),
      }))
      .filter((x) => x.n > 0);
    const top = Math.max(0, ...scored.map((x) => x.n));
    const partial = scored.filter((x) => x.n === top).map((x) => x.m);
    const partialDropped = new Set(partial.flatMap((m) => (m.entry?.supersedes ?? []).map(lower)));
    chosen.push(...partial.filter((m) => !partialDropped.has(m.key)));
  }
  if (chosen.length === 0) {
    // Nothing recovered at all: the one type this action plainly means, if there is one.
    // A type whose entry supersedes another candidate is a specialisation (an access point object of an
    // object): the plain type is the one meant.
    const withEntry = candidates.filter((m) => m.entry);
    const plain = withEntry.filter(
      (m) => !(m.entry?.supersedes ?? []).some((s) => withEntry.some((o) => o.key === lower(s))),
    );
    const only = plain.length === 1 ? plain[0] : candidates.length === 1 ? candidates[0] : undefined;
    if (!only) {
      gaps.push(
        `nothing recorded tells which of the ${candidates.length} resource types of ${action.action} this call touched; used *`,
      );
      return { resources: ['*'], gaps };
    }
    chosen.push(only);
  }

  const resources = new Set<string>();
  for (const m of chosen) {
    const all = bindings.get(m.key) ?? [];
    const whole = all.filter((b) => isComplete(m, b));
    const usable: Binding[] = whole.length > 0 ? whole : all.length > 0 ? all : [{ vars: {}, notes: [] }];
    for (const b of usable) {
      const nothingNamed = !b.arn && !m.typeVars.some((v) => v in b.vars);
      let binding = b;
      let explanation: string | undefined;
      if (nothingNamed && selector) {
        const ex = explain(r, m);
        if (ex) {
          const narrowed: Record<string, string> = { ...b.vars };
          for (const k of ['Partition', 'Region', 'Account']) {
            const val = ex.binding.vars[k];
            if (val !== undefined && val !== '') narrowed[k] = val;
          }
          binding = { ...b, vars: narrowed };
          explanation = ex.text;
        }
      }
      const built = build(r, m, binding);
      resources.add(built.arn);
      if (explanation) gaps.push(`${explanation}; used ${built.arn}`);
      else gaps.push(...built.gaps);
    }
  }
  return { resources: [...resources].sort(), gaps: [...new Set(gaps)] };
}

export interface ResourceResolverOptions {
  /** The table to read; the packaged data/resource-arns.json by default. */
  table?: ResourceArnTable;
  data?: ServiceData;
}

export type ResourceResolver = (record: ActivityRecord, call: ActionCall) => ResourceResolution;

/** A resolver over a given table and service data (tests inject tiny ones). */
export function createResourceResolver(options: ResourceResolverOptions = {}): ResourceResolver {
  const index = new TableIndex(options.table ?? resourceArnTable());
  const data = options.data ?? serviceData();
  return (record, call) => resolveWith(index, data, record, call);
}

const resolvers = new WeakMap<ServiceData, ResourceResolver>();

/**
 * The resource ARNs an IAM action of a call needs, with what could not be recovered.
 * `['*']` only for actions that accept nothing else, or when nothing at all tells the resource (said in gaps).
 */
export function resolveResources(
  record: ActivityRecord,
  call: ActionCall,
  data: ServiceData = serviceData(),
): ResourceResolution {
  let resolver = resolvers.get(data);
  if (!resolver) {
    resolver = createResourceResolver({ data });
    resolvers.set(data, resolver);
  }
  return resolver(record, call);
}
