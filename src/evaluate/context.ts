/**
 * The request context as the evaluator reads it: condition keys folded to lower case (key names are
 * case-insensitive in IAM), values as lists of strings. Built lazily, on the first lookup, so requests
 * whose matching statements have no conditions or variables pay nothing.
 *
 * Three states per key:
 * - a list of values (possibly empty: a present key with an empty set);
 * - `null`: the caller says the key is absent from the real request (e.g. `aws:TokenIssueTime` for
 *   long-term credentials): evaluated as absent, and no "depends on";
 * - not given at all: evaluated as absent too, but every statement that read it records the key in
 *   `missing`, so the result can say that the decision depends on it.
 */

export type ContextScalar = string | number | boolean | Date;
/** `null` means "known to be absent from the request". */
export type ContextValue = ContextScalar | readonly ContextScalar[] | null;
export type RequestContext = Readonly<Record<string, ContextValue | undefined>>;

export interface VariableRef {
  /** As written in the policy. */
  key: string;
  lower: string;
  /** The default of `${key, 'default'}`. */
  fallback?: string;
}

function scalar(v: ContextScalar): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  return String(v);
}

export class ContextReader {
  private folded: Map<string, string[] | null> | undefined;
  /** Keys (policy spelling) that were read but not given; reset by the caller per statement. */
  missing: string[] = [];
  /**
   * Set when a policy variable could not be resolved; reset by the caller. AWS: "If AWS cannot resolve a
   * variable this might cause the entire statement to be invalid", so such a value may make a statement
   * fail to apply but never make it apply (see condition.ts and evaluate.ts).
   */
  unresolved = false;

  constructor(private readonly context: RequestContext | undefined) {}

  private map(): Map<string, string[] | null> {
    if (this.folded) return this.folded;
    const m = new Map<string, string[] | null>();
    if (this.context) {
      for (const [k, v] of Object.entries(this.context)) {
        if (v === undefined) continue;
        const values = v === null ? null : Array.isArray(v) ? v.map(scalar) : [scalar(v as ContextScalar)];
        m.set(k.toLowerCase(), values);
      }
    }
    this.folded = m;
    return m;
  }

  /**
   * Values of a key (`lower` is the folded name, `key` the policy's spelling for reporting).
   * Returns null for an absent key, recording it as missing when the caller did not say it is absent.
   */
  values(lower: string, key: string): string[] | null {
    const v = this.map().get(lower);
    if (v === undefined) {
      this.missing.push(key);
      return null;
    }
    return v;
  }

  /**
   * The value of `${key}` or `${key, 'default'}`: a single-valued key's value, else the default, else
   * undefined (the variable cannot be resolved, so the pattern holding it matches nothing).
   */
  variable(ref: VariableRef): string | undefined {
    const v = this.values(ref.lower, ref.key);
    if (v !== null && v.length === 1) return v[0];
    if (ref.fallback === undefined) this.unresolved = true;
    return ref.fallback;
  }
}
