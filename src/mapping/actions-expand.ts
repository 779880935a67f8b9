/**
 * Operations whose actions depend on the items of the request: DynamoDB batches and transactions
 * (one action per table and item kind) and PartiQL (one action per statement verb and table).
 * These read the request's shape; which action each item kind needs comes from data/operations.json.
 */
import { findValues } from './actions-request.js';
import type { ExpandRule } from './actions-tables.js';
import type { ActionCall } from './types.js';

export type Expansion = { kind: 'calls'; calls: ActionCall[] } | { kind: 'unmapped'; reason: string };

interface Item {
  /** `Put`, `Update`... or `*` when the request shape does not say. */
  itemKind: string;
  table?: string;
  /** PartiQL: the index after the table. */
  index?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function firstString(root: unknown, path: string): string | undefined {
  const found = findValues(root, path).find((f) => typeof f.value === 'string' && f.value !== '');
  return found?.value as string | undefined;
}

/**
 * Items of a DynamoDB batch or transaction, in the shapes CloudTrail and the SDKs record:
 * CloudTrail `requestItems: [{operation: 'Put', tableName}]`; SDK `TransactItems: [{Put: {TableName}}]`;
 * SDK `RequestItems: {<table>: ...}` (batches, keyed by table name or ARN).
 */
function dynamodbItems(params: unknown): Item[] {
  const items: Item[] = [];
  for (const path of ['requestItems', 'transactItems']) {
    for (const { value } of findValues(params, path)) {
      if (isObject(value)) {
        for (const table of Object.keys(value)) items.push({ itemKind: '*', table });
        continue;
      }
      if (!Array.isArray(value)) continue;
      for (const element of value) {
        if (!isObject(element)) continue;
        const table = firstString(element, 'tableName');
        const operation = firstString(element, 'operation');
        if (operation !== undefined || table !== undefined) {
          items.push({ itemKind: operation ?? '*', table });
          continue;
        }
        // SDK transaction shape: the item kind is the key, the table inside it.
        for (const [kind, body] of Object.entries(element)) {
          if (isObject(body)) items.push({ itemKind: kind, table: firstString(body, 'tableName') });
        }
      }
    }
  }
  return items;
}

const STATEMENT_PATHS = [
  'statement',
  'statements[].statement',
  'requestItems[].statement',
  'transactStatements[].statement',
];

// A PartiQL identifier: "double quoted" (with "" escapes) or bare.
const IDENT = String.raw`("(?:[^"]|"")+"|[A-Za-z0-9_\-]+)`;
const TARGET: Record<string, RegExp> = {
  SELECT: new RegExp(String.raw`\bFROM\s+${IDENT}(?:\s*\.\s*${IDENT})?`, 'i'),
  INSERT: new RegExp(String.raw`^\s*INSERT\s+INTO\s+${IDENT}`, 'i'),
  UPDATE: new RegExp(String.raw`^\s*UPDATE\s+${IDENT}`, 'i'),
  DELETE: new RegExp(String.raw`^\s*DELETE\s+FROM\s+${IDENT}`, 'i'),
};

function unquote(identifier: string): string {
  return identifier.startsWith('"') ? identifier.slice(1, -1).replaceAll('""', '"') : identifier;
}

/** Verb and target of one PartiQL statement: `SELECT * FROM "Orders"."ByCustomer" ...`. */
function partiqlItem(statement: string): Item {
  const verb = (/^\s*\(?\s*([A-Za-z]+)/.exec(statement)?.[1] ?? '').toUpperCase();
  const match = TARGET[verb]?.exec(statement);
  if (!match?.[1]) return { itemKind: verb };
  const item: Item = { itemKind: verb, table: unquote(match[1]) };
  if (match[2]) item.index = unquote(match[2]);
  return item;
}

function partiqlItems(params: unknown): Item[] {
  return STATEMENT_PATHS.flatMap((p) => findValues(params, p))
    .filter((f): f is { path: string; value: string } => typeof f.value === 'string' && f.value.trim() !== '')
    .map((f) => partiqlItem(f.value));
}

function actionFor(rule: ExpandRule, itemKind: string): string | undefined {
  const wanted = itemKind.toLowerCase();
  for (const [kind, action] of Object.entries(rule.actions)) if (kind.toLowerCase() === wanted) return action;
  return rule.actions['*'];
}

export function expandItems(operation: string, rule: ExpandRule, params: unknown): Expansion {
  const items = rule.kind === 'dynamodb-items' ? dynamodbItems(params) : partiqlItems(params);
  if (items.length === 0) {
    const any = rule.actions['*'];
    if (any !== undefined) {
      return {
        kind: 'calls',
        calls: [{ action: any, reason: 'call', note: 'tables not recorded in the request' }],
      };
    }
    const what = rule.kind === 'dynamodb-items' ? 'its items' : 'its PartiQL statements';
    return {
      kind: 'unmapped',
      reason: `${operation}: the record does not hold ${what}, so the actions are unknown`,
    };
  }
  const calls: ActionCall[] = [];
  for (const item of items) {
    const action = actionFor(rule, item.itemKind);
    if (action === undefined) {
      return {
        kind: 'unmapped',
        reason: `${operation}: item kind '${item.itemKind || '(none)'}' has no action in data/operations.json`,
      };
    }
    const call: ActionCall = { action, reason: 'call' };
    if (item.table !== undefined) {
      call.resourceFrom =
        item.index === undefined ? `table:${item.table}` : `table:${item.table}/index/${item.index}`;
    } else {
      call.note = 'table not read from the request';
    }
    calls.push(call);
  }
  return { kind: 'calls', calls };
}
