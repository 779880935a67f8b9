/**
 * For each reviewed rule of `known-differences.json`, a transformation of a case that removes what the
 * rule is about while keeping the rest. A recorded disagreement is explained by its rules when, after
 * applying their transformations, both engines agree: the test checks that for every recorded case, so a
 * disagreement cannot hide behind a rule that does not cause it.
 */
import type { DifferentialCase, PolicyDoc } from './generate-cases.js';

type Statement = Record<string, unknown>;

function clone(c: DifferentialCase): DifferentialCase {
  return structuredClone(c);
}

/** Every policy document of a case, with a setter to replace its statements. */
function eachPolicy(c: DifferentialCase, f: (p: PolicyDoc) => void): void {
  const p = c.policies;
  for (const doc of [
    ...p.identity,
    ...(p.resource ? [p.resource] : []),
    ...(p.boundary ?? []),
    ...(p.scp ?? []),
    ...(p.rcp ?? []),
    ...(p.session ? [p.session] : []),
  ])
    f(doc);
}

function eachStatement(c: DifferentialCase, f: (s: Statement) => void): void {
  eachPolicy(c, (doc) => {
    for (const s of doc.Statement) f(s);
  });
}

const ALLOW_ALL: PolicyDoc = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
};

const NO_OP: Statement = {
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::neutralized-bucket/nothing',
};

export const NEUTRALIZERS: Record<string, (c: DifferentialCase) => DifferentialCase> = {
  /** Give the root user an identity policy that allows everything, as we assume it has. */
  'root-user-needs-no-identity-policy': (c) => {
    const out = clone(c);
    if (/:root$/.test(out.request.principal)) out.policies.identity.push(structuredClone(ALLOW_ALL));
    return out;
  },
  /** Give a federated user session a session policy that allows everything. */
  'federated-user-needs-a-session-policy': (c) => {
    const out = clone(c);
    if (out.request.principal.includes(':federated-user/') && !out.policies.session) {
      out.policies.session = structuredClone(ALLOW_ALL);
    }
    return out;
  },
  /** `ForAnyValue:...IfExists` becomes `ForAnyValue:...`, which both read the same way. */
  'ifexists-holds-for-an-absent-key-with-a-set-qualifier': (c) => {
    const out = clone(c);
    eachStatement(out, (s) => {
      const block = s.Condition as Record<string, Record<string, unknown>> | undefined;
      if (!block) return;
      for (const op of Object.keys(block)) {
        if (!/^ForAnyValue:.*IfExists$/i.test(op)) continue;
        const plain = op.slice(0, -'IfExists'.length);
        block[plain] = { ...block[plain], ...block[op] };
        delete block[op];
      }
    });
    return out;
  },
  /** `0.0.0.0/0` becomes its two halves, which both read as every IPv4 address. */
  'ipv4-zero-prefix-covers-every-address': (c) => {
    const out = clone(c);
    eachStatement(out, (s) => {
      const block = s.Condition as Record<string, Record<string, string | string[]>> | undefined;
      if (!block) return;
      for (const keys of Object.values(block)) {
        for (const [key, value] of Object.entries(keys)) {
          const list = Array.isArray(value) ? value : [value];
          if (!list.includes('0.0.0.0/0')) continue;
          keys[key] = list.flatMap((v) => (v === '0.0.0.0/0' ? ['0.0.0.0/1', '128.0.0.0/1'] : [v]));
        }
      }
    });
    return out;
  },
  /** Without session policies, where the resource policy names the calling session itself. */
  'a-resource-policy-grant-to-a-session-is-not-limited-by-its-session-policy': (c) => {
    const out = clone(c);
    const named = out.policies.resource?.Statement.some(
      (s) =>
        s.Effect === 'Allow' && JSON.stringify(s.Principal ?? null).includes(`"${out.request.principal}"`),
    );
    if (named) delete out.policies.session;
    return out;
  },
  /** Every policy variable without a default gets a value in the request context. */
  'an-unresolvable-variable-never-makes-a-statement-apply': (c) => {
    const out = clone(c);
    const given = new Set(Object.keys(out.request.context).map((k) => k.toLowerCase()));
    eachStatement(out, (s) => {
      for (const m of JSON.stringify(s).matchAll(/\$\{([^},]+)\}/g)) {
        const key = m[1]!.trim();
        if (!['*', '?', '$'].includes(key) && !given.has(key.toLowerCase())) {
          out.request.context[key] = 'neutral-value';
          given.add(key.toLowerCase());
        }
      }
    });
    return out;
  },
  /** Without session policies and boundaries, where the resource policy allows Principal "*". */
  'a-wildcard-principal-grant-is-not-limited-by-session-policies-or-boundaries': (c) => {
    const out = clone(c);
    const wildcard = out.policies.resource?.Statement.some(
      (s) => s.Effect === 'Allow' && (s.Principal === '*' || JSON.stringify(s.Principal) === '{"AWS":"*"}'),
    );
    if (wildcard) {
      delete out.policies.session;
      delete out.policies.boundary;
    }
    return out;
  },
  /** An IPv4 address without a prefix gets its default `/32`. */
  'an-ip-address-without-prefix-means-that-one-address': (c) => {
    const out = clone(c);
    eachStatement(out, (s) => {
      const block = s.Condition as Record<string, Record<string, string | string[]>> | undefined;
      if (!block) return;
      for (const [op, keys] of Object.entries(block)) {
        if (!/IpAddress/i.test(op)) continue;
        for (const [key, value] of Object.entries(keys)) {
          const list = Array.isArray(value) ? value : [value];
          keys[key] = list.map((v) => (/^\d+\.\d+\.\d+\.\d+$/.test(v) ? `${v}/32` : v));
        }
      }
    });
    return out;
  },
  /** Statements with NotPrincipal are left out. */
  'notprincipal-must-name-every-link-of-the-principal': (c) => {
    const out = clone(c);
    eachPolicy(out, (doc) => {
      doc.Statement = doc.Statement.filter((s) => s.NotPrincipal === undefined);
      // A policy must keep a statement: one that touches nothing in the cases.
      if (doc.Statement.length === 0) doc.Statement.push({ ...NO_OP });
    });
    return out;
  },
};
