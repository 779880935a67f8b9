import type { ActionInfo } from '../../mapping/service-data.js';
import { defineCheck } from './define-check.js';
import { analyzeResource } from './support/resources.js';
import { isStarAction } from './support/statements.js';
import { hasWildcard, patternsIntersect, tokenize, wildcardMatch } from './support/wildcard.js';

const fits = new Map<string, boolean>();

/** Can the resource be of one of the action's resource types? Cached: actions and ARNs recur. */
function resourceFits(
  info: ActionInfo,
  resource: string,
  formats: readonly { tokens: ReturnType<typeof tokenize> }[],
): boolean {
  const key = `${info.action}\u0000${resource}`;
  let hit = fits.get(key);
  if (hit === undefined) {
    const mine = tokenize(resource, true, true);
    hit = formats.some((f) => patternsIntersect(mine, f.tokens));
    if (fits.size > 100_000) fits.clear();
    fits.set(key, hit);
  }
  return hit;
}

const formatTokens = new WeakMap<
  ActionInfo,
  { arn: string; type: string; tokens: ReturnType<typeof tokenize> }[]
>();

export default defineCheck({
  id: 'action-resource-mismatch',
  code: 'ACTION_RESOURCE_MISMATCH',
  findingType: 'WARNING',
  origin: 'leastpriv',
  title: "Action whose resource types match none of the statement's resources",
  description:
    "Each action applies to certain resource types (`s3:GetObject` to objects, `s3:ListBucket` to buckets) or only to `*`. When none of the statement's resources can be of those types, the statement does nothing for that action: an Allow grants nothing, a Deny denies nothing. Access Analyzer does not report it for identity policies. Add the right resource ARN, or move the action to a statement with matching resources.",
  check(ctx, report) {
    for (const st of ctx.statements) {
      if (!st.actions || !st.resources || st.resources.length === 0) continue;
      if (st.resources.some((r) => analyzeResource(r.value).kind === 'any')) continue;
      const arns = st.resources.filter((r) => analyzeResource(r.value).kind === 'arn');
      if (arns.length !== st.resources.length) continue; // invalid ARNs: other checks
      for (const a of st.actions) {
        if (isStarAction(a.value) || hasWildcard(a.value)) continue;
        const [info] = ctx.index.matchActions(a.value);
        if (!info) continue;
        if (info.resourceTypes.length === 0) {
          // `arn:aws:s3:::*` for a `*`-only action: AWS's own examples do it, and IAM accepts it in practice
          if (
            arns.some((r) => wildcardMatch(r.value, '*') || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(r.value))
          )
            continue;
          report({
            path: a.path,
            message: `\`${info.action}\` accepts only \`"Resource": "*"\`, which none of the statement's resources matches, so the ${st.label} does nothing for it; give it a statement with \`"*"\`.`,
          });
          continue;
        }
        let formats = formatTokens.get(info);
        if (!formats) {
          formats = info.resourceTypes.flatMap((rt) => {
            const t = ctx.data.resourceType(info.service, rt.name);
            return t ? [{ arn: t.arn, type: rt.name, tokens: tokenize(t.arn, true, true) }] : [];
          });
          formatTokens.set(info, formats);
        }
        if (formats.length === 0) continue;
        const matches = arns.some((r) => resourceFits(info, r.value, formats));
        if (matches) continue;
        const types = [...new Set(formats.map((f) => f.type))];
        const example = formats[0]?.arn ?? '';
        report({
          path: a.path,
          message: `\`${info.action}\` applies to ${types
            .slice(0, 3)
            .map((t) => `\`${t}\``)
            .join(
              ', ',
            )}${types.length > 3 ? ', ...' : ''} resources (such as \`${example}\`), and none of the statement's resources is one, so the ${st.label} does nothing for it.`,
        });
      }
    }
  },
});
