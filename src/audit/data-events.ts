/**
 * What the activity logs could have seen. CloudTrail records data events (S3 objects, DynamoDB items, Lambda
 * Invoke, SQS/SNS messages...) only when a trail selects them, and some calls never: the reviewed table
 * `data/data-events.json` (schema in data/README.md) says which actions those are. The input shows which data
 * event types were logged: any data event of a type, on a resource, is evidence that the trail selected it.
 */
import { readFileSync } from 'node:fs';
import { type ServiceData, serviceData } from '../mapping/service-data.js';
import { patternsIntersect } from './arn-pattern.js';

export interface DataEventEntry {
  /** CloudTrail's `resources.type` of the data events (`AWS::S3::Object`). */
  resourcesType: string;
  service: string;
  /** Actions logged only as data events of this type. */
  actions: string[];
  /** Resource types of the service data: every action that takes one is a data event of this type. */
  iamResourceTypes?: string[];
  source: string;
  note?: string;
}

export interface NotLoggedEntry {
  action: string;
  source: string;
  note?: string;
}

export interface DataEventTableFile {
  dataEvents: DataEventEntry[];
  notLogged: NotLoggedEntry[];
}

const TABLE_URL = new URL('../../data/data-events.json', import.meta.url);

export function readDataEventFile(): DataEventTableFile {
  return JSON.parse(readFileSync(TABLE_URL, 'utf8')) as DataEventTableFile;
}

/** The table indexed by lower-cased action. */
export class DataEventTable {
  private readonly byAction = new Map<string, DataEventEntry>();
  private readonly unlogged = new Map<string, NotLoggedEntry>();

  constructor(
    readonly file: DataEventTableFile,
    data: ServiceData = serviceData(),
  ) {
    for (const e of file.dataEvents) {
      for (const a of e.actions) this.byAction.set(a.toLowerCase(), e);
      for (const type of e.iamResourceTypes ?? []) {
        for (const a of data.actions(e.service)) {
          if (a.resourceTypes.some((r) => r.name === type)) this.byAction.set(a.action.toLowerCase(), e);
        }
      }
    }
    for (const n of file.notLogged) this.unlogged.set(n.action.toLowerCase(), n);
  }

  /** The data event type an action is logged as, when it is only logged as a data event. */
  dataEventOf(action: string): DataEventEntry | undefined {
    return this.byAction.get(action.toLowerCase());
  }

  notLogged(action: string): NotLoggedEntry | undefined {
    return this.unlogged.get(action.toLowerCase());
  }
}

let packaged: DataEventTable | undefined;

/** The reviewed table, read once per process. */
export function dataEventTable(): DataEventTable {
  packaged ??= new DataEventTable(readDataEventFile());
  return packaged;
}

/** Which data event types the input holds, and on which resources. */
export class DataEventCoverage {
  private readonly seen = new Map<string, Set<string>>();

  constructor(private readonly table: DataEventTable) {}

  /** Record an observed (action, resource): successful or refused, both were logged. */
  observe(action: string, resource: string): void {
    const e = this.table.dataEventOf(action);
    if (!e) return;
    let set = this.seen.get(e.resourcesType);
    if (!set) {
      set = new Set();
      this.seen.set(e.resourcesType, set);
    }
    set.add(resource);
  }

  /** Data event types seen, sorted. */
  types(): string[] {
    return [...this.seen.keys()].sort();
  }

  /**
   * Was some data event of this type logged on a resource the pattern covers, or under it (an object event in
   * a bucket shows the bucket's data events are logged, for ListBucket on the bucket too)?
   */
  covers(resourcesType: string, pattern: string): boolean {
    const set = this.seen.get(resourcesType);
    if (!set) return false;
    const under = `${pattern}/*`;
    for (const r of set) if (patternsIntersect(pattern, r) || patternsIntersect(under, r)) return true;
    return false;
  }

  hasType(resourcesType: string): boolean {
    return this.seen.has(resourcesType);
  }
}
