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
import type { ActivityRecord, RecordResource } from '../normalize/activity-record.js';
import { escapeIamLiteral, unescapeIamLiteral } from '../policy/literal.js';
import { innerMap } from '../util/maps.js';
import {
  arnColons,
  cutFormat,
  formatAlternatives,
  formatSpecificity,
  isArn,
  PLACEMENT_VARIABLES,
  partitionForRegion,
  type TemplateMatcher,
  templateMatcher,
} from './arn.js';
import { type AnswerKey, DirectProbe, listKey, OPERATION, Query, REGION, type RecordProbe } from './probe.js';
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
//
// The engine reads the record only through queries (probe.ts): pure functions of the record with exact
// keys, so that `mapOperation` can be memoised on what it read (query-memo.ts). Everything that depends
// only on the tables, the service data, the action, the selector and the operation is worked out once per
// such combination (a `Plan`): the applicable entries, the type models with their chosen entry, compiled
// formats, sources and patterns.

const lower = (s: string): string => s.toLowerCase();
/** Parameter names as CloudTrail, SDKs and traces spell them: `tableName`, `TableName`, `table_name`. */
const normalizeKey = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `normalizeKey(key) === want`, without building the normalised key for ASCII keys. */
function normalizedEquals(key: string, want: string): boolean {
  let j = 0;
  for (let i = 0; i < key.length; i++) {
    let c = key.charCodeAt(i);
    if (c === 0x5f || c === 0x2d) continue;
    if (c > 0x7f) return normalizeKey(key) === want;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    // Every character so far was ASCII and maps to itself lower-cased (or to nothing): a difference here is final.
    if (j >= want.length || want.charCodeAt(j) !== c) return false;
    j++;
  }
  return j === want.length;
}

/**
 * What the evidence says of one resource of a type. One shape for every binding, and the variables as a
 * list by the type's slots (`TypeModel.slots`): reading them is a load by index, whatever the type.
 */
class Binding {
  constructor(
    /**
     * Per slot of the model (`TypeModel.slots`): the type variables and placement variables (`Partition`,
     * `Region`, `Account`) recovered, undefined where nothing was.
     */
    readonly vals: (string | undefined)[],
    /** The ARN exactly as the evidence named it, when it names the whole resource. */
    readonly arn: string | undefined,
    public notes: string[],
    /** The source and value the binding came from, for messages (the label is the resolution's: `labelOf`). */
    readonly source: Source | undefined,
    readonly value: string,
  ) {}
}

/** One format alternative of a resource type, cut once. */
interface FormatAlternative {
  format: string;
  /** All variable names, placement included, in order, and the literal text around them (`cutFormat`). */
  names: string[];
  literals: string[];
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

/** One source of a variable, compiled for its entry. */
interface Source {
  spec: ResourceArnSourceSpec;
  /** `src.path ?? src.template ?? ''`: the origin path in bindings. */
  originPath: string;
  /** How messages name where the value came from (for `$value`, the selector's path decides). */
  label: string;
  isValue: boolean;
  /** A pure read (no `$value`, no `$resource:`): one query gives the values, prepared or raw. */
  query: Query<string[]> | undefined;
  /** A template that reads `$value` or `$resource:`: its literals and paths, read by the engine. */
  template: { literals: string[]; paths: string[] } | undefined;
  when: RegExp | undefined;
  /**
   * Compiled shapes, in order; undefined when the source has none. `slots`: per name of the shape, its slot
   * in the model when it is a type or placement variable, else -1; `hasVar`: the shape names the variable.
   */
  shapes: { arn: boolean; matcher: TemplateMatcher; slots: number[]; hasVar: boolean }[] | undefined;
  /** `spec.set` as slots and values, in order. */
  set: [number, string][] | undefined;
}

/** A resource type as one plan sees it. */
interface TypeModel extends StaticType {
  /** As the action lists it. */
  name: string;
  required: boolean;
  entry: ResourceArnEntry | undefined;
  /** `alts`, compiled with the entry's patterns. */
  matchers: TemplateMatcher[];
  /** Variables in the order they are bound: the type's, then the entry's other ones. */
  order: string[];
  /**
   * The variables a binding of this type can hold, by slot: `order` (so the type's own variables are slots
   * `0..typeVars.length-1`), then the placement variables and the names sources `set` that are not in it.
   */
  slots: string[];
  slotOf: Map<string, number>;
  /** Slots of `Partition`, `Region`, `Account`. */
  partitionSlot: number;
  regionSlot: number;
  accountSlot: number;
  /** Per format alternative: the slot of each of its `names`, and of each of its `vars`. */
  altNameSlots: number[][];
  altVarSlots: number[][];
  /** A list of `slots.length` undefined values, copied for a new binding. */
  blank: undefined[];
  /** The entry's sources per variable of `order` (by index). */
  sourcesAt: Source[][];
  /** The entry's default per variable of `order` (by index). */
  defaultsAt: (string | undefined)[];
  /** The entry's `supersedes`, lower case (the keys of the types it drops). */
  drops: string[];
  /** data/evaluated-arns.json's entry for this type (null: none), once looked up. */
  evaluated: EvaluatedArnEntry | null | undefined;
  /** The entry's sources per variable. */
  sources: Map<string, Source[]>;
  /** The parameter paths the entry reads, but the caller's identity (for explanations). */
  own: Set<string>;
  /** `sourceNames`, per variable. */
  names: Map<string, string>;
  /** The entry's patterns, compiled to match a whole value. */
  checks: Map<string, RegExp>;
}

/** What is fixed for an action, a kind of selector and an operation. */
class Plan {
  readonly service: string;
  readonly entries: ResourceArnEntry[];
  readonly candidates: TypeModel[] = [];
  readonly selectsParam: boolean;
  private readonly models = new Map<string, TypeModel | null>();
  private readonly pathModels = new Map<string, TypeModel | null>();
  private entryModels: TypeModel[] | undefined;
  /** Per candidate: the index of the first candidate of the same model (a type the action lists twice). */
  readonly firstOf: number[] = [];
  /** Some type is listed twice. */
  readonly listedTwice: boolean;
  /** The last ARN `classifyInService` was asked about for this plan, and its answer. */
  classifiedArn: string | undefined = undefined;
  classified: Classified | undefined = undefined;

  constructor(
    private readonly data: ServiceData,
    readonly action: ActionInfo,
    selector: ResourceSelector | undefined,
    entries: ResourceArnEntry[],
    private readonly operation: string | undefined,
  ) {
    this.service = action.service;
    this.entries = entries;
    this.selectsParam = selector?.kind === 'param';
    for (const t of action.resourceTypes) {
      const m = this.model(t.name);
      if (m) {
        m.required = t.required;
        m.name = t.name;
        this.candidates.push(m);
      }
    }
    for (const m of this.candidates) this.firstOf.push(this.candidates.indexOf(m));
    this.listedTwice = this.firstOf.some((first, i) => first !== i);
  }

  /** The model a `$resource:<type>` path names, or undefined when the service data has no such type. */
  modelOfPath(path: string): TypeModel | undefined {
    let m = this.pathModels.get(path);
    if (m === undefined) {
      m = this.model(path.slice('$resource:'.length)) ?? null;
      this.pathModels.set(path, m);
    }
    return m ?? undefined;
  }

