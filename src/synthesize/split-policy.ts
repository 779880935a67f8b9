/**
 * Keeping generated policies within IAM's size limits.
 *
 * IAM counts a policy's characters without whitespace, and limits them per kind of policy:
 * - a customer managed policy: 6,144 characters (`MANAGED_POLICY_SIZE_LIMIT`, the default here);
 * - the inline policies of one role: 10,240 characters together (`INLINE_ROLE_POLICY_SIZE_LIMIT`);
 *   users 2,048, groups 5,120;
 * - a role can have 10 managed policies attached by default (`MANAGED_POLICIES_PER_ROLE`; a quota that
 *   can be raised to 20), so a policy split into more parts than that needs a quota increase or fewer
 *   permissions.
 * The CLI is to expose the limit as `--max-policy-size`.
 *
 * Splitting goes by service first (one service's statements stay in one document when they fit), then by
 * statements; a statement too large on its own is split across its resources (then its actions).
 */
import type { PolicyDocument, PolicyStatement } from '../policy/types.js';
import { type NamedStatement, renderStatement } from './statement.js';

export const MANAGED_POLICY_SIZE_LIMIT = 6144;
export const INLINE_ROLE_POLICY_SIZE_LIMIT = 10240;
export const MANAGED_POLICIES_PER_ROLE = 10;

const VERSION = '2012-10-17';

/** Characters (Unicode code points) of a text. */
function characters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/**
 * The size of a policy as IAM counts it: its characters without the whitespace between JSON tokens.
 * Whitespace inside strings is counted, which can only over-estimate.
 */
export function policySize(doc: PolicyDocument): number {
  return characters(JSON.stringify(doc));
}

function statementSize(statement: PolicyStatement): number {
  return characters(JSON.stringify(statement));
}

/**
 * The rendered sizes of statements, remembered while one policy is built so each statement is rendered and
 * measured once. Only for statements that are not changed after they are measured.
 */
export type StatementSizes = Map<NamedStatement, number>;

function sizeOf(statement: NamedStatement, sizes: StatementSizes | undefined): number {
  let size = sizes?.get(statement);
  if (size === undefined) {
    size = statementSize(renderStatement(statement));
    sizes?.set(statement, size);
  }
  return size;
}

/** Size of a document with no statements: what every split part pays once. */
const EMPTY_DOCUMENT_SIZE = policySize({ Version: VERSION, Statement: [] });

function aloneSize(statement: PolicyStatement): number {
  return EMPTY_DOCUMENT_SIZE + statementSize(statement);
}

/** Digits reserved for the part number when measuring a part before its Sid is known. */
const PART_SUFFIX_PLACEHOLDER = '9999';

interface Piece {
  actions: string[];
  resources: string[];
}

function piecesOf(statement: NamedStatement, maxSize: number): Piece[] {
  const sid = statement.sid + PART_SUFFIX_PLACEHOLDER;
  const fits = (actions: string[], resources: string[]): boolean =>
    aloneSize(renderStatement({ sid, actions, resources, condition: statement.condition })) <= maxSize;
  const pieces: Piece[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) pieces.push({ actions: statement.actions, resources: current });
    current = [];
  };
  for (const resource of statement.resources) {
    if (fits(statement.actions, [...current, resource])) {
      current.push(resource);
      continue;
    }
    flush();
    if (fits(statement.actions, [resource])) {
      current = [resource];
      continue;
    }
    // One resource with all the actions is too large: split the actions.
    let actions: string[] = [];
    for (const action of statement.actions) {
      if (actions.length > 0 && !fits([...actions, action], [resource])) {
        pieces.push({ actions, resources: [resource] });
        actions = [];
      }
      actions.push(action);
    }
    if (actions.length > 0) pieces.push({ actions, resources: [resource] });
  }
  flush();
  return pieces;
}

function tooLarge(size: number, maxSize: number): string {
  return `this statement alone makes a ${size}-character policy, over the limit of ${maxSize}, and cannot be split further`;
}

