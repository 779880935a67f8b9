/** Turns a resolved policy node into the LocatedPolicy the checks read. */
import type { LocatedPolicy, PathStep, PolicyType, SourceLocation } from '../types.js';
import { type LineIndex, type SourceNode, type Span, toPlain } from './source-node.js';
import type { ReaderDiagnostic, ReaderDiagnosticCode } from './types.js';

export interface PolicyPlace {
  file: string;
  lines: LineIndex;
  logicalPath: string;
  resourceName?: string;
  policyType: PolicyType;
  resourceType?: string;
  /** Set for the second reading of a template policy with `Fn::If` (see README.md). */
  variant?: string;
}

function spanLocation(file: string, lines: LineIndex, span: Span): SourceLocation {
  const s = lines.position(span.start);
  const e = lines.position(Math.max(span.start, span.end));
  return { file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/**
 * The node at `path`, or the nearest enclosing one. A string step `#Key` names the key itself when the object has
 * no property literally called `#Key`. An index into a value that is not an array stays on that value, so
 * `Action[0]` finds `"Action": "s3:GetObject"`.
 */
export function locateSpan(root: SourceNode, path: readonly PathStep[]): Span {
  let node: SourceNode = root;
  for (const step of path) {
    if (typeof step === 'number') {
      if (node.kind === 'array') {
        const next = node.items[step];
        if (!next) return node;
        node = next;
      } else if (step !== 0) return node;
      continue;
    }
    if (node.kind !== 'object') return node;
    const entry = findEntry(node.entries, step);
    if (entry) {
      node = entry.value;
      continue;
    }
    if (step.startsWith('#')) {
      const keyEntry = findEntry(node.entries, step.slice(1));
      if (keyEntry) return keyEntry.keySpan;
    }
    return node;
  }
  return node;
}

function findEntry<T extends { key: string }>(entries: T[], key: string): T | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.key === key) return entries[i];
  return undefined;
}

interface Unresolved {
  path: PathStep[];
  message: string;
  code: ReaderDiagnosticCode;
  span: Span;
}

/** Every placeholder in the resolved tree, with its path inside the document. */
export function collectUnresolved(root: SourceNode): Unresolved[] {
  const out: Unresolved[] = [];
  const walk = (node: SourceNode, path: PathStep[]) => {
    switch (node.kind) {
      case 'scalar':
        if (node.unresolved !== undefined) {
          out.push({
            path,
            message: node.unresolved,
            code: node.unresolvedCode ?? 'unresolved-value',
            span: node,
          });
        }
        return;
      case 'array':
        for (let i = 0; i < node.items.length; i++) walk(node.items[i]!, [...path, i]);
        return;
      case 'object':
        for (const e of node.entries) walk(e.value, [...path, e.key]);
        return;
    }
  };
  walk(root, []);
  return out;
}

export function makeLocatedPolicy(place: PolicyPlace, root: SourceNode): LocatedPolicy {
  const { file, lines } = place;
  const unresolved = collectUnresolved(root).map(({ path, message }) => ({ path, message }));
  const policy: LocatedPolicy = {
    file,
    logicalPath: place.variant ? `${place.logicalPath}[${place.variant}]` : place.logicalPath,
    policyType: place.policyType,
    document: toPlain(root),
    locate: (path) => spanLocation(file, lines, locateSpan(root, path)),
    unresolved,
  };
  if (place.resourceName !== undefined) policy.resourceName = place.resourceName;
  if (place.resourceType !== undefined) policy.resourceType = place.resourceType;
  if (place.variant !== undefined) policy.variant = place.variant;
  return policy;
}

/** Collects diagnostics for one file, each reported once however many readings of a policy reach it. */
export class DiagnosticSink {
  readonly items: ReaderDiagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(
    readonly file: string,
    readonly lines: LineIndex,
  ) {}

  add(d: Omit<ReaderDiagnostic, 'file' | 'line' | 'column'> & { at?: Span | number }): void {
    const out: ReaderDiagnostic = { file: this.file, code: d.code, severity: d.severity, message: d.message };
    if (d.at !== undefined) {
      const pos = this.lines.position(typeof d.at === 'number' ? d.at : d.at.start);
      out.line = pos.line;
      out.column = pos.column;
    }
    if (d.logicalPath !== undefined) out.logicalPath = d.logicalPath;
    const key = `${out.code}\0${out.line}\0${out.column}\0${out.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.items.push(out);
  }

  /** Reports the placeholders of a policy, each once per place in the file. */
  addUnresolved(root: SourceNode, logicalPath: string): void {
    for (const u of collectUnresolved(root)) {
      const where = u.path.length ? `${logicalPath}/${u.path.join('/')}` : logicalPath;
      const severity = severityOf(u.code);
      this.add({ code: u.code, severity, message: u.message, logicalPath: where, at: u.span });
    }
  }
}

/**
 * A value that cannot be known offline, or a reference the file does not define (it may come from a file the
 * template includes), is a warning: that value is skipped and the rest is checked. A malformed intrinsic or
 * policy template is an error: the template would not deploy.
 */
export function severityOf(code: ReaderDiagnosticCode): 'error' | 'warning' {
  return code === 'unresolved-value' || code === 'unknown-reference' || code === 'policy-variable-in-sub'
    ? 'warning'
    : 'error';
}