  /** The model of a type of this service, or undefined when the service data has no such type. */
  model(key: string): TypeModel | undefined {
    const k = lower(key);
    const cached = this.models.get(k);
    if (cached !== undefined) return cached ?? undefined;
    const st = staticTypes(this.data, this.service).get(k);
    if (!st) {
      this.models.set(k, null);
      return undefined;
    }
    const entry = this.pickEntry(k);
    const order = [...st.typeVars];
    for (const v of Object.keys(entry?.variables ?? {})) if (!order.includes(v)) order.push(v);
    const slots = [...order];
    const slotOf = new Map<string, number>();
    const slot = (name: string): number => {
      let at = slotOf.get(name);
      if (at === undefined) {
        at = slots.indexOf(name);
        if (at < 0) at = slots.push(name) - 1;
        slotOf.set(name, at);
      }
      return at;
    };
    for (const v of order) slot(v);
    for (const v of PLACEMENT_VARIABLES) slot(v);
    for (const list of Object.values(entry?.variables ?? {}))
      for (const src of list) for (const name of Object.keys(spec(src).set ?? {})) slot(name);
    const typeVarCount = st.typeVars.length;
    /** The slot a matched name is kept in: a type or placement variable's, else -1 (not kept). */
    const picked = (name: string): number => {
      const at = slotOf.get(name);
      return at !== undefined && (at < typeVarCount || PLACEMENT_VARIABLES.has(name)) ? at : -1;
    };
    const sources = new Map<string, Source[]>();
    const own = new Set<string>();
    for (const [v, list] of Object.entries(entry?.variables ?? {})) {
      sources.set(
        v,
        list.map((src) => compileSource(spec(src), entry?.patterns, v, picked, slot)),
      );
      for (const src of list) {
        const p = spec(src).path;
        if (p && !p.startsWith('$identity.')) own.add(p);
      }
    }
    const checks = new Map<string, RegExp>();
    for (const [v, p] of Object.entries(entry?.patterns ?? {})) if (p) checks.set(v, regex(p, true));
    const altNameSlots = st.alts.map((a) => a.names.map(slot));
    const altVarSlots = st.alts.map((a) => a.vars.map(slot));
    const blank: undefined[] = [];
    for (let i = 0; i < slots.length; i++) blank.push(undefined);
    const m: TypeModel = {
      ...st,
      name: key,
      required: false,
      entry,
      matchers: st.alts.map((a) => templateMatcher(a.format, entry?.patterns)),
      order,
      slots,
      slotOf,
      partitionSlot: slot('Partition'),
      regionSlot: slot('Region'),
      accountSlot: slot('Account'),
      altNameSlots,
      altVarSlots,
      blank,
      sourcesAt: order.map((v) => sources.get(v) ?? []),
      defaultsAt: order.map((v) => entry?.defaults?.[v]),
      drops: (entry?.supersedes ?? []).map(lower),
      evaluated: undefined,
      sources,
      own,
      names: new Map(),
      checks,
    };
    this.models.set(k, m);
    return m;
  }

  /** Models of the types the applicable entries name (for explanations). */
  modelsWithEntries(): TypeModel[] {
    if (!this.entryModels) {
      this.entryModels = [];
      for (const key of new Set(this.entries.map((e) => lower(e.resourceType)))) {
        const m = this.model(key);
        if (m?.entry) this.entryModels.push(m);
      }
    }
    return this.entryModels;
  }

  private pickEntry(typeKey: string): ResourceArnEntry | undefined {
    const forType = this.entries.filter((e) => lower(e.resourceType) === typeKey);
    const actionName = lower(this.action.name);
    const specific = forType.find(
      (e) =>
        e.actions?.some((a) => lower(a) === actionName) || e.operations?.some((o) => o === this.operation),
    );
    return specific ?? forType.find((e) => !e.actions && !e.operations);
  }
}

interface Resolution {
  probe: RecordProbe;
  engine: Engine;
  plan: Plan;
  call: ActionCall;
  service: string;
  action: ActionInfo;
  selector: ResourceSelector | undefined;
  selectedValues: string[];
  given: Record<string, string[]>;
  /** `given` holds something. */
  hasGiven: boolean;
  /** Inside the resolution of another part of the same call: no further nesting. */
  nested: boolean;
  /** Per model: values that were ARNs of something else, for the gap. */
  rejected: Map<TypeModel, string[]> | undefined;
}

class TableIndex {
  private readonly byService = new Map<string, ResourceArnEntry[]>();
  /** Applicable entries per service and selector. */
  readonly applicable = new Map<string, ResourceArnEntry[]>();
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

/** A table and a service data, with the plans worked out so far. */
class Engine {
  private readonly plans = new Map<ActionInfo, Map<string | undefined, Map<string | undefined, Plan>>>();
  private readonly actions = new Map<string, ActionInfo | null>();
  private planCount = 0;

  constructor(
    readonly index: TableIndex,
    readonly data: ServiceData,
  ) {}

  /** The service data's action for `service:Name`, or undefined. */
  action(name: string): ActionInfo | undefined {
    let info = this.actions.get(name);
    if (info === undefined) {
      const parts = splitAction(name);
      info = (parts ? this.data.action(parts[0], parts[1]) : undefined) ?? null;
      if (this.actions.size > 10_000) this.actions.clear();
      this.actions.set(name, info);
    }
    return info ?? undefined;
  }