/**
 * Split a statement whose document alone would exceed `maxSize` into parts named `<Sid>1`, `<Sid>2`...
 * (skipping Sids in `taken`, which receives the new ones). A part that still cannot fit (one action on
 * one resource with a huge condition) is kept, with a note. `sizes`, when given, receives the size of
 * every statement returned.
 */
export function splitStatement(
  statement: NamedStatement,
  maxSize: number,
  taken: Set<string>,
  sizes?: StatementSizes,
): NamedStatement[] {
  const size = EMPTY_DOCUMENT_SIZE + sizeOf(statement, sizes);
  if (size <= maxSize) return [statement];
  const pieces = piecesOf(statement, maxSize);
  if (pieces.length <= 1) {
    const noted = { ...statement, notes: [...statement.notes, tooLarge(size, maxSize)] };
    sizes?.set(noted, size - EMPTY_DOCUMENT_SIZE);
    return [noted];
  }
  let n = 1;
  return pieces.map((piece): NamedStatement => {
    while (taken.has(`${statement.sid}${n}`)) n++;
    const sid = `${statement.sid}${n}`;
    n++;
    taken.add(sid);
    const actions = new Set(piece.actions);
    const resources = new Set(piece.resources);
    const part: NamedStatement = {
      ...statement,
      sid,
      actions: piece.actions,
      resources: piece.resources,
      contributions: statement.contributions.filter(
        (c) => actions.has(c.action) && resources.has(c.resource),
      ),
      notes: [
        ...statement.notes,
        `part of ${statement.sid}, split across ${pieces.length} statements to stay within ${maxSize} characters`,
      ],
    };
    const partSize = aloneSize(renderStatement(part));
    if (partSize > maxSize) part.notes.push(tooLarge(partSize, maxSize));
    sizes?.set(part, partSize - EMPTY_DOCUMENT_SIZE);
    return part;
  });
}

/**
 * Pack statements (already in order) into as few documents as a single pass allows, keeping each
 * service's statements together when they fit in one document and every document within `maxSize`.
 * `sizes` may hold sizes already measured (`splitStatement`) and receives the others.
 */
export function packStatements(
  statements: readonly NamedStatement[],
  maxSize: number,
  sizes: StatementSizes = new Map(),
): NamedStatement[][] {
  for (const s of statements) sizeOf(s, sizes);
  const groups: NamedStatement[][] = [];
  for (const s of statements) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.service === s.service) last.push(s);
    else groups.push([s]);
  }

  const documents: NamedStatement[][] = [];
  let current: NamedStatement[] = [];
  let currentSize = EMPTY_DOCUMENT_SIZE;
  const flush = (): void => {
    if (current.length > 0) documents.push(current);
    current = [];
    currentSize = EMPTY_DOCUMENT_SIZE;
  };
  const add = (s: NamedStatement): void => {
    currentSize += (sizes.get(s) ?? 0) + (current.length > 0 ? 1 : 0);
    current.push(s);
  };
  const sizeWith = (extra: number): number => currentSize + extra + (current.length > 0 ? 1 : 0);

  for (const group of groups) {
    const groupSize = group.reduce((n, s) => n + (sizes.get(s) ?? 0), 0) + group.length - 1;
    if (sizeWith(groupSize) <= maxSize) {
      for (const s of group) add(s);
      continue;
    }
    if (EMPTY_DOCUMENT_SIZE + groupSize <= maxSize) {
      flush();
      for (const s of group) add(s);
      continue;
    }
    for (const s of group) {
      if (current.length > 0 && sizeWith(sizes.get(s) ?? 0) > maxSize) flush();
      add(s);
    }
  }
  flush();
  return documents;
}

/** `policySize(toPolicyDocument(statements))`, from the statements' sizes. */
export function documentSize(statements: readonly NamedStatement[], sizes?: StatementSizes): number {
  let size = EMPTY_DOCUMENT_SIZE + Math.max(0, statements.length - 1);
  for (const s of statements) size += sizeOf(s, sizes);
  return size;
}

export function toPolicyDocument(statements: readonly NamedStatement[]): PolicyDocument {
  return { Version: VERSION, Statement: statements.map(renderStatement) };
}