  plan(action: ActionInfo, selector: SelectorOf, operation: string | undefined): Plan {
    if (this.planCount > 10_000) {
      this.plans.clear();
      this.planCount = 0;
    }
    const byKind = innerMap(this.plans, action);
    const byOperation = innerMap(byKind, selector.key);
    let plan = byOperation.get(operation);
    if (!plan) {
      const entries =
        selector.key === undefined
          ? []
          : applicableEntries(this.index, action.service, selector.key, selector.selector);
      plan = new Plan(this.data, action, selector.selector, entries, operation);
      byOperation.set(operation, plan);
      this.planCount++;
    }
    return plan;
  }
}

const staticByData = new WeakMap<ServiceData, Map<string, Map<string, StaticType>>>();

/** The resource types of a service, cut once per service data. */
function staticTypes(data: ServiceData, service: string): Map<string, StaticType> {
  const byService = innerMap(staticByData, data);
  const s = lower(service);
  let types = byService.get(s);
  if (!types) {
    types = new Map();
    for (const info of data.resourceTypes(s)) {
      const formats = formatAlternatives(info.arn);
      const alts = formats.map((format): FormatAlternative => {
        const { names, literals } = cutFormat(format);
        const parts = format.split(':');
        const resource = parts.slice(5).join(':');
        const at = resource.indexOf('${');
        return {
          format,
          names,
          literals,
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

// ---------------------------------------------------------------------------------------------------------
// Reading the record: pure functions, asked as queries

interface WalkStep {
  seg: string;
  want: string;
  /** `items[2]` takes one element; `items[]` and `items` walk them all. */
  at: number | undefined;
}

const walkSteps = new Map<string, WalkStep[]>();

function compileWalk(path: string): WalkStep[] {
  let steps = walkSteps.get(path);
  if (!steps) {
    steps = path.split('.').map((rawSeg) => {
      const m = /^(.*?)(?:\[(\d*)\])?$/.exec(rawSeg);
      const seg = m?.[1] ?? rawSeg;
      return { seg, want: normalizeKey(seg), at: m?.[2] ? Number(m[2]) : undefined };
    });
    if (walkSteps.size > 10_000) walkSteps.clear();
    walkSteps.set(path, steps);
  }
  return steps;
}

function takeStep(v: unknown, step: WalkStep, next: unknown[]): void {
  if (step.at === undefined) next.push(v);
  else if (Array.isArray(v) && step.at < v.length) next.push(v[step.at]);
}

function visitStep(node: unknown, step: WalkStep, next: unknown[]): void {
  if (Array.isArray(node)) {
    for (const n of node) visitStep(n, step, next);
    return;
  }
  if (!isRecord(node)) return;
  if (Object.hasOwn(node, step.seg)) {
    takeStep(node[step.seg], step, next);
    return;
  }
  for (const k in node) {
    if (Object.hasOwn(node, k) && normalizedEquals(k, step.want)) {
      takeStep(node[k], step, next);
      return;
    }
  }
}

function collectLeaves(v: unknown, out: string[]): void {
  if (Array.isArray(v)) for (const x of v) collectLeaves(x, out);
  else if (typeof v === 'string' && v !== '') out.push(v);
  else if (typeof v === 'number' && Number.isFinite(v)) out.push(String(v));
}

/** Walk a parameter path through objects; arrays are walked element by element. Leaves: strings and numbers. */
function walk(root: unknown, path: string): string[] {
  let nodes: unknown[] = [root];
  for (const step of compileWalk(path)) {
    const next: unknown[] = [];
    for (const n of nodes) visitStep(n, step, next);
    nodes = next;
  }
  const out: string[] = [];
  for (const n of nodes) collectLeaves(n, out);
  return out;
}

/** A read that is a function of the record alone: not `$value` (the selector's) nor `$resource:` (typed). */
function isPurePath(path: string): boolean {
  return path !== '$value' && !path.startsWith('$resource:');
}

/** `readPath` for a pure path. */
function readPure(record: ActivityRecord, path: string): string[] {
  if (path.startsWith('$identity.')) {
    const v = (record.identity as unknown as Record<string, unknown>)[path.slice('$identity.'.length)];
    return typeof v === 'string' && v !== '' ? [v] : [];
  }
  if (path.startsWith('response:')) return walk(record.responseElements, path.slice('response:'.length));
  return walk(record.requestParameters, path);
}

const TEMPLATE_PLACEHOLDER = /\$\{([^}]+)\}/g;

/** `a${p}b${q}` -> literals `['a', 'b', '']` and paths `['p', 'q']`. */
function cutTemplate(template: string): { literals: string[]; paths: string[] } {
  const literals: string[] = [];
  const paths: string[] = [];
  let last = 0;
  for (const m of template.matchAll(TEMPLATE_PLACEHOLDER)) {
    literals.push(template.slice(last, m.index));
    paths.push(m[1] ?? '');
    last = m.index + m[0].length;
  }
  literals.push(template.slice(last));
  return { literals, paths };
}

/** A template's text from the first value of each path, or none when a path has none. */
function fillTemplate(
  cut: { literals: string[]; paths: string[] },
  read: (path: string) => string[],
): string[] {
  let ok = true;
  let text = cut.literals[0] as string;
  for (let i = 0; i < cut.paths.length; i++) {
    const v = read(cut.paths[i] as string)[0];
    if (v === undefined) ok = false;
    text += (v ?? '') + cut.literals[i + 1];
  }
  return ok ? [text] : [];
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

/**
 * What the record gave, as text inside resource patterns (`*` -> `${*}`...: policy/literal.ts), so that
 * an ARN built from it grants that resource alone. The engine reads every record value through this; the
 * wildcards in what it builds are the table's and the format's own. The list itself when nothing changes.
 */
function escapeAll(values: string[]): string[] {
  let out: string[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as string;
    const e = escapeIamLiteral(v);
    if (e === v) continue;
    out ??= values.slice();
    out[i] = e;
  }
  return out ?? values;
}

/**
 * The values a source gives once its `when` test and transforms are applied; empty ones are dropped.
 * `escaped`: the values are escaped already (read through the engine): the test and the transforms read the
 * text they stand for, and what they leave is escaped again.
 */
function prepareAll(
  raw: readonly string[],
  spec: ResourceArnSourceSpec,
  when: RegExp | undefined,
  escaped: boolean,
): string[] {
  if (!when && !spec.transforms) return raw.includes('') ? raw.filter((v) => v !== '') : (raw as string[]);
  const out: string[] = [];
  for (const r of raw) {
    const text = escaped ? unescapeIamLiteral(r) : r;
    if (when && !when.test(text)) continue;
    const v = applyTransforms(text, spec.transforms);
    if (v !== '') out.push(escaped ? escapeIamLiteral(v) : v);
  }
  return out;
}

/** The values of a pure source: raw (for `excludeFrom`, which filters raw values) or prepared. */
class SourceQuery extends Query<string[]> {
  private readonly template: { literals: string[]; paths: string[] } | undefined;
  private readonly when: RegExp | undefined;
  /** A plain one-segment request parameter, no test, no transform: the common case, keyed without walking. */
  private readonly simple: string | undefined;

  constructor(
    private readonly spec: ResourceArnSourceSpec,
    private readonly prepared: boolean,
  ) {
    super(`source:${JSON.stringify([spec.path, spec.template, spec.when, spec.transforms, prepared])}`);
    this.template = spec.template === undefined ? undefined : cutTemplate(spec.template);
    this.when = prepared && spec.when ? regex(spec.when, false) : undefined;
    const p = spec.path;
    this.simple =
      spec.template === undefined &&
      p !== undefined &&
      !this.when &&
      !(prepared && spec.transforms) &&
      /^[A-Za-z0-9_-]+$/.test(p) &&
      !p.startsWith('$')
        ? p
        : undefined;
  }

  /**
   * The values, escaped (policy/literal.ts): a template's own text (`aws-service-role/*\/...`) is the
   * table's and may hold wildcards; what it reads from the record is escaped before it is filled in (a
   * template takes no `when` test nor transforms: the table's tests say so). A path's `when` test and
   * transforms read the text as the record has it (`prepareAll`).
   */
  run(record: ActivityRecord): string[] {
    const params = record.requestParameters;
    if (this.simple !== undefined && isRecord(params) && Object.hasOwn(params, this.simple)) {
      const v = params[this.simple];
      if (typeof v === 'string') return v === '' ? [] : [escapeIamLiteral(v)];
    }
    if (this.template) {
      const filled = fillTemplate(this.template, (p) => escapeAll(readPure(record, p)));
      return this.prepared ? prepareAll(filled, this.spec, this.when, true) : filled;
    }
    const raw = this.spec.path ? readPure(record, this.spec.path) : [];
    return escapeAll(this.prepared ? prepareAll(raw, this.spec, this.when, false) : raw);
  }

  key(answer: string[]): AnswerKey {
    return listKey(answer);
  }

  override keyOf(record: ActivityRecord): AnswerKey {
    const params = record.requestParameters;
    if (this.simple !== undefined && isRecord(params) && Object.hasOwn(params, this.simple)) {
      const raw = params[this.simple];
      if (typeof raw === 'string') {
        // The key of the escaped answer, as `key(run(record))` would give it.
        const v = escapeIamLiteral(raw);
        return v === '' ? null : v.charCodeAt(0) === 0 ? listKey([v]) : v;
      }
    }
    return listKey(this.run(record));
  }
}

const sourceQueries = new Map<string, SourceQuery>();

function sourceQuery(spec: ResourceArnSourceSpec, prepared: boolean): SourceQuery {
  const key = JSON.stringify([spec.path, spec.template, spec.when, spec.transforms, prepared]);
  let q = sourceQueries.get(key);
  if (!q) {
    q = new SourceQuery(spec, prepared);
    sourceQueries.set(key, q);
  }
  return q;
}

const pathQueries = new Map<string, SourceQuery>();

/** A pure path, raw. */
function pathQuery(path: string): SourceQuery {
  let q = pathQueries.get(path);
  if (!q) {
    q = sourceQuery({ path }, false);
    if (pathQueries.size > 10_000) pathQueries.clear();
    pathQueries.set(path, q);
  }
  return q;
}

/** The ARNs of the record's resources[], in order (those without one left out). */
class ResourceArnsQuery extends Query<string[]> {
  run(record: ActivityRecord): string[] {
    const out: string[] = [];
    const resources = record.resources;
    if (resources == null) return out;
    for (let i = 0; i < resources.length; i++) {
      const arn = (resources[i] as RecordResource).arn;
      if (arn) out.push(escapeIamLiteral(arn));
    }
    return out;
  }
  key(answer: string[]): AnswerKey {
    return listKey(answer);
  }
  /** `listKey(run(record))`, without the list. */
  override keyOf(record: ActivityRecord): AnswerKey {
    const resources = record.resources;
    if (resources == null) return null;
    // Most records name one resource: its key is the ARN itself, and the list's key is built only for more.
    let first: string | undefined;
    let key: string | undefined;
    for (let i = 0; i < resources.length; i++) {
      const raw = (resources[i] as RecordResource).arn;
      if (!raw) continue;
      const arn = escapeIamLiteral(raw);
      if (first === undefined) first = arn;
      else key = `${key ?? `\u0000${first.length}:${first}`}${arn.length}:${arn}`;
    }
    if (first === undefined) return null;
    if (key !== undefined) return key;
    return first.charCodeAt(0) !== 0 ? first : `\u0000${first.length}:${first}`;
  }
}

const RESOURCE_ARNS = new ResourceArnsQuery('resourceArns');

/**
 * The account of an ARN of this service: the one account resources[] gives for it (ARN of the service, or
 * no ARN), else recipientAccountId, else the caller's.
 */
class AccountQuery extends Query<string | undefined> {
  constructor(private readonly service: string) {
    super(`account:${service}`);
  }
  run(record: ActivityRecord): string | undefined {
    let only: string | undefined;
    let several = false;
    for (const x of record.resources ?? []) {
      if (!x.accountId) continue;
      if (x.arn && !arnOfService(x.arn, this.service)) continue;
      if (only === undefined) only = x.accountId;
      else if (only !== x.accountId) several = true;
    }
    if (only !== undefined && !several) return only;
    return record.recipientAccountId || record.identity.accountId || undefined;
  }
  key(answer: string | undefined): AnswerKey {
    return answer;
  }
}

/** `parseArn(arn)?.service === service`. */
function arnOfService(arn: string, service: string): boolean {
  const at = arnColons(arn);
  return at !== undefined && at[1] - at[0] - 1 === service.length && arn.startsWith(service, at[0] + 1);
}

const accountQueries = new Map<string, AccountQuery>();

function accountQuery(service: string): AccountQuery {
  let q = accountQueries.get(service);
  if (!q) {
    q = new AccountQuery(service);
    accountQueries.set(service, q);
  }
  return q;
}

/** How a message names where a value came from: `roleName`, `secretIdList[0]`, `path and roleName`. */
function staticLabel(src: ResourceArnSourceSpec): string {
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

/**
 * A shape as the engine's values read it: they are escaped (`escapeAll`), so the shape's own text is too
 * (a log group ARN's `:*` is `:${*}` in such a value); its `${Var}`s stay.
 */
function escapedShape(shape: string): string {
  const { literals, paths } = cutTemplate(shape);
  let out = escapeIamLiteral(literals[0] as string);
  for (let i = 0; i < paths.length; i++)
    out += `\${${paths[i]}}${escapeIamLiteral(literals[i + 1] as string)}`;
  return out;
}

/**
 * A source of the variable `v` of a model: `picked` gives the slot a matched name is kept in (or -1),
 * `slot` the slot of any name `set` gives.
 */
function compileSource(
  src: ResourceArnSourceSpec,
  patterns: Record<string, string> | undefined,
  v: string,
  picked: (name: string) => number,
  slot: (name: string) => number,
): Source {
  const pure = src.template
    ? cutTemplate(src.template).paths.every(isPurePath)
    : src.path !== undefined && isPurePath(src.path);
  return {
    spec: src,
    originPath: src.path ?? src.template ?? '',
    label: staticLabel(src),
    isValue: src.path === '$value',
    query: pure ? sourceQuery(src, !src.excludeFrom) : undefined,
    template: !pure && src.template !== undefined ? cutTemplate(src.template) : undefined,
    when: src.when ? regex(src.when, false) : undefined,
    shapes: src.shapes?.map((shape) => {
      const matcher = templateMatcher(escapedShape(shape), patterns);
      return {
        arn: shape.startsWith('arn:'),
        matcher,
        slots: matcher.names.map(picked),
        hasVar: matcher.names.includes(v),
      };
    }),
    set: src.set
      ? Object.entries(src.set).map(([name, value]): [number, string] => [slot(name), value])
      : undefined,
  };
}

const GIVEN: Source = {
  spec: { path: '$given' },
  originPath: '$given',
  label: '$given',
  isValue: false,
  query: undefined,
  template: undefined,
  when: undefined,
  shapes: undefined,
  set: undefined,
};

class WalkQuery extends Query<string[]> {
  constructor(private readonly path: string) {
    super(`walk:${path}`);
  }
  run(record: ActivityRecord): string[] {
    return escapeAll(readPure(record, this.path));
  }
  key(answer: string[]): AnswerKey {
    return listKey(answer);
  }
}

const walkQueries = new Map<string, WalkQuery>();

/** The values at a concrete request path (a `param:` selector). */
function walkQuery(path: string): WalkQuery {
  let q = walkQueries.get(path);
  if (!q) {
    q = new WalkQuery(path);
    if (walkQueries.size > 10_000) walkQueries.clear();
    walkQueries.set(path, q);
  }
  return q;
}

// ---------------------------------------------------------------------------------------------------------
// Resolution

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

/** A resource type an ARN fits: the values of the names of the model's format alternative `alt`, in order. */
interface Classified {
  model: TypeModel;
  alt: number;
  list: string[];
  score: number;
}

/** What the classification gives the variable `name` (a name the format lists twice has one value). */
function classifiedValue(c: Classified, name: string): string | undefined {
  const at = (c.model.alts[c.alt] as FormatAlternative).names.indexOf(name);
  return at < 0 ? undefined : c.list[at];
}

/**
 * The resource type of the action's service an ARN fits best: the most specific (the first such), or
 * undefined when it fits none.
 */
function classify(arn: string, among: readonly TypeModel[]): Classified | undefined {
  const at = arnColons(arn);
  if (!at) return undefined;
  const serviceStart = at[0] + 1;
  const serviceLength = at[1] - serviceStart;
  const resourceStart = at[3] + 1;
  let best: Classified | undefined;
  for (let k = 0; k < among.length; k++) {
    const m = among[k] as TypeModel;
    for (let i = 0; i < m.alts.length; i++) {
      const alt = m.alts[i] as FormatAlternative;
      if (
        alt.service.length !== serviceLength ||
        !arn.startsWith(alt.service, serviceStart) ||
        !arn.startsWith(alt.prefix, resourceStart)
      )
        continue;
      const list = (m.matchers[i] as TemplateMatcher).matchList(arn);
      if (list) {
        // The first of the most specific fits (what a stable sort by score would put first).
        const score = m.typeVars.length * 10_000 + alt.specificity;
        if (best === undefined || score > best.score) best = { model: m, alt: i, list, score };
        break;
      }
    }
  }
  return best;
}

/** Which resource type of the service an ARN is, the most specific: only types whose format could fit. */
function classifyInService(r: Resolution, arn: string): Classified | undefined {
  // A pure function of the plan and the ARN, asked again for each variable a source fills: the last
  // answer is kept on the plan (its lists and values are never changed by their users).
  const plan = r.plan;
  if (plan.classifiedArn === arn) return plan.classified;
  const out = classifyFitting(r, arn);
  plan.classifiedArn = arn;
  plan.classified = out;
  return out;
}

function classifyFitting(r: Resolution, arn: string): Classified | undefined {
  const at = arnColons(arn);
  if (!at) return undefined;
  const serviceStart = at[0] + 1;
  const serviceLength = at[1] - serviceStart;
  const resourceStart = at[3] + 1;
  const fitting: TypeModel[] = [];
  for (const st of staticTypes(r.engine.data, r.service).values()) {
    let fits = false;
    for (const a of st.alts) {
      if (
        a.service.length === serviceLength &&
        arn.startsWith(a.service, serviceStart) &&
        arn.startsWith(a.prefix, resourceStart)
      ) {
        fits = true;
        break;
      }
    }
    if (!fits) continue;
    const m = r.plan.model(st.key);
    if (m) fitting.push(m);
  }
  return classify(arn, fitting);
}

/** The entries this call may read: by `from`, then `param` paths. */
function selectorKey(sel: ResourceSelector | undefined): string | undefined {
  if (!sel) return undefined;
  if (sel.kind === 'part') return `part:${sel.from}`;
  if (sel.kind === 'param')
    return sel.instanceProfile ? 'instanceProfile' : `param:${normalizePath(sel.path)}`;
  return 'main';
}

function applicableEntries(
  index: TableIndex,
  service: string,
  kind: string,
  sel: ResourceSelector | undefined,
): ResourceArnEntry[] {
  if (!sel) return [];
  const key = `${service}\u0000${kind}`;
  let list = index.applicable.get(key);
  if (!list) {
    list = selectEntries(index.entries(service), sel);
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

function readPath(r: Resolution, path: string): string[] {
  if (path === '$value') return r.selectedValues;
  if (path.startsWith('$resource:')) {
    const m = r.plan.modelOfPath(path);
    if (!m) return [];
    const arns = r.probe.ask(RESOURCE_ARNS);
    let out: string[] | undefined;
    for (const a of arns) {
      if (!fits(a, m)) continue;
      out ??= [];
      out.push(a);
    }
    return out ?? NO_VALUES;
  }
  return r.probe.ask(pathQuery(path));
}

/** Read-only empty list of values (shared). */
const NO_VALUES: string[] = [];

/** What a resolution is given when no selector names its values (shared, never changed). */
const NO_GIVEN: Record<string, string[]> = {};

/** `classify(arn, [m]).length > 0`, without building the match list. */
function fits(arn: string, m: TypeModel): boolean {
  const at = arnColons(arn);
  if (!at) return false;
  const serviceStart = at[0] + 1;
  const serviceLength = at[1] - serviceStart;
  const resourceStart = at[3] + 1;
  for (let i = 0; i < m.alts.length; i++) {
    const alt = m.alts[i] as FormatAlternative;
    if (
      alt.service.length === serviceLength &&
      arn.startsWith(alt.service, serviceStart) &&
      arn.startsWith(alt.prefix, resourceStart) &&
      (m.matchers[i] as TemplateMatcher).match(arn) !== undefined
    )
      return true;
  }
  return false;
}

/** A source's values, raw (before its `when` test and transforms). */
function readRaw(r: Resolution, s: Source): string[] {
  if (s.query) return r.probe.ask(s.query);
  if (s.template) return fillTemplate(s.template, (p) => readPath(r, p));
  return s.spec.path ? readPath(r, s.spec.path) : [];
}

/** A source's values, prepared (its `when` test and transforms applied, empty values dropped). */
function readPrepared(r: Resolution, s: Source): string[] {
  if (s.query) return r.probe.ask(s.query);
  return prepareAll(readRaw(r, s), s.spec, s.when, true);
}

/** The binding values of a match of the model's own format alternative `alt` (its names, in order). */
function altValues(m: TypeModel, alt: number, list: string[]): (string | undefined)[] {
  const vals = m.blank.slice() as (string | undefined)[];
  const slots = m.altNameSlots[alt] as number[];
  for (let j = 0; j < slots.length; j++) vals[slots[j] as number] = list[j];
  return vals;
}

/**
 * What a match says of the model's variables: only its type and placement variables are kept, by `slots`
 * (per name matched, its slot or -1).
 */
function pickedValues(m: TypeModel, slots: number[], list: string[]): (string | undefined)[] {
  const vals = m.blank.slice() as (string | undefined)[];
  for (let j = 0; j < slots.length; j++) {
    const at = slots[j] as number;
    if (at >= 0) vals[at] = list[j];
  }
  return vals;
}

/** `pickedValues` for a classification as another type (a parent's ARN). */
function pickedFrom(m: TypeModel, c: Classified): (string | undefined)[] {
  const names = (c.model.alts[c.alt] as FormatAlternative).names;
  const vals = m.blank.slice() as (string | undefined)[];
  for (let j = 0; j < names.length; j++) {
    const name = names[j] as string;
    const at = m.slotOf.get(name);
    if (at !== undefined && (at < m.typeVars.length || PLACEMENT_VARIABLES.has(name))) vals[at] = c.list[j];
  }
  return vals;
}

/** How messages name where a value of this source came from. */
function labelOf(r: Resolution, s: Source): string {
  return s.isValue && r.selector?.kind === 'param' ? r.selector.path : s.label;
}

function fillNote(text: string, lab: string, value: string): string {
  return text.replaceAll('{path}', lab).replaceAll('{value}', value);
}

function rejectedOf(r: Resolution, m: TypeModel): string[] {
  r.rejected ??= new Map();
  let list = r.rejected.get(m);
  if (!list) {
    list = [];
    r.rejected.set(m, list);
  }
  return list;
}

/** One recorded value (prepared) -> what it says about the variable `order[at]` of type `m`. */
function bindValue(r: Resolution, m: TypeModel, at: number, value: string, s: Source): Binding | undefined {
  const v = m.order[at] as string;
  if (isArn(value)) {
    // An ARN of this very type: taken whole, as named.
    for (let i = 0; i < m.matchers.length; i++) {
      const list = (m.matchers[i] as TemplateMatcher).matchList(value);
      if (list) return new Binding(altValues(m, i, list), value, NO_NOTES, s, value);
    }
    if (s.shapes) {
      for (const shape of s.shapes) {
        if (!shape.arn || !shape.hasVar) continue;
        const list = shape.matcher.matchList(value);
        if (list) return new Binding(pickedValues(m, shape.slots, list), undefined, NO_NOTES, s, value);
      }
    }
    // The ARN of a parent or sibling (a cluster for a service, a function for an alias): the variables it
    // shares. Never a child's: a stream ARN does not name its table for a table action.
    const best = classifyInService(r, value);
    if (best && best.model.key !== m.key && !m.typeVars.every((x) => best.model.typeVars.includes(x))) {
      if (classifiedValue(best, v) !== undefined)
        return new Binding(pickedFrom(m, best), undefined, NO_NOTES, s, value);
    }
    // The caller's own identity is not something the request named: no message for it.
    if (!s.spec.path?.startsWith('$identity.')) rejectedOf(r, m).push(`${labelOf(r, s)} ${value}`);
    return undefined;
  }
  let b: Binding | undefined;
  if (s.shapes) {
    for (const shape of s.shapes) {
      if (shape.arn || !shape.hasVar) continue;
      const list = shape.matcher.matchList(value);
      if (list) {
        b = new Binding(pickedValues(m, shape.slots, list), undefined, NO_NOTES, s, value);
        break;
      }
    }
    if (!b) return undefined;
  } else {
    const check = m.checks.size === 0 ? undefined : m.checks.get(v);
    if (check && !check.test(value)) return undefined;
    const vals = m.blank.slice() as (string | undefined)[];
    vals[at] = value;
    b = new Binding(vals, undefined, NO_NOTES, s, value);
  }
  const src = s.spec;
  const vals = b.vals;
  if (src.suffix && vals[at] !== undefined) vals[at] += src.suffix;
  if (s.set) for (const [k, x] of s.set) vals[k] = x;
  if (src.gap) b.notes = [fillNote(src.gap, labelOf(r, s), value)];
  return b;
}

function alternatives(r: Resolution, m: TypeModel, at: number): Binding[] {
  const given = r.hasGiven ? r.given[m.order[at] as string] : undefined;
  if (given) {
    const out: Binding[] = [];
    for (const g of given) {
      if (g === '') continue;
      const b = bindValue(r, m, at, g, GIVEN);
      if (b) out.push(b);
    }
    return out;
  }
  for (const s of m.sourcesAt[at] as Source[]) {
    let values: string[];
    if (s.spec.excludeFrom) {
      if (r.nested) continue;
      const excluded = new Set(resolveOther(r, s.spec.excludeFrom));
      const left = readRaw(r, s).filter((x) => !excluded.has(x));
      if (left.length !== 1) continue;
      values = prepareAll(left, s.spec, s.when, true);
    } else {
      values = readPrepared(r, s);
    }
    if (values.length === 1) {
      // (The common case: one value, and a list of one binding at most.)
      const b = bindValue(r, m, at, values[0] as string, s);
      if (b) return [b];
      continue;
    }
    const bound: Binding[] = [];
    for (const value of values) {
      const b = bindValue(r, m, at, value, s);
      if (b) bound.push(b);
    }
    if (bound.length > 0) return bound;
  }
  const d = m.defaultsAt[at];
  if (d === undefined) return [];
  const vals = m.blank.slice() as (string | undefined)[];
  vals[at] = d;
  return [new Binding(vals, undefined, NO_NOTES, undefined, '')];
}

/** Shared by bindings without notes; bindings are never changed once made. */
const NO_NOTES: string[] = [];

function merge(a: Binding, b: Binding): Binding | undefined {
  const av = a.vals;
  const bv = b.vals;
  const n = av.length;
  for (let i = 0; i < n; i++) {
    const y = bv[i];
    if (y === undefined) continue;
    const x = av[i];
    if (x !== undefined && x !== y) return undefined;
  }
  if (a.arn && b.arn && a.arn !== b.arn) return undefined;
  const notes = a.notes.length === 0 ? b.notes : b.notes.length === 0 ? a.notes : [...a.notes, ...b.notes];
  const vals = av.slice();
  for (let i = 0; i < n; i++) {
    const y = bv[i];
    if (y !== undefined) vals[i] = y;
  }
  const arn = a.arn ?? b.arn;
  const from = a.source !== undefined ? a : b;
  return new Binding(vals, arn ? arn : undefined, notes, from.source, from.value);
}

const MAX_COMBINATIONS = 256;

/** The binding nothing was recovered into yet (its values are the model's blank list: never changed). */
function emptyBinding(m: TypeModel): Binding {
  return new Binding(m.blank, undefined, NO_NOTES, undefined, '');
}

function allHave(combos: Binding[], at: number): boolean {
  for (const c of combos) if (c.vals[at] === undefined) return false;
  return true;
}

/** Some binding of the list is of this ARN. */
function hasArn(list: Binding[], arn: string): boolean {
  for (const b of list) if (b.arn === arn) return true;
  return false;
}

/** How many of the type's own variables the binding holds. */
function namedCount(m: TypeModel, b: Binding): number {
  let n = 0;
  for (let i = 0; i < m.typeVars.length; i++) if (b.vals[i] !== undefined) n++;
  return n;
}

/** The binding holds some variable of the type's own (slots `0..typeVars.length-1`). */
function namesAny(m: TypeModel, b: Binding): boolean {
  const vals = b.vals;
  for (let i = 0; i < m.typeVars.length; i++) if (vals[i] !== undefined) return true;
  return false;
}

/** Bindings from the request and response, per the type's entry. */
function bindParameters(r: Resolution, m: TypeModel): Binding[] {
  if (!m.entry && !r.hasGiven) return [];
  let combos: Binding[] = [emptyBinding(m)];
  /** `combos` is still the one empty binding: merging into it gives the alternatives themselves. */
  let empty = true;
  for (let at = 0; at < m.order.length; at++) {
    if (!empty && allHave(combos, at)) continue;
    const alts = alternatives(r, m, at);
    if (alts.length === 0) continue;
    if (empty) {
      // merge({}, a) is `a` (bindings are never changed once made), capped like any merge.
      combos = alts.length > MAX_COMBINATIONS ? alts.slice(0, MAX_COMBINATIONS) : alts;
      empty = false;
      continue;
    }
    const next: Binding[] = [];
    for (const c of combos) {
      if (c.vals[at] !== undefined) next.push(c);
      else
        for (const a of alts) {
          const merged = merge(c, a);
          if (merged && next.length < MAX_COMBINATIONS) next.push(merged);
        }
    }
    if (next.length > 0) combos = next;
  }
  // A binding that names no type variable says nothing about the resource (placement alone, or nothing).
  let all = true;
  for (const c of combos) all &&= namesAny(m, c);
  if (all) return combos;
  const named = combos.filter((c) => namesAny(m, c));
  if (named.length > 0) return named;
  // Except for a type without variables of its own (`/restapis`): it is whole as soon as its entry applies.
  return m.typeVars.length === 0 && m.entry ? [emptyBinding(m)] : [];
}

interface ChosenFormat {
  /** Undefined when the type has no format: the ARN is then `*`. */
  alt: FormatAlternative | undefined;
  /** Its index in the model's `alts` (-1 with none). */
  index: number;
  missing: string[];
}

/** Shared by chosen formats that miss nothing (never changed). */
const NOTHING_MISSING: string[] = [];

/** The format alternative a binding fills best: all its variables bound, else the most (the first such). */
function chooseFormat(m: TypeModel, b: Binding): ChosenFormat {
  const vals = b.vals;
  let index = -1;
  let fewest = 0;
  for (let i = 0; i < m.alts.length; i++) {
    const slots = m.altVarSlots[i] as number[];
    let missing = 0;
    for (let j = 0; j < slots.length; j++) if (vals[slots[j] as number] === undefined) missing++;
    if (index < 0 || missing < fewest) {
      index = i;
      fewest = missing;
    }
    if (missing === 0) break;
  }
  const alt = index < 0 ? undefined : m.alts[index];
  if (alt === undefined || fewest === 0) return { alt, index, missing: NOTHING_MISSING };
  const slots = m.altVarSlots[index] as number[];
  return { alt, index, missing: alt.vars.filter((_, j) => vals[slots[j] as number] === undefined) };
}

function isComplete(m: TypeModel, b: Binding): boolean {
  if (b.arn !== undefined) return true;
  const vals = b.vals;
  for (const slots of m.altVarSlots) {
    let all = true;
    for (let j = 0; j < slots.length; j++) {
      if (vals[slots[j] as number] === undefined) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return m.alts.length === 0;
}

function consistent(p: Binding, resource: Binding, m: TypeModel): boolean {
  const pv = p.vals;
  const rv = resource.vals;
  for (let i = 0; i < m.typeVars.length; i++) {
    const x = pv[i];
    if (x !== undefined && x !== rv[i]) return false;
  }
  return true;
}

function agreesWithAny(params: Binding[], resource: Binding, m: TypeModel): boolean {
  for (const p of params) if (consistent(p, resource, m)) return true;
  return false;
}

function anyAgrees(p: Binding, resources: Binding[], m: TypeModel): boolean {
  for (const x of resources) if (consistent(p, x, m)) return true;
  return false;
}

interface Built {
  arn: string;
  gaps: string[];
}

/** The request parameters that would have named a variable: `tableName`, `queueUrl or queueName`. */
function sourceNames(m: TypeModel, v: string): string {
  const cached = m.names.get(v);
  if (cached !== undefined) return cached;
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
  const out = names.length > 0 ? names.join(' or ') : v;
  m.names.set(v, out);
  return out;
}

/** An explanation when the parameter named a resource of a type the action does not take (an alias for a key). */
function explain(
  r: Resolution,
  m: TypeModel,
): { model: TypeModel; binding: Binding; text: string } | undefined {
  // Only what a parameter this type reads named (keyId holding an alias), never the caller's identity;
  // what a `param:`/`instanceProfile:` resourceFrom selected is, by definition, what the call named.
  const own = (path: string): boolean => m.own.has(path) || (path === '$value' && r.plan.selectsParam);
  for (const other of r.plan.modelsWithEntries()) {
    if (other.key === m.key || !other.entry) continue;
    if (r.action.resourceTypes.some((t) => lower(t.name) === other.key)) continue;
    for (const b of bindParameters(r, other)) {
      const source = b.source;
      if (!isComplete(other, b) || source === undefined || !own(source.originPath)) continue;
      const otherArn = b.arn ?? build(r, other, b, false).arn;
      const label = labelOf(r, source);
      const named = b.value === otherArn ? `${label} names` : `${label} ${b.value} names`;
      const hint = other.entry.hint ? `: ${other.entry.hint}` : '';
      return {
        model: other,
        binding: b,
        text: `${named} the ${r.service} ${other.key} ${otherArn}, not a ${m.name}${hint}`,
      };
    }
  }
  return undefined;
}

function build(r: Resolution, m: TypeModel, b: Binding, withGaps = true): Built {
  const built = buildArn(r, m, b, withGaps);
  const arn = evaluatedArn(r, m, built.arn);
  if (arn === built.arn) return built;
  const was = `used ${built.arn}`;
  return {
    arn,
    gaps: built.gaps.map((g) => (g.endsWith(was) ? `${g.slice(0, -was.length)}used ${arn}` : g)),
  };
}

/** One entry of data/evaluated-arns.json. */
export interface EvaluatedArnEntry {
  service: string;
  resourceType: string;
  suffix: string;
  exceptActions: string[];
  source: string;
  note?: string;
}

let evaluatedArns: Map<string, EvaluatedArnEntry> | undefined;

/** data/evaluated-arns.json by `service` and `resourceType` (lower case), read once. */
export function evaluatedArnTable(): Map<string, EvaluatedArnEntry> {
  if (!evaluatedArns) {
    const table = JSON.parse(
      readFileSync(new URL('../../data/evaluated-arns.json', import.meta.url), 'utf8'),
    ) as { entries: EvaluatedArnEntry[] };
    evaluatedArns = new Map(
      table.entries.map((e) => [`${lower(e.service)}\u0000${lower(e.resourceType)}`, e]),
    );
  }
  return evaluatedArns;
}

/**
 * The ARN as IAM evaluates a request of `action` on it: a CloudWatch Logs log group is `log-group:NAME:*`
 * for every action but the tagging ones (data/evaluated-arns.json).
 */
function evaluatedArn(r: Resolution, m: TypeModel, arn: string): string {
  if (arn === '*') return arn;
  const entry = evaluatedEntry(r, m);
  if (entry === null || arn.endsWith(entry.suffix)) return arn;
  const action = r.call.action;
  const name = action.slice(action.indexOf(':') + 1);
  return entry.exceptActions.includes(name) ? arn : arn + entry.suffix;
}

/** The model's entry of data/evaluated-arns.json, or null. */
function evaluatedEntry(r: Resolution, m: TypeModel): EvaluatedArnEntry | null {
  // (Looked up once per model: its service is the plan's, and `lower(m.name)` is its key.)
  if (m.evaluated === undefined)
    m.evaluated = evaluatedArnTable().get(`${lower(r.service)}\u0000${lower(m.name)}`) ?? null;
  return m.evaluated;
}

function escapedAnswer(value: string | undefined): string | undefined {
  return value === undefined ? undefined : escapeIamLiteral(value);
}

function buildArn(r: Resolution, m: TypeModel, b: Binding, withGaps: boolean): Built {
  if (b.arn) {
    const arn = b.arn;
    return { arn, gaps: b.notes.length === 0 ? NO_NOTES : b.notes.map((n) => `${n}; used ${arn}`) };
  }
  const { alt, index, missing } = chooseFormat(m, b);
  // What `fillArnFormat(format, { ...variables, Partition, Region, Account })` gives, with each placement
  // variable defaulted only where the binding lacks it, without copying the binding.
  const vals = b.vals;
  const gaps: string[] = [];
  const region = r.probe.ask(REGION) || undefined;
  // The binding's values are escaped as they were read (`escapeAll`); what the probe answers is escaped here.
  const regionValue = vals[m.regionSlot] ?? escapedAnswer(region);
  const partition = vals[m.partitionSlot] ?? partitionForRegion(regionValue);
  // (The account is asked only when the binding lacks it: a question asked is part of the memo's key.)
  const account =
    vals[m.accountSlot] ?? escapedAnswer(r.probe.ask(accountQuery(alt === undefined ? '' : alt.service)));
  let arn = '*';
  if (alt !== undefined) {
    const { literals, names } = alt;
    const slots = m.altNameSlots[index] as number[];
    arn = literals[0] as string;
    for (let i = 0; i < names.length; i++) {
      const n = names[i] as string;
      const v =
        n === 'Partition'
          ? partition
          : n === 'Region'
            ? regionValue
            : n === 'Account'
              ? account
              : vals[slots[i] as number];
      arn += (v ?? '*') + (literals[i + 1] as string);
    }
  }
  if (!withGaps) return { arn, gaps };
  const used = `; used ${arn}`;
  if (missing.length > 0) {
    if (!r.selector) {
      gaps.push(`the ${r.service} ${m.name} was not read${used}`);
    } else if (!m.entry && !r.hasGiven) {
      gaps.push(
        `no parameter of ${r.probe.ask(OPERATION)} is known to name the ${r.service} ${m.name}${used}`,
      );
    } else {
      const parts = missing.map((v) => m.entry?.missing?.[v] ?? `${sourceNames(m, v)} not recorded`);
      const rejected = (r.rejected?.get(m) ?? []).map(
        (x) => `${x} is not the ARN of a ${r.service} ${m.name}`,
      );
      gaps.push([...new Set([...rejected, ...parts])].join('; ') + used);
    }
  }
  if (regionValue === undefined && alt?.names.includes('Region')) gaps.push(`awsRegion not recorded${used}`);
  if (account === undefined && alt?.names.includes('Account')) gaps.push(`account not recorded${used}`);
  for (const n of b.notes) gaps.push(`${n}${used}`);
  return { arn, gaps };
}

/** The resources another part of the same call resolves to. */
function resolveOther(r: Resolution, from: ResourceFromPart): string[] {
  return resolveWith(r.engine, r.probe, { ...r.call, resourceFrom: from }, true).resources;
}

/** A parsed `resourceFrom`, with the key of the entries it selects (undefined when it is not understood). */
interface SelectorOf {
  selector: ResourceSelector | undefined;
  key: string | undefined;
}

const parsedSelectors = new Map<string, SelectorOf>();
const MAIN: SelectorOf = { selector: { kind: 'main' }, key: 'main' };

function selectorOf(resourceFrom: string | undefined): SelectorOf {
  if (resourceFrom === undefined) return MAIN;
  let sel = parsedSelectors.get(resourceFrom);
  if (!sel) {
    const selector = parseResourceFrom(resourceFrom);
    sel = { selector, key: selectorKey(selector) };
    if (parsedSelectors.size > 10_000) parsedSelectors.clear();
    parsedSelectors.set(resourceFrom, sel);
  }
  return sel;
}

function resolveWith(
  engine: Engine,
  probe: RecordProbe,
  call: ActionCall,
  nested: boolean,
): ResourceResolution {
  const action = engine.action(call.action);
  if (!action) {
    return {
      resources: ['*'],
      gaps: [`${call.action} is not in the service data, so its resources were not resolved; used *`],
    };
  }
  if (action.resourceTypes.length === 0) return { resources: ['*'], gaps: [] };

  const selected = selectorOf(call.resourceFrom);
  const selector = selected.selector;
  const plan = engine.plan(action, selected, probe.ask(OPERATION));
  const r: Resolution = {
    probe,
    engine,
    plan,
    call,
    service: action.service,
    action,
    selector,
    selectedValues: NO_VALUES,
    given: NO_GIVEN,
    hasGiven: false,
    nested,
    rejected: undefined,
  };
  const gaps: string[] = [];
  if (!selector)
    gaps.push(
      `unknown resourceFrom "${call.resourceFrom}" for ${action.action}: nothing was read from the request`,
    );
  if (selector?.kind === 'param') {
    const path = selector.path;
    r.selectedValues = isPurePath(path) ? probe.ask(walkQuery(path)) : readPath(r, path);
    if (r.selectedValues.length === 0) gaps.push(`${selector.path} not recorded for ${action.action}`);
  }
  if (selector?.kind === 'table') {
    r.given = { TableName: [escapeIamLiteral(selector.table)] };
    if (selector.index) r.given.IndexName = [escapeIamLiteral(selector.index)];
    r.hasGiven = true;
  }

  const candidates = plan.candidates;
  if (candidates.length === 0) {
    gaps.push(`the service data has no ARN format for the resource types of ${action.action}; used *`);
    return { resources: ['*'], gaps };
  }

  // resources[]: each ARN goes to the most specific candidate type it fits (kept by the index of the
  // type's first candidate: the same type is the same model).
  const count = candidates.length;
  const firstOf = plan.firstOf;
  let fromResources: (Binding[] | undefined)[] | undefined;
  if (selector) {
    const arns = probe.ask(RESOURCE_ARNS);
    for (let k = 0; k < arns.length; k++) {
      const arn = arns[k] as string;
      const best = classify(arn, candidates);
      if (!best) continue;
      if (fromResources === undefined) {
        fromResources = [];
        for (let i = 0; i < count; i++) fromResources.push(undefined);
      }
      const at = candidates.indexOf(best.model);
      let list = fromResources[at];
      if (list === undefined) {
        list = [];
        fromResources[at] = list;
      }
      if (!hasArn(list, arn))
        list.push(new Binding(altValues(best.model, best.alt, best.list), arn, NO_NOTES, undefined, ''));
    }
  }

  // Per candidate (by index; a type listed twice shares its bindings by key, as a map would: the last).
  const bindings: Binding[][] = [];
  for (let i = 0; i < count; i++) {
    const m = candidates[i] as TypeModel;
    const fromParams = selector ? bindParameters(r, m) : [];
    const listed = fromResources?.[firstOf[i] as number];
    let chosen = fromParams;
    if (listed !== undefined && listed.length > 0) {
      if (fromParams.length > 0) {
        const agreeing: Binding[] = [];
        for (const x of listed) if (agreesWithAny(fromParams, x, m)) agreeing.push(x);
        if (agreeing.length > 0) {
          let others: Binding[] | undefined;
          for (const p of fromParams) {
            if (anyAgrees(p, agreeing, m)) continue;
            others ??= [];
            others.push(p);
          }
          chosen = others !== undefined ? [...agreeing, ...others] : agreeing;
        }
        // The call's own parameters disagree with resources[]: for its main resource, trust resources[]
        // (an access point alias in bucketName); for a named part (a copy source), only the parameter says which.
        else if (selector?.kind === 'main') chosen = listed;
      } else if (selector?.kind === 'main') chosen = listed;
    }
    bindings.push(chosen);
  }
  if (plan.listedTwice)
    for (let i = 0; i < count; i++)
      bindings[i] = bindings[candidates.lastIndexOf(candidates[i] as TypeModel)] as Binding[];

  const whole: boolean[] = [];
  let dropped: string[] | undefined;
  for (let i = 0; i < count; i++) {
    const m = candidates[i] as TypeModel;
    let any = false;
    for (const b of bindings[i] as Binding[]) {
      if (isComplete(m, b)) {
        any = true;
        break;
      }
    }
    whole.push(any);
    if (any && m.drops.length > 0 && !dropped?.includes(m.key)) {
      dropped ??= [];
      for (const x of m.drops) dropped.push(x);
    }
  }
  const chosen: TypeModel[] = [];
  for (let i = 0; i < count; i++) {
    const m = candidates[i] as TypeModel;
    if (whole[i] && !dropped?.includes(m.key)) chosen.push(m);
  }
  for (const m of candidates) {
    if ((m.required || m.entry?.alwaysTouched) && !chosen.includes(m) && !dropped?.includes(m.key))
      chosen.push(m);
  }
  // (The rarer paths below are functions of their own, so that this one stays small for the compiler: it
  // is compiled again each time a path is first taken late in a run.)
  if (chosen.length === 0) chosen.push(...mostRecovered(candidates, bindings));
  if (chosen.length === 0) {
    const only = plainType(candidates);
    if (!only) {
      gaps.push(
        `nothing recorded tells which of the ${candidates.length} resource types of ${action.action} this call touched; used *`,
      );
      return { resources: ['*'], gaps };
    }
    chosen.push(only);
  }

  const resources: string[] = [];
  for (const m of chosen) {
    const all = bindings[candidates.indexOf(m)] as Binding[];
    let complete = 0;
    for (const b of all) if (isComplete(m, b)) complete++;
    const usable: Binding[] =
      complete === all.length
        ? all.length > 0
          ? all
          : [emptyBinding(m)]
        : complete > 0
          ? all.filter((b) => isComplete(m, b))
          : all;
    for (const b of usable) {
      const explained = !b.arn && selector && !namesAny(m, b) ? explainedBinding(r, m, b) : undefined;
      const built = build(r, m, explained?.binding ?? b);
      if (!resources.includes(built.arn)) resources.push(built.arn);
      if (explained) gaps.push(`${explained.text}; used ${built.arn}`);
      else for (const g of built.gaps) gaps.push(g);
    }
  }
  return {
    resources: resources.length > 1 ? resources.sort() : resources,
    gaps: gaps.length > 1 ? [...new Set(gaps)] : gaps,
  };
}

/** With nothing whole: the types something was recovered for, the most recovered first. */
function mostRecovered(candidates: readonly TypeModel[], bindings: Binding[][]): TypeModel[] {
  const scored = candidates
    .map((m, i) => ({
      m,
      n: Math.max(0, ...(bindings[i] as Binding[]).map((b) => namedCount(m, b))),
    }))
    .filter((x) => x.n > 0);
  const top = Math.max(0, ...scored.map((x) => x.n));
  const partial = scored.filter((x) => x.n === top).map((x) => x.m);
  const partialDropped = new Set(partial.flatMap((m) => (m.entry?.supersedes ?? []).map(lower)));
  return partial.filter((m) => !partialDropped.has(m.key));
}

/**
 * With nothing recovered at all: the one type this action plainly means, if there is one. A type whose entry
 * supersedes another candidate is a specialisation (an access point object of an object): the plain type is
 * the one meant.
 */
function plainType(candidates: readonly TypeModel[]): TypeModel | undefined {
  const withEntry = candidates.filter((m) => m.entry);
  const plain = withEntry.filter(
    (m) => !(m.entry?.supersedes ?? []).some((s) => withEntry.some((o) => o.key === lower(s))),
  );
  return plain.length === 1 ? plain[0] : candidates.length === 1 ? candidates[0] : undefined;
}

/**
 * A binding that names nothing of its type, narrowed to the partition, region and account of what explains
 * it (`explain`), with that explanation; undefined when nothing does.
 */
function explainedBinding(
  r: Resolution,
  m: TypeModel,
  b: Binding,
): { binding: Binding; text: string } | undefined {
  const ex = explain(r, m);
  if (!ex) return undefined;
  const narrowed = b.vals.slice();
  const from = ex.binding.vals;
  const other = ex.model;
  for (const [to, at] of [
    [m.partitionSlot, other.partitionSlot],
    [m.regionSlot, other.regionSlot],
    [m.accountSlot, other.accountSlot],
  ] as const) {
    const val = from[at];
    if (val !== undefined && val !== '') narrowed[to] = val;
  }
  return { binding: new Binding(narrowed, b.arn, b.notes, b.source, b.value), text: ex.text };
}

export interface ResourceResolverOptions {
  /** The table to read; the packaged data/resource-arns.json by default. */
  table?: ResourceArnTable;
  data?: ServiceData;
}

export type ResourceResolver = (record: ActivityRecord, call: ActionCall) => ResourceResolution;

/** A resolver over a given table and service data (tests inject tiny ones). */
export function createResourceResolver(options: ResourceResolverOptions = {}): ResourceResolver {
  const engine = new Engine(
    new TableIndex(options.table ?? resourceArnTable()),
    options.data ?? serviceData(),
  );
  return (record, call) => resolveWith(engine, new DirectProbe(record), call, false);
}

const engines = new WeakMap<ServiceData, Engine>();

/** The service data asked for last, and its engine (nearly every call is for the same one). */
let lastEngine: Engine | undefined;

function packagedEngine(data: ServiceData): Engine {
  if (lastEngine?.data === data) return lastEngine;
  let engine = engines.get(data);
  if (!engine) {
    engine = new Engine(new TableIndex(resourceArnTable()), data);
    engines.set(data, engine);
  }
  lastEngine = engine;
  return engine;
}

/**
 * The resource ARNs an IAM action of a call needs, with what could not be recovered.
 * `['*']` only for actions that accept nothing else, or when nothing at all tells the resource (said in gaps).
 */
export function resolveResources(
  record: ActivityRecord,
  call: ActionCall,
  data: ServiceData = serviceData(),
): ResourceResolution {
  return resolveWith(packagedEngine(data), new DirectProbe(record), call, false);
}

/** `resolveResources` reading the record through a probe (what map-operation.ts memoises). */
export function resolveResourcesWith(
  probe: RecordProbe,
  call: ActionCall,
  data: ServiceData = serviceData(),
): ResourceResolution {
  return resolveWith(packagedEngine(data), probe, call, false);
}
